/**
 * The Actions collection: list, get, create/update (PUT, `overwrite=true` to update), delete, invoke — each also
 * under `actions/{package}/{action}`. Handler names are the operationIds of openapi.yaml. Reads and invokes may go
 * through a binding (to the bound package's action, with its parameters inherited) or into another namespace's
 * published package; writes only into the caller's own packages, never into a binding. Sequences are stored with
 * their components resolved and run in the gateway (api/sequences/).
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../common/errors/whisk-errors.js';
import { SEQUENCE_KIND } from '../../common/runtimes/runtime-manifest.js';
import type { WhiskAction } from '../../common/types/entities.js';
import { createAction, updateAction, type ActionPutBody, type ActionPutContext } from '../entities/action-put.js';
import { actionBrief, withoutCode } from '../entities/action-views.js';
import { checkEntitySize } from '../entities/entity-size.js';
import { checkAllowedKind } from '../entities/limits.js';
import { mergeKeyValues } from '../entities/key-values.js';
import { owns, readPackage } from '../entities/package-access.js';
import type { ApiCall, GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import { listPage, queryBool, queryInt, type Query } from '../http/query.js';
import type { RequestContext } from '../http/request-context.js';
import { invokeAction, invokeDepsOf } from '../invoke/invoke-action.js';
import { invokeSequence, sequenceDepsOf } from '../sequences/invoke-sequence.js';
import { resolveComponents, SEQUENCE_MAX_LENGTH } from '../sequences/sequence-components.js';
import { actionLocation, actionReadLocation, pathName, pathNamespace, readNamespace } from './path-params.js';

export function actionOperations(deps: GatewayDeps): Record<string, OperationHandler> {
  const { store, config, actions: cache } = deps;
  const query = (c: ApiCall) => c.query as Query;
  const invokeDeps = invokeDepsOf(deps);
  const sequenceDeps = sequenceDepsOf(deps);

  async function list(c: ApiCall, ctx: RequestContext, packageName?: string) {
    let namespace: string;
    let filter = {};
    if (packageName === undefined) namespace = pathNamespace(c, ctx);
    else {
      // A binding lists its bound package's actions.
      const { home } = await readPackage(store, readNamespace(c, ctx), packageName, ctx.subject!);
      namespace = home.namespace;
      filter = { prefix: `${home.name}/` };
    }
    if (queryBool(query(c), 'count')) return ok({ actions: await store.countEntities(namespace, 'actions', filter) });
    const page = listPage(query(c), 'actions', config.limits.listDefault, config.limits.listMax);
    const docs = await store.listEntities<WhiskAction>(namespace, 'actions', { ...page, ...filter });
    return ok(docs.map(actionBrief));
  }

  async function get(c: ApiCall, ctx: RequestContext) {
    const at = await actionReadLocation(c, ctx, store);
    const stored = await store.getEntity<WhiskAction>(at.namespace, 'actions', at.storeName);
    if (!stored) throw new NotFoundError(Messages.resourceNotFound);
    // As OpenWhisk's resolveActionAndMergeParameters: a packaged action shows the parameters it inherits.
    const action = at.inherited.length ? { ...stored.doc, parameters: mergeKeyValues(at.inherited, stored.doc.parameters) } : stored.doc;
    return ok(queryBool(query(c), 'code', true) ? action : withoutCode(action));
  }

  async function put(c: ApiCall, ctx: RequestContext) {
    const at = await actionLocation(c, ctx, store);
    checkEntitySize(c.body, config.limits);
    const body = (c.body ?? {}) as ActionPutBody;
    const putCtx: ActionPutContext = { namespace: at.path, name: at.name, manifest: deps.manifest, limits: config.limits, now: Date.now() };
    if (body.exec?.kind === SEQUENCE_KIND) {
      const self = `${at.path}/${at.name}`;
      const components = await resolveComponents(body.exec.components, self, { store, cache, subject: ctx.subject!, maxLength: SEQUENCE_MAX_LENGTH });
      putCtx.components = components;
    }
    const existing = await store.getEntity<WhiskAction>(at.namespace, 'actions', at.storeName);
    let action: WhiskAction;
    if (existing) {
      if (!queryBool(query(c), 'overwrite')) throw new ConflictError(Messages.resourceExists);
      action = updateAction(existing.doc, body, putCtx);
      checkAllowedKind(action.exec.kind, ctx.subject!.limits?.[at.namespace]);
      await store.putEntity(at.namespace, 'actions', at.storeName, action, existing.rev);
    } else {
      action = createAction(body, putCtx);
      checkAllowedKind(action.exec.kind, ctx.subject!.limits?.[at.namespace]);
      await store.putEntity(at.namespace, 'actions', at.storeName, action, null);
    }
    cache.invalidate(at.namespace, at.storeName);
    return ok(action);
  }

  async function remove(c: ApiCall, ctx: RequestContext) {
    const at = await actionLocation(c, ctx, store);
    const stored = await store.getEntity<WhiskAction>(at.namespace, 'actions', at.storeName);
    if (!stored || !(await store.deleteEntity(at.namespace, 'actions', at.storeName))) {
      throw new NotFoundError(Messages.resourceNotFound);
    }
    cache.invalidate(at.namespace, at.storeName);
    return ok(stored.doc);
  }

  async function invoke(c: ApiCall, ctx: RequestContext) {
    const name = pathName(c, 'actionName');
    const packageName = c.params.packageName === undefined ? undefined : pathName(c, 'packageName');
    const pathNs = packageName === undefined ? pathNamespace(c, ctx) : readNamespace(c, ctx);
    // Another namespace's package: only when published (403 otherwise); the activation is the caller's.
    const own = owns(ctx.subject!, pathNs);
    if (!own) await readPackage(store, pathNs, packageName!, ctx.subject!);
    const namespace = own ? pathNs : ctx.subject!.namespaces[0]!;
    const found = await cache.lookup(pathNs, packageName === undefined ? name : `${packageName}/${name}`);
    const isSequence = found?.action.exec.kind === SEQUENCE_KIND;
    const target = found?.invokable;
    if (!found || (!target && !isSequence)) throw new NotFoundError(Messages.resourceNotFound);
    const q = query(c);
    const maxWait = config.limits.blockingWaitMs;
    const timeout = queryInt(q, 'timeout');
    if (timeout !== undefined && (timeout <= 0 || timeout > maxWait)) {
      throw new BadRequestError(Messages.invalidTimeout(maxWait));
    }
    const options = { blocking: queryBool(q, 'blocking'), resultOnly: queryBool(q, 'result'), waitMs: timeout ?? maxWait };
    if (isSequence) return invokeSequence(found, namespace, c.body, options, ctx, sequenceDeps);
    return invokeAction(target!, namespace, c.body, options, ctx, invokeDeps);
  }

  return {
    getAllActions: (c, ctx) => list(c, ctx),
    getAllActionsInPackage: (c, ctx) => list(c, ctx, pathName(c, 'packageName')),
    getActionByName: get,
    getActionInPackageByName: get,
    updateAction: put,
    updateActionInPackage: put,
    deleteAction: remove,
    deleteActionInPackage: remove,
    invokeAction: invoke,
    invokeActionInPackage: invoke,
  };
}
