/**
 * Routes and validates every API request from openapi.yaml. openapi-backend loads and dereferences the document,
 * checks it, and compiles one set of ajv validators per operation; routing uses a RouteTable compiled once (see
 * route-table.ts for why). Order, as OpenWhisk: route (404/405) → authenticate (401) → validate (400) → handler.
 * Every operationId must have a handler and every handler an operation (checked at start-up, as openapi-backend's
 * strict mode would).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { OpenAPIBackend } from 'openapi-backend';
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, MethodNotAllowedError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { ApiCall, OperationHandler } from '../gateway-deps.js';
import type { HandlerResult } from '../http/handler-result.js';
import type { RequestContext } from '../http/request-context.js';
import { openWhiskQueryMessage } from './query-errors.js';
import { RouteTable, type RoutedOperation } from './route-table.js';

export interface ApiRequest {
  method: string;
  path: string;
  /** The raw query string (without `?`). */
  query: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface OpenApiRouter {
  dispatch(request: ApiRequest, ctx: RequestContext): Promise<HandlerResult>;
  operationIds(): string[];
}

interface AjvError { instancePath: string; message?: string }
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

interface Operation extends RoutedOperation {
  handler: OperationHandler;
  validators: Validator[];
  needsAuth: boolean;
  /** The query parameters the operation declares; others are dropped before validation, as OpenWhisk ignores them. */
  queryNames: ReadonlySet<string>;
}

export interface RouterLimits {
  /** The largest list page (OpenWhisk's messages name it). */
  listMax: number;
  /** The longest blocking wait (named in the invalid-timeout message). */
  blockingWaitMs: number;
}

export async function createOpenApiRouter(
  definition: object, handlers: Record<string, OperationHandler>, auth: Authenticator, limits: RouterLimits,
): Promise<OpenApiRouter> {
  // openapi-backend expands $refs in place: give it its own copy so /api-docs serves the document as written.
  const api = new OpenAPIBackend({ definition: structuredClone(definition) as never, quick: false, validate: true });
  await api.init();
  const operations: Operation[] = (api.getOperations() as unknown as (RoutedOperation & { parameters?: DeclaredParameter[] })[]).map((op) => {
    const handler = handlers[op.operationId];
    if (!handler) throw new Error(`openapi.yaml operation ${op.operationId} has no handler`);
    return {
      ...op,
      handler,
      validators: api.validator.getRequestValidatorsForOperation(op.operationId) as unknown as Validator[],
      needsAuth: (op.security ?? []).some((requirement) => 'basic' in requirement),
      queryNames: new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)),
    };
  });
  const unknown = Object.keys(handlers).filter((id) => !operations.some((op) => op.operationId === id));
  if (unknown.length > 0) throw new Error(`handlers without an operation in openapi.yaml: ${unknown.join(', ')}`);
  const routes = new RouteTable(operations);

  return {
    async dispatch(request, ctx) {
      const match = routes.match(request.method, request.path);
      if (match.kind === 'notFound') throw new NotFoundError(Messages.routeNotFound);
      if (match.kind === 'methodNotAllowed') throw new MethodNotAllowedError(Messages.methodNotAllowed(match.allowed));
      const { operation, params } = match;
      if (operation.needsAuth) {
        const header = request.headers.authorization;
        const credentials = auth.known(header) ?? await auth.authenticate(header);
        ctx.subject = credentials.subject;
        ctx.authKey = credentials.authKey;
      }
      const call: ApiCall = {
        operationId: operation.operationId,
        params,
        query: request.query ? declaredQuery(parseQuery(request.query), operation.queryNames) : {},
        headers: request.headers,
        body: request.body,
      };
      validate(operation, call, limits);
      return operation.handler(call, ctx);
    },
    operationIds: () => operations.map((op) => op.operationId),
  };
}

interface DeclaredParameter { in: string; name: string }

/**
 * The query values of the parameters the operation declares. OpenWhisk (akka-http's `parameter` directives) ignores
 * any other: clients send extras (`docs` on a list, cache busters), and a 400 for them would break those clients.
 */
function declaredQuery(parsed: Record<string, unknown>, names: ReadonlySet<string>): ApiCall['query'] {
  for (const key of Object.keys(parsed)) if (!names.has(key)) delete parsed[key];
  return parsed as ApiCall['query'];
}

/** Runs the operation's compiled validators; query and path values are coerced in place (e.g. "30" → 30). */
function validate(operation: Operation, call: ApiCall, limits: RouterLimits): void {
  const parameters: Record<string, unknown> = { path: call.params, query: call.query, header: call.headers };
  if (call.body !== undefined) parameters.requestBody = call.body;
  for (const validator of operation.validators) {
    if (validator(parameters)) continue;
    const errors = validator.errors ?? [];
    for (const error of errors) {
      const message = openWhiskQueryMessage(error, operation.path, call.query, limits.blockingWaitMs, limits.listMax);
      if (message) throw new BadRequestError(message);
    }
    throw new BadRequestError(Messages.requestContentMalformed(describe(errors)));
  }
}

function describe(errors: AjvError[]): string {
  return errors
    .map((e) => {
      const where = e.instancePath
        .replace(/^\/requestBody/, 'body')
        .replace(/^\/(query|path|header)\//, '$1 parameter ')
        .replace(/\//g, '.');
      return `${where || 'request'} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}
