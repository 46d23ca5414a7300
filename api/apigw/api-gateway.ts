/**
 * OpenWhisk's API gateway, built into the gateway (no separate gateway to run): the apimgmt operations that
 * `wsk api` and `serverless-openwhisk` call, and the entry serving the routes they create, both over one
 * ApiRegistry. Route calls run through the same WebHandler as `/api/v1/web/...`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../common/log.js';
import type { GatewayDeps, OperationHandler } from '../gateway-deps.js';
import type { WebHandler } from '../web/web-actions.js';
import { ApiRegistry } from './api-registry.js';
import { apimgmtOperations } from './apimgmt-operations.js';
import { createRouteEntry } from './route-entry.js';

export { isApiRouteRequest } from './route-entry.js';

/** How long a compiled route table may serve without re-reading the store (other gateways' writes). */
const ROUTE_TABLE_TTL_MS = 5_000;

export interface ApiGateway {
  /** createApi, getApi, deleteApi (operationIds in openapi.yaml). */
  operations: Record<string, OperationHandler>;
  /** The node:http listener for `/api/{namespace-id}/...`. */
  routeEntry(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export function createApiGateway(deps: GatewayDeps, webHandler: WebHandler, log: Logger): ApiGateway {
  const registry = new ApiRegistry(deps.store, ROUTE_TABLE_TTL_MS, () => deps.clock.now());
  return {
    operations: apimgmtOperations(deps, registry),
    routeEntry: createRouteEntry({
      registry, handler: webHandler, payloadMaxBytes: deps.config.limits.payloadMaxBytes, clock: deps.clock, log,
    }),
  };
}
