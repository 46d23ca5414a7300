/**
 * Routes and validates every API request from openapi.yaml (openapi-backend, strict: every operationId must have
 * a handler). Order, as OpenWhisk: route (404/405) → authenticate (401) → validate (400) → handler. The
 * validationFail, notFound, methodNotAllowed and unauthorized hooks only throw the matching typed error.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { OpenAPIBackend, type Context } from 'openapi-backend';
import { Messages } from '../../common/errors/messages.js';
import {
  BadRequestError, MethodNotAllowedError, NotFoundError, UnauthorizedError,
} from '../../common/errors/whisk-errors.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { OperationHandler } from '../gateway-deps.js';
import type { HandlerResult } from '../http/handler-result.js';
import type { RequestContext } from '../http/request-context.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

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

export async function createOpenApiRouter(
  definition: object, handlers: Record<string, OperationHandler>, auth: Authenticator,
): Promise<OpenApiRouter> {
  const api = new OpenAPIBackend({ definition: definition as never, strict: true, quick: false, validate: true });
  const wrapped: Record<string, (c: Context, ctx: RequestContext) => unknown> = {};
  for (const [operationId, handler] of Object.entries(handlers)) wrapped[operationId] = handler;
  api.register({
    ...wrapped,
    notFound: () => {
      throw new NotFoundError(Messages.routeNotFound);
    },
    methodNotAllowed: (c: Context) => {
      const allowed = METHODS.filter((method) => api.router.matchOperation({ ...c.request, method }));
      throw new MethodNotAllowedError(Messages.methodNotAllowed(allowed.map((m) => m.toUpperCase())));
    },
    unauthorizedHandler: () => {
      throw new UnauthorizedError(Messages.authenticationInvalid);
    },
    validationFail: (c: Context) => {
      throw new BadRequestError(Messages.requestContentMalformed(describeValidationErrors(c)));
    },
  });
  api.registerSecurityHandler('basic', async (c: Context, ctx: RequestContext) => {
    try {
      const credentials = await auth.authenticate(c.request.headers.authorization as string | undefined);
      ctx.subject = credentials.subject;
      ctx.authKey = credentials.authKey;
      return true;
    } catch {
      return false;
    }
  });
  await api.init();

  return {
    async dispatch(request, ctx) {
      return (await api.handleRequest(
        { method: request.method, path: request.path, query: request.query, headers: request.headers as never, body: request.body as never },
        ctx,
      )) as HandlerResult;
    },
    operationIds: () => (api.getOperations() as { operationId?: string }[]).flatMap((op) => (op.operationId ? [op.operationId] : [])),
  };
}

function describeValidationErrors(c: Context): string {
  const errors = c.validation.errors ?? [];
  return errors
    .map((e) => {
      const where = e.instancePath.replace(/^\/(query|path|requestBody|headers)\/?/, (_, part: string) => `${partName(part)} `);
      return `${where.trim() || 'request'} ${e.message ?? 'is invalid'}`.trim();
    })
    .join('; ');
}

function partName(part: string): string {
  return part === 'requestBody' ? 'body' : part;
}
