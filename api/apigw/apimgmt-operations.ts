/**
 * OpenWhisk's API-management web actions, served natively: `/api/v1/web/whisk.system/apimgmt/{createApi,
 * getApi,deleteApi}.{ext}` (operationIds createApi, getApi, deleteApi in openapi.yaml). The caller authenticates
 * with its own Basic key (the router answers 401 without one, as OpenWhisk's `require-whisk-auth` actions do)
 * and only ever touches its own namespace (OpenWhisk's `__ow_user`): the apidoc's namespace is ignored, and a
 * mapped action must be a web action of a namespace the caller owns. Parameters are the query merged with a
 * JSON body, as a web action receives them. Answers are OpenWhisk's: createApi the API
 * `{namespace, gwApiActivated, tenantId, gwApiUrl, apidoc}`, getApi `{apis: [{id, key, value}]}`, deleteApi `{}`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { ApiGwMessages, Messages } from '../../common/errors/messages.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { Json, JsonObject, Subject } from '../../common/types/entities.js';
import { isValidEntityName } from '../../common/types/fqn.js';
import { isTruthy } from '../entities/key-values.js';
import { owns } from '../entities/package-access.js';
import type { ApiCall, GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import type { RequestContext } from '../http/request-context.js';
import type { WebCallBody } from '../web/web-actions.js';
import { corsHeaders } from '../web/web-cors.js';
import type { WebRequest } from '../web/web-params.js';
import type { ApiRegistry, WhiskApi } from './api-registry.js';
import { targetOf } from './api-routes.js';
import { normalizeBasePath, parseCreateRequest, splitActionName, type CreateRequest } from './apidoc.js';
import {
  addEndpoint, baseSwagger, checkSwagger, operationsOf, removeEndpoint, resolveDefaultNamespace, type ActionRef, type SwaggerApi,
} from './swagger-doc.js';

const WRITE_ATTEMPTS = 3;

export function apimgmtOperations(deps: GatewayDeps, registry: ApiRegistry): Record<string, OperationHandler> {
  /** OpenWhisk maps only web actions, and here only the caller's own (no reading another namespace's). */
  async function checkWebAction(ref: ActionRef, subject: Subject): Promise<void> {
    if (!owns(subject, ref.namespace)) throw new ForbiddenError(Messages.notAuthorized);
    const parts = [ref.packageName, ref.actionName].filter(Boolean);
    if (parts.length === 0 || !parts.every(isValidEntityName)) throw new BadRequestError(Messages.entityNameIllegal);
    const found = await deps.actions.lookup(ref.namespace, parts.join('/'));
    if (!found) throw new NotFoundError(Messages.resourceNotFound);
    if (!isTruthy(found.action.annotations, 'web-export')) {
      throw new BadRequestError(ApiGwMessages.notWebAction(`/${ref.namespace}/${parts.join('/')}`));
    }
  }

  /** The API document after the request, and its base path (an import replaces the API; an endpoint adds to it). */
  async function documentFor(request: CreateRequest, existing: WhiskApi | undefined, namespace: string, subject: Subject, origin: string) {
    if (request.kind === 'swagger') {
      const swagger = resolveDefaultNamespace(request.swagger, namespace);
      for (const { relPath, verb, operation } of operationsOf(swagger)) {
        const target = targetOf(swagger, relPath, verb, operation);
        if (!target) throw new BadRequestError(ApiGwMessages.creationFailure(ApiGwMessages.operationWithoutAction(verb, relPath)));
        await checkWebAction(target, subject);
      }
      return swagger;
    }
    const action: ActionRef = {
      namespace: request.action.namespace === '_' ? namespace : request.action.namespace,
      ...splitActionName(request.action.name),
    };
    await checkWebAction(action, subject);
    const basePath = normalizeBasePath(request.basePath);
    return addEndpoint(existing?.swagger ?? baseSwagger(basePath, request.apiName), {
      relPath: request.relPath,
      verb: request.verb,
      action,
      origin: originOf(request.action.backendUrl) ?? origin,
      responseType: request.responseType,
      ...(request.pathParameters !== undefined ? { pathParameters: request.pathParameters } : {}),
      ...(request.action.secureKey !== undefined ? { secureKey: request.action.secureKey } : {}),
    });
  }

  const createApi: OperationHandler = async (c, ctx) => {
    const { request, params, subject, namespace } = callOf(c, ctx);
    const parsed = parseCreateRequest(params);
    const basePath = normalizeBasePath(parsed.kind === 'swagger' ? parsed.swagger.basePath : parsed.basePath);
    const origin = requestOrigin(request.headers);
    for (let attempt = 1; ; attempt++) {
      const existing = await registry.get(namespace, basePath);
      const swagger: SwaggerApi = { ...(await documentFor(parsed, existing?.doc, namespace, subject, origin)), basePath };
      checkSwagger(swagger);
      try {
        await registry.put({ namespace, basePath, swagger, updated: deps.clock.now() }, existing?.rev ?? null);
        return ok(apiValue(namespace, subject, origin, swagger), corsHeaders(request.headers));
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= WRITE_ATTEMPTS) throw err;
      }
    }
  };

  const getApi: OperationHandler = async (c, ctx) => {
    const { request, params, subject, namespace } = callOf(c, ctx);
    const format = params.outputFormat;
    if (format !== undefined && !['apigw', 'swagger'].includes(String(format).toLowerCase())) {
      throw new BadRequestError(ApiGwMessages.invalidOutputFormat);
    }
    const wanted = params.basepath ? String(params.basepath) : undefined;
    const all = (await registry.list(namespace)).filter((api) => wanted === undefined || isNamed(api, wanted));
    const skip = Math.max(0, Number.parseInt(String(params.skip ?? 0), 10) || 0);
    const limit = Math.max(0, Number.parseInt(String(params.limit ?? 0), 10) || 0);
    const page = all.slice(skip, limit > 0 ? skip + limit : undefined);
    const origin = requestOrigin(request.headers);
    const apis = page.map((api) => ({ id: `API:${namespace}:${api.basePath}`, key: namespace, value: apiValue(namespace, subject, origin, api.swagger) }));
    return ok({ apis }, corsHeaders(request.headers));
  };

  const deleteApi: OperationHandler = async (c, ctx) => {
    const { request, params, namespace } = callOf(c, ctx);
    if (!params.basepath) throw new BadRequestError(ApiGwMessages.basepathRequired);
    if (!params.relpath && params.operation) throw new BadRequestError(ApiGwMessages.operationNeedsPath);
    const wanted = String(params.basepath);
    for (let attempt = 1; ; attempt++) {
      const api = (await registry.list(namespace)).find((a) => isNamed(a, wanted));
      const stored = api && (await registry.get(namespace, api.basePath));
      if (!stored) throw new NotFoundError(ApiGwMessages.deletionFailure(ApiGwMessages.apiDoesNotExist(wanted)));
      try {
        if (params.relpath) {
          const swagger = removeEndpoint(stored.doc.swagger, String(params.relpath), params.operation ? String(params.operation) : undefined);
          if (operationsOf(swagger).length > 0) {
            await registry.put({ ...stored.doc, swagger, updated: deps.clock.now() }, stored.rev);
            return ok({}, corsHeaders(request.headers));
          }
        }
        await registry.delete(namespace, stored.doc.basePath);
        return ok({}, corsHeaders(request.headers));
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= WRITE_ATTEMPTS) throw err;
      }
    }
  };

  return { createApi, getApi, deleteApi };
}

function callOf(c: ApiCall, ctx: RequestContext) {
  const request = (c.body as WebCallBody | undefined)?.web;
  if (!request) throw new BadRequestError(Messages.requestContentMalformed('not a web action request'));
  const subject = ctx.subject!;
  return { request, params: managementParams(request), subject, namespace: subject.namespaces[0]! };
}

/** The query, then a JSON object body over it (any content type: `wsk` and curl users differ). */
function managementParams(request: WebRequest): JsonObject {
  const params: JsonObject = request.query ? ({ ...parseQuery(request.query) } as JsonObject) : {};
  if (request.body.length === 0) return params;
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch (err) {
    throw new BadRequestError(Messages.requestContentMalformed((err as Error).message));
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError(Messages.parametersNotAnObject);
  return { ...params, ...(body as JsonObject) };
}

/** An API is named by its base path (leading `/`) or by its title (`wsk api get "Book Club"`). */
function isNamed(api: WhiskApi, wanted: string): boolean {
  return wanted.startsWith('/') ? api.basePath === normalizeBasePath(wanted) : (api.swagger.info as JsonObject | undefined)?.title === wanted;
}

/**
 * The API as the CLI reads it. Routes are served at `{origin}/api/{namespace-id}{basePath}{relPath}`, the
 * namespace id being the caller's subject uuid (OpenWhisk's namespace uuid).
 */
function apiValue(namespace: string, subject: Subject, origin: string, swagger: SwaggerApi): JsonObject {
  const base = swagger.basePath === '/' ? '' : swagger.basePath;
  return { namespace, gwApiActivated: true, tenantId: subject.uuid, gwApiUrl: `${origin}/api/${subject.uuid}${base}`, apidoc: swagger as Json };
}

function requestOrigin(headers: IncomingHttpHeaders): string {
  const forwarded = (name: string) => String(headers[name] ?? '').split(',')[0]!.trim();
  const proto = forwarded('x-forwarded-proto') || 'http';
  const host = forwarded('x-forwarded-host') || headers.host || '127.0.0.1';
  return `${proto}://${host}`;
}

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}
