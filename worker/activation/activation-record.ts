/**
 * Builds the activation record the way OpenWhisk shapes it: annotations path, waitTime, kind, timeout, limits and
 * initTime (cold starts only), in that order; `duration` includes init on a cold start.
 */
import type { ActivationRecord, ActivationResponse, KeyValue } from '../../common/types/entities.js';
import type { Invocation } from '../invocation/invocation.js';

export interface RecordTimes {
  /** When the activation started: init start on a cold start, run start otherwise (epoch ms). */
  start: number;
  end: number;
  /** ms from the gateway receiving the request to `start`. */
  waitMs: number;
  /** Cold start only: ms spent creating and initializing the container. */
  initMs?: number;
}

export function buildActivationRecord(
  inv: Invocation,
  response: ActivationResponse,
  logs: string[],
  times: RecordTimes,
  timedOut: boolean,
): ActivationRecord {
  const { action } = inv;
  const annotations: KeyValue[] = [
    { key: 'path', value: action.path },
    { key: 'waitTime', value: Math.max(0, Math.round(times.waitMs)) },
    { key: 'kind', value: action.kind },
    { key: 'timeout', value: timedOut },
    { key: 'limits', value: { ...action.limits } },
  ];
  if (times.initMs !== undefined) annotations.push({ key: 'initTime', value: Math.round(times.initMs) });
  if (inv.causedBy) annotations.push({ key: 'causedBy', value: inv.causedBy });
  if (inv.binding) annotations.push({ key: 'binding', value: inv.binding });
  const start = Math.round(times.start);
  const end = Math.max(start, Math.round(times.end));
  const record: ActivationRecord = {
    namespace: inv.namespace,
    name: action.name,
    version: action.version,
    subject: inv.subject,
    activationId: inv.activationId,
    start,
    end,
    duration: end - start,
    statusCode: response.statusCode,
    response,
    logs,
    annotations,
    publish: false,
  };
  if (inv.cause) record.cause = inv.cause;
  return record;
}
