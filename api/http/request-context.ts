/**
 * Per-request context handed to every handler: the transaction id (from X-Request-ID or made here; returned as
 * `code` in errors and carried to the worker), a child logger, and the authenticated subject.
 */
import type { IncomingMessage } from 'node:http';
import { newTransactionId } from '../../common/ids.js';
import type { Logger } from '../../common/log.js';
import type { Subject } from '../../common/types/entities.js';

export interface RequestContext {
  tid: string;
  log: Logger;
  /** Set by the basic-auth security handler for namespaced operations. */
  subject?: Subject;
  /** The raw `Authorization` header value's `uuid:key` (for __OW_API_KEY). */
  authKey?: string;
  receivedAt: number;
}

const TID_PATTERN = /^[\w-]{1,64}$/;

export function createRequestContext(req: IncomingMessage, log: Logger, now: number): RequestContext {
  const given = req.headers['x-request-id'];
  const tid = typeof given === 'string' && TID_PATTERN.test(given) ? given : newTransactionId();
  return { tid, log, receivedAt: now };
}
