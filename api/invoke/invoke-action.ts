/**
 * Invoking an action (POST …/actions/{name}): merge parameters, hand the invocation to a worker, and answer as
 * OpenWhisk does — 202 {activationId} when non-blocking or when a blocking wait outlasts its limit; otherwise the
 * record (or, with result=true, only the result) with 200 on success, 502 on application and developer errors,
 * 500 on internal errors. The `x-openwhisk-activation-id` header names the activation either way.
 */
import type { Clock } from '../../common/clock.js';
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError } from '../../common/errors/whisk-errors.js';
import { newActivationId } from '../../common/ids.js';
import type { ActivationRecord, JsonObject } from '../../common/types/entities.js';
import type { WorkerClient } from '../../balancer/worker-client/worker-client.js';
import type { Invocation } from '../../worker/invocation/invocation.js';
import { internalError } from '../../worker/activation/classify-run.js';
import { buildActivationRecord } from '../../worker/activation/activation-record.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { InvokableAction } from '../entities/runnable.js';
import { answerInvoke } from './invoke-answer.js';
import type { NamespaceThrottle } from '../throttle/namespace-throttle.js';
import type { HandlerResult } from '../http/handler-result.js';
import type { RequestContext } from '../http/request-context.js';

export interface InvokeOptions {
  blocking: boolean;
  resultOnly: boolean;
  /** How long a blocking call may wait, ms (already bounded by the configured maximum). */
  waitMs: number;
  /** The activation that caused this one (a trigger's, a sequence's), written as the record's `cause`. */
  cause?: string;
  /** `sequence` when a sequence invokes its component (the record's `causedBy` annotation). */
  causedBy?: string;
}

/** The invoke dependencies every gateway caller assembles the same way. */
export function invokeDepsOf(deps: Pick<GatewayDeps, 'worker' | 'clock' | 'recorder' | 'throttle'>): InvokeDeps {
  return { worker: deps.worker, clock: deps.clock, recordFailure: (record) => deps.recorder.record(record), throttle: deps.throttle };
}

export interface InvokeDeps {
  worker: WorkerClient;
  clock: Clock;
  /** Records a failure the worker could not record itself (worker unreachable). */
  recordFailure: (record: ActivationRecord) => void;
  /** Per-namespace invocation throttles, charged to the caller's default namespace (429 when exceeded). */
  throttle?: NamespaceThrottle;
}

export { ACTIVATION_ID_HEADER } from './invoke-answer.js';

export async function invokeAction(
  target: InvokableAction, namespace: string, body: unknown, options: InvokeOptions, ctx: RequestContext, deps: InvokeDeps,
): Promise<HandlerResult> {
  const params = mergeParameters(target, body);
  const activationId = newActivationId();
  const invocation: Invocation = {
    activationId,
    tid: ctx.tid,
    action: target.runnable,
    params,
    namespace,
    subject: ctx.subject!.subject,
    arrivedAt: ctx.receivedAt,
  };
  if (target.provideApiKey && ctx.authKey) invocation.apiKey = ctx.authKey;
  if (options.cause) invocation.cause = options.cause;
  if (options.causedBy) invocation.causedBy = options.causedBy;
  if (target.binding) invocation.binding = target.binding;
  const subject = ctx.subject!;
  const throttled = deps.throttle ? subject.namespaces[0]! : undefined;
  const counted = throttled !== undefined && deps.throttle!.admitInvocation(throttled, subject.limits?.[throttled]);

  const running = deps.worker.invoke(invocation).catch((err: unknown) => {
    ctx.log.error({ tid: ctx.tid, activationId, err }, 'worker unreachable');
    const now = deps.clock.now();
    const record = buildActivationRecord(invocation, internalError(Messages.workerUnavailable), [], {
      start: now, end: now, waitMs: now - invocation.arrivedAt,
    }, false);
    deps.recordFailure(record);
    return record;
  });
  if (counted) void running.then(() => deps.throttle!.release(throttled));
  return answerInvoke(activationId, running, options);
}

/** Defaults, then the request; a request may not override the parameters of a `final` action. */
function mergeParameters(target: InvokableAction, body: unknown): JsonObject {
  if (body === undefined || body === null) return { ...target.defaults };
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError(Messages.parametersNotAnObject);
  const request = body as JsonObject;
  if (target.immutableKeys.size > 0) {
    for (const key of Object.keys(request)) {
      if (target.immutableKeys.has(key)) throw new BadRequestError(Messages.parametersNotAllowed);
    }
  }
  return { ...target.defaults, ...request };
}
