/**
 * Web actions (`/api/v1/web/{namespace}/{package}/{action}.{extension}`): the four operations of openapi.yaml
 * and the handler they share (WebActions.scala). The namespace must have an owner and the action (or sequence) must
 * be annotated `web-export: true`, a boolean (404 otherwise, never telling which). It runs blocking as the
 * namespace's owner: the activation, the throttles and `__OW_API_KEY` (when the action provides one) are the
 * owner's. The request becomes parameters (web-params.ts) and the result the response (web-response.ts); a
 * blocking wait that runs out is 202 "Response not yet ready.". CORS headers are added, and OPTIONS answered
 * without running the action, unless the action is annotated `web-custom-options: true`; then OPTIONS runs the
 * action whatever `require-whisk-auth` says.
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, NotFoundError } from '../../common/errors/whisk-errors.js';
import { SEQUENCE_KIND } from '../../common/runtimes/runtime-manifest.js';
import type { ActivationRecord, KeyValue, Subject } from '../../common/types/entities.js';
import type { Authenticator } from '../auth/authenticator.js';
import { getValue } from '../entities/key-values.js';
import type { ApiCall, GatewayDeps, OperationHandler } from '../gateway-deps.js';
import type { HandlerResult } from '../http/handler-result.js';
import type { RequestContext } from '../http/request-context.js';
import type { CachedAction } from '../invoke/action-cache.js';
import { ACTIVATION_ID_HEADER, invokeAction, invokeDepsOf } from '../invoke/invoke-action.js';
import { pathName } from '../operations/path-params.js';
import { invokeSequence, sequenceDepsOf } from '../sequences/invoke-sequence.js';
import { checkWebAuth, webCaller } from './web-auth.js';
import { corsHeaders } from './web-cors.js';
import { webParameters, type WebRequest } from './web-params.js';
import { DEFAULT_PACKAGE, isWebExtension, WEB_EXTENSIONS } from './web-path.js';
import { webResponse } from './web-response.js';

/** What the web entry (web-entry.ts) hands the router as the call's body: the request as received. */
export interface WebCallBody {
  web: WebRequest;
}

export type WebHandler = (c: ApiCall, ctx: RequestContext) => Promise<HandlerResult>;

export function createWebHandler(deps: GatewayDeps, auth: Authenticator): WebHandler {
  const invokeDeps = invokeDepsOf(deps);
  const sequenceDeps = sequenceDepsOf(deps);

  return async (c, ctx) => {
    const request = webRequestOf(c);
    const extension = String(c.params.extension ?? '');
    if (!isWebExtension(extension)) throw new BadRequestError(Messages.contentTypeExtensionNotSupported(WEB_EXTENSIONS));
    const namespace = webNamespace(c);
    const owner = await deps.owners.ownerOf(namespace);
    if (!owner) throw new NotFoundError(Messages.resourceNotFound);
    const found = await findWebAction(deps, namespace, c);
    const annotations = found.action.annotations;
    const custom = isTrue(annotations, 'web-custom-options');
    const cors = custom ? {} : corsHeaders(request.headers);
    const preflight = request.method.toUpperCase() === 'OPTIONS';
    if (preflight && !custom) return { status: 200, headers: cors };
    const caller = await webCaller(request.headers, auth);
    if (!preflight) checkWebAuth(annotations, request.headers, caller);
    const params = webParameters(request, isTrue(annotations, 'raw-http'), caller?.namespaces[0]);
    runAsOwner(ctx, owner, namespace);
    const options = { blocking: true, resultOnly: false, waitMs: deps.config.limits.blockingWaitMs };
    const answer = found.invokable
      ? await invokeAction(found.invokable, namespace, params, options, ctx, invokeDeps)
      : await invokeSequence(found, namespace, params, options, ctx, sequenceDeps);
    if (answer.status === 202) {
      return { status: 202, body: { error: Messages.responseNotReady, code: ctx.tid }, headers: { ...cors, ...answer.headers } };
    }
    const record = answer.body as ActivationRecord;
    const shaped = webResponse(record, extension);
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

/** The exported action or sequence, or 404 — never telling a missing action from an unexported one. */
async function findWebAction(deps: GatewayDeps, namespace: string, c: ApiCall): Promise<CachedAction> {
  const packageName = pathName(c, 'packageName');
  const actionName = pathName(c, 'actionName');
  const name = packageName === DEFAULT_PACKAGE ? actionName : `${packageName}/${actionName}`;
  const found = await deps.actions.lookup(namespace, name);
  const runnable = found && (found.invokable || found.action.exec.kind === SEQUENCE_KIND);
  if (!runnable || !isTrue(found.action.annotations, 'web-export')) throw new NotFoundError(Messages.resourceNotFound);
  return found;
}

/** OpenWhisk reads these web annotations as booleans (`getAs[Boolean]`): the string "true" does not count. */
function isTrue(annotations: readonly KeyValue[], key: string): boolean {
  return getValue(annotations, key) === true;
}

/**
 * The invocation is the owner's, charged to the web action's namespace: that namespace leads the subject's list
 * (throttles and limits are taken from the first), and the owner's key is what `provide-api-key` hands the action.
 */
function runAsOwner(ctx: RequestContext, owner: Subject, namespace: string): void {
  ctx.subject = owner.namespaces[0] === namespace
    ? owner
    : { ...owner, namespaces: [namespace, ...owner.namespaces.filter((n) => n !== namespace)] };
  ctx.authKey = `${owner.uuid}:${owner.key}`;
}
