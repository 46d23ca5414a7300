/**
 * createGatewayApp: builds the gateway (never listens). Every API request goes through one pipeline —
 * request context → body (413 past the payload limit, or for PUTs the entity body limit) → openapi-backend routing/validation/auth → handler →
 * HandlerResult, with errors mapped once (error-middleware.ts). Express serves the Swagger UI and everything that
 * is not a POST under /api/v1/namespaces; those POSTs (invokes) take the same pipeline without express's
 * middleware, which is measurable on the invoke hot path. Web actions (/api/v1/web/...) take their own entry
 * (api/web/web-entry.ts): bodies of any media type, OPTIONS preflight, CORS, then the same router. API-gateway
 * routes (/api/{namespace-id}/...) take theirs (api/apigw/route-entry.ts), into the same web handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import swaggerUi from 'swagger-ui-express';
import { parse as parseYaml } from 'yaml';
import { Authenticator } from './auth/authenticator.js';
import { NamespaceOwners } from './auth/namespace-owners.js';
import type { GatewayDeps, GatewayServices } from './gateway-deps.js';
import { createErrorMiddleware, errorToResult } from './http/error-middleware.js';
import { readJsonBody } from './http/read-body.js';
import { createRequestContext } from './http/request-context.js';
import { sendResult } from './http/send-result.js';
import { ActionCache } from './invoke/action-cache.js';
import { createOpenApiRouter, type OpenApiRouter } from './openapi/openapi-router.js';
import { ActivationFeed } from './stream/activation-feed.js';
import { actionOperations } from './operations/actions.js';
import { activationOperations } from './operations/activations.js';
import { adminLimitOperations } from './operations/admin-limits.js';
import { extensionOperations } from './operations/extensions.js';
import { infoOperations } from './operations/info.js';
import { namespaceOperations } from './operations/namespaces.js';
import { packageOperations } from './operations/packages.js';
import { ruleOperations } from './operations/rules.js';
import { triggerOperations } from './operations/triggers.js';
import { NamespaceThrottle } from './throttle/namespace-throttle.js';
import { createWebHandler, webActionOperations } from './web/web-actions.js';
import { createWebEntry, isWebRequest } from './web/web-entry.js';
import { createApiGateway, isApiRouteRequest } from './apigw/api-gateway.js';

export const OPENAPI_FILE = join(__dirname, '..', 'openapi.yaml');
const ACTION_CACHE_TTL_MS = 5_000;
const FAST_PATH_PREFIX = '/api/v1/namespaces/';

export interface Gateway {
  /** The node:http request listener. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  app: express.Express;
  router: OpenApiRouter;
  authenticator: Authenticator;
  /** The live activation feed (stream subscribers). */
  feed: ActivationFeed;
}

export function loadApiDocument(file = OPENAPI_FILE): object {
  return parseYaml(readFileSync(file, 'utf8')) as object;
}

export async function createGatewayApp(services: GatewayServices): Promise<Gateway> {
  const apiDocument = loadApiDocument();
  const deps: GatewayDeps = {
    ...services,
    apiDocument,
    actions: new ActionCache(services.store, services.manifest, ACTION_CACHE_TTL_MS),
    throttle: new NamespaceThrottle(services.config.limits, () => services.clock.now()),
    owners: new NamespaceOwners(services.store),
    feed: new ActivationFeed(services.recorder, { ...services.config.activations.stream, clock: services.clock, logger: services.logger }),
  };
  const log = services.logger.child({ component: 'gateway' });
  const authenticator = new Authenticator(services.store);
  const webHandler = createWebHandler(deps, authenticator);
  const apiGateway = createApiGateway(deps, webHandler, log);
  const router = await createOpenApiRouter(apiDocument, {
    ...infoOperations(deps),
    ...namespaceOperations(deps),
    ...actionOperations(deps),
    ...packageOperations(deps),
    ...activationOperations(deps),
    ...extensionOperations(deps),
    ...adminLimitOperations(deps, authenticator),
    ...triggerOperations(deps),
    ...ruleOperations(deps),
    ...webActionOperations(webHandler),
    ...apiGateway.operations,
  }, authenticator, services.config.limits);
  const payloadMax = services.config.limits.payloadMaxBytes;
  const entityBodyMax = services.config.limits.entityBodyMaxBytes;
  const debug = log.isLevelEnabled('debug');
  const web = createWebEntry({ router, handler: webHandler, payloadMaxBytes: payloadMax, clock: services.clock, log });

  async function runApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx = createRequestContext(req, log, services.clock.now());
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    let result;
    try {
      // As OpenWhisk: invokes, fires and other POSTs carry at most a payload; create/update bodies may hold code.
      const body = req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE'
        ? undefined
        : await readJsonBody(req, req.method === 'PUT' ? entityBodyMax : payloadMax);
      result = await router.dispatch({
        method: req.method ?? 'GET',
        path: q < 0 ? url : url.slice(0, q),
        query: q < 0 ? '' : url.slice(q + 1),
        headers: req.headers,
        body,
      }, ctx);
    } catch (err) {
      result = errorToResult(err, ctx.tid, log);
    }
    sendResult(res, result);
    if (debug) {
      log.debug({ tid: ctx.tid, method: req.method, url, status: result.status, ms: services.clock.now() - ctx.receivedAt }, 'request');
    }
  }

  const app = express();
  app.disable('x-powered-by');
  app.use('/api/v1/docs', swaggerUi.serve, swaggerUi.setup(apiDocument));
  app.use((req, res) => void runApi(req, res));
  app.use(createErrorMiddleware(log));

  return {
    app,
    router,
    authenticator,
    feed: deps.feed,
    handle(req, res) {
      if (req.method === 'POST' && req.url?.startsWith(FAST_PATH_PREFIX)) void runApi(req, res);
      else if (isWebRequest(req.url)) void web(req, res);
      else if (isApiRouteRequest(req.url)) void apiGateway.routeEntry(req, res);
      else app(req, res);
    },
  };
}
