/**
 * The gateway's entry for `/api/v1/web/...`: reads the body raw (any media type), splits the URL (web-path.ts),
 * and routes GET/PUT/DELETE/POST through the OpenAPI router (as `…/{action}.{extension}`, the extension made
 * explicit; the query travels raw in the body, as the document declares no query parameters for web actions) and
 * OPTIONS, HEAD and PATCH straight to the shared handler. Errors get CORS headers too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import { errorToResult } from '../http/error-middleware.js';
import type { HandlerResult } from '../http/handler-result.js';
import { createRequestContext } from '../http/request-context.js';
import { sendResult } from '../http/send-result.js';
import type { OpenApiRouter } from '../openapi/openapi-router.js';
import type { WebCallBody, WebHandler } from './web-actions.js';
import { readRawBody } from '../http/read-body.js';
import { corsHeaders } from './web-cors.js';
import { parseWebPath, routedWebPath, WEB_PREFIX } from './web-path.js';

const ROUTED_METHODS = new Set(['GET', 'PUT', 'DELETE', 'POST']);

export interface WebEntryDeps {
  router: OpenApiRouter;
  handler: WebHandler;
  payloadMaxBytes: number;
  clock: Clock;
  log: Logger;
}

export const isWebRequest = (url: string | undefined): boolean => url?.startsWith(WEB_PREFIX) ?? false;

export function createWebEntry(deps: WebEntryDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const ctx = createRequestContext(req, deps.log, deps.clock.now());
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const query = q < 0 ? '' : url.slice(q + 1);
    let result: HandlerResult;
    try {
      const web = parseWebPath(q < 0 ? url : url.slice(0, q));
      const body: WebCallBody = {
        web: { method, headers: req.headers, query, body: await readRawBody(req, deps.payloadMaxBytes), path: web.rest },
      };
      const path = routedWebPath(web);
      result = ROUTED_METHODS.has(method)
        ? await deps.router.dispatch({ method, path, query: '', headers: req.headers, body }, ctx)
        : await deps.handler({
          operationId: 'webAction', query: query ? parseQuery(query) : {}, headers: req.headers, body,
          params: { namespace: web.namespace, packageName: web.packageName, actionName: web.actionName, extension: web.extension },
        }, ctx);
    } catch (err) {
      const failed = errorToResult(err, ctx.tid, deps.log);
      result = { ...failed, headers: { ...corsHeaders(req.headers), ...failed.headers } };
    }
    if (method === 'HEAD') result = { status: result.status, ...(result.headers ? { headers: result.headers } : {}) };
    sendResult(res, result);
  };
}
