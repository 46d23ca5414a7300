/** Everything the gateway's handlers need, built once by createGatewayApp. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../common/clock.js';
import type { Config } from '../common/config/config.js';
import type { Logger } from '../common/log.js';
import type { RuntimeManifest } from '../common/runtimes/runtime-manifest.js';
import type { WorkerClient } from '../balancer/worker-client/worker-client.js';
import type { ActivationRecorder } from '../store/activation-recorder.js';
import type { Store } from '../store/store.js';
import type { ActionCache } from './invoke/action-cache.js';
import type { NamespaceThrottle } from './throttle/namespace-throttle.js';
import type { NamespaceOwners } from './auth/namespace-owners.js';
import type { ActivationFeed } from './stream/activation-feed.js';
import type { HandlerResult } from './http/handler-result.js';
import type { RequestContext } from './http/request-context.js';

export interface GatewayServices {
  config: Config;
  store: Store;
  recorder: ActivationRecorder;
  worker: WorkerClient;
  manifest: RuntimeManifest;
  clock: Clock;
  logger: Logger;
}

export interface GatewayDeps extends GatewayServices {
  actions: ActionCache;
  /** Per-namespace invocation and fire throttles (config.limits). */
  throttle: NamespaceThrottle;
  /** The subject owning each namespace (web actions run as it), cached. */
  owners: NamespaceOwners;
  /** Recorded activations, pushed live to stream subscribers (api/stream/). */
  feed: ActivationFeed;
  /** The OpenAPI document, served at /api/v1/api-docs. */
  apiDocument: object;
}

/** A routed, validated API call as a handler sees it. */
export interface ApiCall {
  operationId: string;
  /** Path parameters, still percent-encoded (handlers decode names with path-params.ts). */
  params: Record<string, string>;
  /** Query parameters, coerced to the types openapi.yaml declares. */
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** An operation handler: named after its operationId in openapi.yaml. */
export type OperationHandler = (c: ApiCall, ctx: RequestContext) => Promise<HandlerResult> | HandlerResult;
