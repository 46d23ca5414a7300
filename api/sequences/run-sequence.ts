/**
 * Runs a sequence in the gateway (OpenWhisk's SequenceActions): each component is a normal invocation through the
 * WorkerClient with `cause` = the sequence's activation id and `causedBy: sequence`, fed the previous component's
 * result; the first failure stops the chain and becomes the sequence's response. The sequence's own record lists
 * the component activation ids as its `logs`, sums their durations, and is recorded like any other activation.
 * A nested sequence runs the same way, with its own record (`topmost: false`, `causedBy`, `cause`).
 *
 * Entitlement to the components is checked when the sequence is stored and, for its direct components, at every
 * invoke (invoke-sequence.ts); a component deleted since is "Sequence component does not exist.".
 */
import type { Clock } from '../../common/clock.js';
import { Messages } from '../../common/errors/messages.js';
import { newActivationId } from '../../common/ids.js';
import { SEQUENCE_KIND } from '../../common/runtimes/runtime-manifest.js';
import {
  STATUS_CODE, type ActivationRecord, type ActivationResponse, type Json, type JsonObject, type KeyValue, type SequenceExec, type WhiskAction,
} from '../../common/types/entities.js';
import { toObject } from '../entities/key-values.js';
import type { InvokableAction } from '../entities/runnable.js';
import type { RequestContext } from '../http/request-context.js';
import type { ActionCache } from '../invoke/action-cache.js';
import { invokeAction, type InvokeDeps } from '../invoke/invoke-action.js';
import { parseComponent, refStoreName } from './sequence-components.js';

export interface SequenceDeps {
  cache: ActionCache;
  clock: Clock;
  /** How components are invoked (no throttle: the sequence is charged once, at its invoke). */
  invoke: Omit<InvokeDeps, 'throttle'>;
  record: (record: ActivationRecord) => void;
}

export interface SequenceRun {
  sequence: WhiskAction;
  /** Parameters inherited from the sequence's package (and binding). */
  inherited: KeyValue[];
  /** The caller's namespace: every record of the run is written there. */
  namespace: string;
  params: JsonObject;
  activationId: string;
  /** The activation that caused this one: a nested sequence's parent, or the trigger that fired a rule. */
  cause?: string;
  /** True for a sequence run as a component of another (not `topmost`, `causedBy: sequence`). */
  nested?: boolean;
  /** When the request (or the parent's step) arrived, for `waitTime`. */
  arrivedAt: number;
  /** `ns/binding` when the sequence was reached through a package binding (the `binding` annotation). */
  binding?: string;
}

/** A setTimeout delay may not exceed 2^31-1 ms. */
const MAX_WAIT_MS = 2 ** 31 - 1;
const WAIT_MARGIN_MS = 60_000;

export async function runSequence(run: SequenceRun, ctx: RequestContext, deps: SequenceDeps): Promise<ActivationRecord> {
  const { sequence } = run;
  const start = deps.clock.now();
  const componentIds: string[] = [];
  let duration = 0;
  let maxMemoryMb = 0;
  let response: ActivationResponse = success({});
  let current: JsonObject = { ...toObject(run.inherited), ...toObject(sequence.parameters), ...run.params };
  const defaultNamespace = sequence.namespace.split('/')[0]!;

  for (const component of (sequence.exec as SequenceExec).components) {
    const ref = parseComponent(component, defaultNamespace);
    const found = await deps.cache.lookup(ref.namespace, refStoreName(ref));
    let record: ActivationRecord | undefined;
    if (found?.action.exec.kind === SEQUENCE_KIND) {
      record = await runSequence({
        sequence: found.action, inherited: found.inherited, namespace: run.namespace, params: current,
        activationId: newActivationId(), cause: run.activationId, nested: true, arrivedAt: deps.clock.now(),
        ...(found.binding ? { binding: found.binding } : {}),
      }, ctx, deps);
    } else if (found?.invokable) {
      record = await invokeComponent(found.invokable, current, run, ctx, deps);
    }
    if (!record) {
      response = applicationError(Messages.sequenceComponentNotFound);
      break;
    }
    componentIds.push(record.activationId);
    duration += record.duration;
    maxMemoryMb = Math.max(maxMemoryMb, memoryOf(record, found!.action));
    response = record.response;
    if (!response.success) break;
    current = asObject(response.result);
  }

  const record = sequenceRecord(run, ctx, { start, end: deps.clock.now(), duration, componentIds, maxMemoryMb, response });
  deps.record(record);
  return record;
}

/** One component, as a blocking invoke whose wait outlasts the component's own time limit. */
async function invokeComponent(
  target: InvokableAction, params: JsonObject, run: SequenceRun, ctx: RequestContext, deps: SequenceDeps,
): Promise<ActivationRecord | undefined> {
  const waitMs = Math.min(MAX_WAIT_MS, target.action.limits.timeout + WAIT_MARGIN_MS);
  // `final` parameters keep their bound values: a result may not override them.
  const body: JsonObject = {};
  for (const [key, value] of Object.entries(params)) if (!target.immutableKeys.has(key)) body[key] = value;
  try {
    const answer = await invokeAction(target, run.namespace, body, {
      blocking: true, resultOnly: false, waitMs, cause: run.activationId, causedBy: SEQUENCE_KIND,
    }, { ...ctx, receivedAt: deps.clock.now() }, deps.invoke);
    return answer.status === 202 ? undefined : (answer.body as ActivationRecord);
  } catch (err) {
    ctx.log.warn({ tid: ctx.tid, activationId: run.activationId, err }, 'sequence component could not be invoked');
    return undefined;
  }
}

interface SequenceOutcome {
  start: number;
  end: number;
  duration: number;
  componentIds: string[];
  maxMemoryMb: number;
  response: ActivationResponse;
}

function sequenceRecord(run: SequenceRun, ctx: RequestContext, out: SequenceOutcome): ActivationRecord {
  const { sequence } = run;
  const topmost = run.nested !== true;
  const annotations: KeyValue[] = [
    { key: 'topmost', value: topmost },
    { key: 'path', value: `${sequence.namespace}/${sequence.name}` },
    { key: 'kind', value: SEQUENCE_KIND },
  ];
  if (!topmost) annotations.push({ key: 'causedBy', value: SEQUENCE_KIND });
  annotations.push({ key: 'waitTime', value: Math.max(0, Math.round(out.start - run.arrivedAt)) });
  if (run.binding) annotations.push({ key: 'binding', value: run.binding });
  annotations.push({ key: 'limits', value: { ...sequence.limits, memory: out.maxMemoryMb || sequence.limits.memory } });
  const record: ActivationRecord = {
    namespace: run.namespace,
    name: sequence.name,
    version: sequence.version,
    subject: ctx.subject!.subject,
    activationId: run.activationId,
    start: Math.round(out.start),
    end: Math.max(Math.round(out.start), Math.round(out.end)),
    duration: out.duration,
    statusCode: out.response.statusCode,
    response: out.response,
    logs: out.componentIds,
    annotations,
    publish: false,
  };
  if (run.cause) record.cause = run.cause;
  return record;
}

function memoryOf(record: ActivationRecord, action: WhiskAction): number {
  const limits = record.annotations.find((a) => a.key === 'limits')?.value as { memory?: unknown } | undefined;
  return typeof limits?.memory === 'number' ? limits.memory : action.limits.memory;
}

/** A component's result feeds the next one; anything but an object becomes `{}`. */
function asObject(result: Json | undefined): JsonObject {
  return result !== null && typeof result === 'object' && !Array.isArray(result) ? result : {};
}

function success(result: JsonObject): ActivationResponse {
  return { status: 'success', statusCode: STATUS_CODE.success, success: true, result };
}

function applicationError(message: string): ActivationResponse {
  return { status: 'application error', statusCode: STATUS_CODE['application error'], success: false, result: { error: message } };
}
