/**
 * How OpenWhisk answers an invoke whose activation is under way (actions and sequences alike): 202
 * {activationId} when non-blocking or when a blocking wait runs out; otherwise the record (or, with result=true,
 * only its result) with 200 on success, 502 on application and developer errors, 500 on internal errors. The
 * `x-openwhisk-activation-id` header names the activation either way.
 */
import type { ActivationRecord } from '../../common/types/entities.js';
import { activationJson } from '../../store/activation-json.js';
import type { HandlerResult } from '../http/handler-result.js';

export const ACTIVATION_ID_HEADER = 'x-openwhisk-activation-id';

export interface AnswerOptions {
  blocking: boolean;
  resultOnly: boolean;
  /** How long a blocking call may wait, ms. */
  waitMs: number;
}

export async function answerInvoke(
  activationId: string, running: Promise<ActivationRecord | undefined>, options: AnswerOptions,
): Promise<HandlerResult> {
  const headers = { [ACTIVATION_ID_HEADER]: activationId };
  if (!options.blocking) return { status: 202, body: { activationId }, headers };
  const record = await waitAtMost(running, options.waitMs);
  if (!record) return { status: 202, body: { activationId }, headers };
  const status = record.response.success ? 200 : record.response.statusCode === 3 ? 500 : 502;
  if (options.resultOnly) return { status, body: record.response.result ?? {}, headers };
  // The store writes the same record: serialized here once, for both.
  return { status, body: record, json: activationJson(record), headers };
}

function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
