/**
 * Web actions (`/api/v1/web/{namespace}/{package}/{action}.{extension}`): the four operations of openapi.yaml
 * and the handler they share. The action must be annotated `web-export: true` (404 otherwise); it runs blocking,
 * as its namespace's owner (the activation and the throttles are the owner's), with the request turned into
 * parameters (web-params.ts) and its result into the response (web-response.ts). CORS headers are added unless
 * the action is annotated `web-custom-options: true`.
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { ActivationRecord, Subject } from '../../common/types/entities.js';
import type { Authenticator } from '../auth/authenticator.js';
import { isTruthy } from '../entities/key-values.js';
import type { ApiCall, GatewayDeps, OperationHandler } from '../gateway-deps.js';
import type { HandlerResult } from '../http/handler-result.js';
import type { RequestContext } from '../http/request-context.js';
import type { CachedAction } from '../invoke/action-cache.js';
import { ACTIVATION_ID_HEADER, invokeAction, type InvokeDeps } from '../invoke/invoke-action.js';
import { pathName } from '../operations/path-params.js';
import { checkWebAuth } from './web-auth.js';
import { corsHeaders } from './web-cors.js';
import { webParameters, type WebRequest } from './web-params.js';
import { DEFAULT_PACKAGE, isWebExtension, WEB_EXTENSIONS } from './web-path.js';
import { projectionOf, webResponse } from './web-response.js';

/** What the web entry (web-entry.ts) hands the router as the call's body: the request as received. */
export interface WebCallBody {
  web: WebRequest;
}

export type WebHandler = (c: ApiCall, ctx: RequestContext) => Promise<HandlerResult>;

export function createWebHandler(deps: GatewayDeps, auth: Authenticator): WebHandler {
  const invokeDeps: InvokeDeps = {
    worker: deps.worker,
    clock: deps.clock,
    recordFailure: (record) => deps.recorder.record(record),
    throttle: deps.throttle,
  };

  return async (c, ctx) => {
    const request = webRequestOf(c);
    const extension = String(c.params.extension ?? '');
    if (!isWebExtension(extension)) throw new BadRequestError(Messages.contentTypeExtensionNotSupported(WEB_EXTENSIONS));
    const namespace = webNamespace(c);
    const found = await findWebAction(deps, namespace, c);
    const custom = isTruthy(found.action.annotations, 'web-custom-options');
    const cors = custom ? {} : corsHeaders(request.headers);
    if (request.method.toUpperCase() === 'OPTIONS' && !custom) return { status: 200, headers: cors };
    const user = await checkWebAuth(found.action.annotations, namespace, request.headers, auth);
    const params = webParameters(request, isTruthy(found.action.annotations, 'raw-http'));
    if (user) params.__ow_user = user.namespaces[0]!;
    ctx.subject = ownerOf(namespace);
    const answer = await invokeAction(found.invokable!, namespace, params, {
      blocking: true, resultOnly: false, waitMs: deps.config.limits.blockingWaitMs,
    }, ctx, invokeDeps);
    if (answer.status === 202) return { ...answer, headers: { ...answer.headers, ...cors } };
    const record = answer.body as ActivationRecord;
    const shaped = webResponse(record, extension, projectionOf(extension, request.path));
    return { ...shaped, headers: { ...cors, ...shaped.headers, [ACTIVATION_ID_HEADER]: record.activationId } };
  };
}

export function webActionOperations(handler: WebHandler): Record<string, OperationHandler> {
  return { webActionGet: handler, webActionPut: handler, webActionDelete: handler, webActionPost: handler };
}

function webRequestOf(c: ApiCall): WebRequest {
  const body = c.body as WebCallBody | undefined;
  if (!body?.web) throw new BadRequestError(Messages.requestContentMalformed('not a web action request'));
  return body.web;
}

function webNamespace(c: ApiCall): string {
  try {
    return decodeURIComponent(String(c.params.namespace ?? ''));
  } catch {
    throw new NotFoundError(Messages.resourceNotFound);
  }
}

/** The exported (code) action, or 404 — never telling a missing action from an unexported one. */
async function findWebAction(deps: GatewayDeps, namespace: string, c: ApiCall): Promise<CachedAction> {
  const packageName = pathName(c, 'packageName');
  const actionName = pathName(c, 'actionName');
  const name = packageName === DEFAULT_PACKAGE ? actionName : `${packageName}/${actionName}`;
  const found = await deps.actions.lookup(namespace, name);
  if (!found?.invokable || !isTruthy(found.action.annotations, 'web-export')) throw new NotFoundError(Messages.resourceNotFound);
  return found;
}

/** The namespace's owner, as far as the invoke path needs one (subject name, throttled namespace). */
function ownerOf(namespace: string): Subject {
  return { subject: namespace, uuid: '', key: '', namespaces: [namespace] };
}
