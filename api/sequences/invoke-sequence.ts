/**
 * Invoking a sequence (POST …/actions/{seq}), after checking the caller may still run each of its components
 * (403 otherwise, sequence-components.ts): answers like any action — 202 {activationId} when non-blocking (the
 * sequence runs on) or when a blocking wait runs out; otherwise the sequence's record, or its result with
 * result=true, with 200 on success, 502 on application and developer errors, 500 on internal errors.
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError } from '../../common/errors/whisk-errors.js';
import { newActivationId } from '../../common/ids.js';
import type { JsonObject } from '../../common/types/entities.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { HandlerResult } from '../http/handler-result.js';
import type { RequestContext } from '../http/request-context.js';
import type { CachedAction } from '../invoke/action-cache.js';
import { invokeDepsOf, type InvokeOptions } from '../invoke/invoke-action.js';
import { answerInvoke } from '../invoke/invoke-answer.js';
import type { NamespaceThrottle } from '../throttle/namespace-throttle.js';
import type { EntityStore } from '../../store/store.js';
import { runSequence, type SequenceDeps } from './run-sequence.js';
import { checkComponentEntitlement } from './sequence-components.js';

export interface InvokeSequenceDeps extends SequenceDeps {
  /** Charged once for the whole sequence, to the caller's default namespace. */
  throttle?: NamespaceThrottle;
  /** Read when a cross-namespace component is missing (entitlement, sequence-components.ts). */
  store: EntityStore;
}

/** The sequence dependencies every gateway caller (invoke, trigger fire) assembles the same way. */
export function sequenceDepsOf(deps: Pick<GatewayDeps, 'actions' | 'worker' | 'clock' | 'recorder' | 'throttle' | 'store'>): InvokeSequenceDeps {
  const { throttle, ...invoke } = invokeDepsOf(deps);
  return { cache: deps.actions, clock: deps.clock, invoke, record: (record) => deps.recorder.record(record), throttle, store: deps.store };
}

export async function invokeSequence(
  target: CachedAction, namespace: string, body: unknown, options: InvokeOptions, ctx: RequestContext, deps: InvokeSequenceDeps,
): Promise<HandlerResult> {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw new BadRequestError(Messages.parametersNotAnObject);
  }
  await checkComponentEntitlement(target.action, { store: deps.store, cache: deps.cache, subject: ctx.subject! });
  const throttled = deps.throttle ? ctx.subject!.namespaces[0]! : undefined;
  const counted = throttled !== undefined && deps.throttle!.admitInvocation(throttled, ctx.subject!.limits?.[throttled]);
  const activationId = newActivationId();
  const running = runSequence({
    sequence: target.action,
    inherited: target.inherited,
    namespace,
    params: (body ?? {}) as JsonObject,
    activationId,
    arrivedAt: ctx.receivedAt,
    ...(options.cause ? { cause: options.cause } : {}),
    ...(target.binding ? { binding: target.binding } : {}),
  }, ctx, deps);
  const settled = running.catch((err: unknown): undefined => {
    ctx.log.error({ tid: ctx.tid, activationId, err }, 'sequence failed');
    return undefined;
  }).finally(() => {
    if (counted) deps.throttle!.release(throttled);
  });
  return answerInvoke(activationId, settled, options);
}
