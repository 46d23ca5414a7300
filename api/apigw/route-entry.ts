/**
 * The gateway's entry for API routes, `/api/{namespace-id}{basePath}{relPath}` (any path under `/api/` whose
 * first segment is not `v1`): finds the route (api-routes.ts), then runs its web action through the shared web
 * handler exactly as `/api/v1/web/{ns}/{pkg}/{action}.{responseType}` would — the method, headers, query and
 * body as received; for the `http` response type the request's path after the namespace id as `__ow_path`
 * (OpenWhisk's `$(request.path)`), so actions read their path parameters there; the route's
 * `X-Require-Whisk-Auth` value for secured web actions. An OPTIONS request to a route's path without an
 * OPTIONS operation is the web action's CORS preflight. Errors answer `{error, code}` with CORS headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Clock } from '../../common/clock.js';
import { Messages } from '../../common/errors/messages.js';
import { MethodNotAllowedError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { Logger } from '../../common/log.js';
import { errorToResult } from '../http/error-middleware.js';
import type { HandlerResult } from '../http/handler-result.js';
import { readRawBody } from '../http/read-body.js';
import { createRequestContext, type RequestContext } from '../http/request-context.js';
import { sendResult } from '../http/send-result.js';
import type { WebCallBody, WebHandler } from '../web/web-actions.js';
import { corsHeaders } from '../web/web-cors.js';
import { WHISK_AUTH_HEADER } from '../web/web-auth.js';
import type { ApiRegistry } from './api-registry.js';
import { matchRoute, type CompiledApi, type RouteMatch, type RouteTarget } from './api-routes.js';

const ROUTE_PREFIX = '/api/';
const API_VERSION_SEGMENT = 'v1';

export interface RouteEntryDeps {
  registry: ApiRegistry;
  handler: WebHandler;
  payloadMaxBytes: number;
  clock: Clock;
  log: Logger;
}

/** True for `/api/{id}/…`, false for the REST API (`/api/v1…`). */
export function isApiRouteRequest(url: string | undefined): boolean {
  if (!url?.startsWith(ROUTE_PREFIX)) return false;
  const end = url.slice(ROUTE_PREFIX.length).search(/[/?]/);
  const first = end < 0 ? url.slice(ROUTE_PREFIX.length) : url.slice(ROUTE_PREFIX.length, ROUTE_PREFIX.length + end);
  return first.length > 0 && first !== API_VERSION_SEGMENT;
}

export function createRouteEntry(deps: RouteEntryDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const ctx = createRequestContext(req, deps.log, deps.clock.now());
    const method = (req.method ?? 'GET').toUpperCase();
    let result: HandlerResult;
    try {
      result = await serve(req, method, ctx);
    } catch (err) {
      const failed = errorToResult(err, ctx.tid, deps.log);
      result = { ...failed, headers: { ...corsHeaders(req.headers), ...failed.headers } };
    }
    if (method === 'HEAD') result = { status: result.status, ...(result.headers ? { headers: result.headers } : {}) };
    sendResult(res, result);
  };

  async function serve(req: IncomingMessage, method: string, ctx: RequestContext): Promise<HandlerResult> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const query = q < 0 ? '' : url.slice(q + 1);
    const [namespaceId, ...rawSegments] = (q < 0 ? url : url.slice(0, q)).slice(ROUTE_PREFIX.length).split('/');
    const apis = await deps.registry.routes(decodeSegment(namespaceId!));
    if (!apis) throw new NotFoundError(Messages.resourceNotFound);
    const segments = rawSegments.filter(Boolean);
    const decoded = segments.map(decodeSegment);
    const match = routeFor(matchRoute(apis, method, decoded), apis, method, decoded);
    const target = match.operation.target;
    const routePath = `/${segments.join('/')}`;
    const body: WebCallBody = {
      web: {
        method,
        headers: target.secureKey === undefined ? req.headers : { ...req.headers, [WHISK_AUTH_HEADER]: target.secureKey },
        query,
        body: await readRawBody(req, deps.payloadMaxBytes),
        path: target.responseType === 'http' ? routePath : '',
      },
    };
    return deps.handler({
      operationId: 'webAction',
      params: webParams(target),
      query: query ? parseQuery(query) : {},
      headers: body.web.headers,
      body,
    }, ctx);
  }
}

/** A found route; OPTIONS on a route's path without an OPTIONS operation goes to any of its operations. */
function routeFor(match: RouteMatch, apis: readonly CompiledApi[], method: string, segments: string[]) {
  if (match.kind === 'found') return match;
  if (match.kind === 'methodNotAllowed') {
    if (method === 'OPTIONS') {
      const preflight = matchRoute(apis, match.allowed[0]!, segments);
      if (preflight.kind === 'found') return preflight;
    }
    throw new MethodNotAllowedError(Messages.methodNotAllowed(match.allowed));
  }
  throw new NotFoundError(Messages.resourceNotFound);
}

/** The web handler's path parameters, percent-encoded as in a web action URL. */
function webParams(target: RouteTarget): Record<string, string> {
  return {
    namespace: encodeURIComponent(target.namespace),
    packageName: encodeURIComponent(target.packageName || 'default'),
    actionName: encodeURIComponent(target.actionName),
    extension: target.responseType,
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new NotFoundError(Messages.resourceNotFound);
  }
}
