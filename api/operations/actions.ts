/**
 * The Actions collection: list, get, create/update (PUT, `overwrite=true` to update), delete, invoke — each also
 * under `actions/{package}/{action}`. Handler names are the operationIds of openapi.yaml.
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { WhiskAction } from '../../common/types/entities.js';
import { createAction, updateAction, type ActionPutBody } from '../entities/action-put.js';
import { actionBrief, withoutCode } from '../entities/action-views.js';
import type { ApiCall, GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import { listPage, queryBool, queryInt, type Query } from '../http/query.js';
import type { RequestContext } from '../http/request-context.js';
import { invokeAction } from '../invoke/invoke-action.js';
import { actionLocation, pathName, pathNamespace } from './path-params.js';

export function actionOperations(deps: GatewayDeps): Record<string, OperationHandler> {
  const { store, config, actions: cache } = deps;
  const query = (c: ApiCall) => c.query as Query;

  async function list(c: ApiCall, ctx: RequestContext, prefix?: string) {
    const namespace = pathNamespace(c, ctx);
    if (prefix && !(await store.getEntity(namespace, 'packages', prefix.slice(0, -1)))) {
      throw new NotFoundError(Messages.resourceNotFound);
    }
    const filter = prefix ? { prefix } : {};
    if (queryBool(query(c), 'count')) return ok({ actions: await store.countEntities(namespace, 'actions', filter) });
    const page = listPage(query(c), 'actions', config.limits.listDefault, config.limits.listMax);
    const docs = await store.listEntities<WhiskAction>(namespace, 'actions', { ...page, ...filter });
    return ok(docs.map(actionBrief));
  }

  async function get(c: ApiCall, ctx: RequestContext) {
    const at = await actionLocation(c, ctx, store);
    const stored = await store.getEntity<WhiskAction>(at.namespace, 'actions', at.storeName);
    if (!stored) throw new NotFoundError(Messages.resourceNotFound);
    return ok(queryBool(query(c), 'code', true) ? stored.doc : withoutCode(stored.doc));
  }

  async function put(c: ApiCall, ctx: RequestContext) {
    const at = await actionLocation(c, ctx, store);
    const body = (c.body ?? {}) as ActionPutBody;
    const putCtx = { namespace: at.path, name: at.name, manifest: deps.manifest, limits: config.limits, now: Date.now() };
    const existing = await store.getEntity<WhiskAction>(at.namespace, 'actions', at.storeName);
    let action: WhiskAction;
    if (existing) {
      if (!queryBool(query(c), 'overwrite')) throw new ConflictError(Messages.resourceExists);
      action = updateAction(existing.doc, body, putCtx);
      await store.putEntity(at.namespace, 'actions', at.storeName, action, existing.rev);
    } else {
      action = createAction(body, putCtx);
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
    const namespace = pathNamespace(c, ctx);
    const name = pathName(c, 'actionName');
    const storeName = c.params.packageName === undefined ? name : `${pathName(c, 'packageName')}/${name}`;
    const target = await cache.get(namespace, storeName);
    if (!target) throw new NotFoundError(Messages.resourceNotFound);
    const q = query(c);
    const maxWait = config.limits.blockingWaitMs;
    const timeout = queryInt(q, 'timeout');
    if (timeout !== undefined && (timeout <= 0 || timeout > maxWait)) {
      throw new BadRequestError(Messages.invalidTimeout(maxWait));
    }
    return invokeAction(target, namespace, c.body, {
      blocking: queryBool(q, 'blocking'),
      resultOnly: queryBool(q, 'result'),
      waitMs: timeout ?? maxWait,
    }, ctx, {
      worker: deps.worker,
      clock: deps.clock,
      recordFailure: (record) => deps.recorder.record(record),
    });
  }

  return {
    getAllActions: (c, ctx) => list(c, ctx),
    getAllActionsInPackage: (c, ctx) => list(c, ctx, `${pathName(c, 'packageName')}/`),
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
