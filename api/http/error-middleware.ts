/**
 * The ONE place errors become HTTP responses: a WhiskError keeps its status and message; anything else is a
 * generic 500 whose stack goes to the log, never to the client. Body: OpenWhisk's `{"error", "code"}` with
 * code = the request's transaction id. 5xx are logged at error with the cause, 4xx at debug.
 */
import type { ErrorRequestHandler } from 'express';
import { Messages } from '../../common/errors/messages.js';
import { TooManyRequestsError, WhiskError } from '../../common/errors/whisk-errors.js';
import type { Logger } from '../../common/log.js';
import type { HandlerResult } from './handler-result.js';
import type { RequestContext } from './request-context.js';

export function errorToResult(err: unknown, tid: string, log: Logger): HandlerResult {
  if (err instanceof WhiskError) {
    if (err.status >= 500) log.error({ tid, err }, err.message);
    else log.debug({ tid, status: err.status, error: err.message }, 'request refused');
    const headers: Record<string, string> =
      err instanceof TooManyRequestsError ? { 'retry-after': String(err.retryAfterSec) } : {};
    return { status: err.status, body: { error: err.message, code: tid }, headers };
  }
  log.error({ tid, err }, 'unexpected error');
  return { status: 500, body: { error: Messages.internalError, code: tid } };
}

/** Express flavour, for errors raised by express itself or its middleware (e.g. swagger-ui). */
export function createErrorMiddleware(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const ctx = (req as { ctx?: RequestContext }).ctx;
    const result = errorToResult(err, ctx?.tid ?? 'unknown', ctx?.log ?? log);
    res.status(result.status).set(result.headers ?? {}).json(result.body);
  };
}
