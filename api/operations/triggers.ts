/**
 * The Triggers collection: list, get, create/update (PUT, `overwrite=true` to update, patch version bumped),
 * delete (its rules stay, inactive, as in OpenWhisk), fire (POST; see invoke/fire-trigger.ts).
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { JsonObject, KeyValue, WhiskTrigger } from '../../common/types/entities.js';
import { bumpPatch } from '../entities/action-put.js';
import { checkEntitySize } from '../entities/entity-size.js';
import type { ApiCall, GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import { listPage, queryBool, type Query } from '../http/query.js';
import type { RequestContext } from '../http/request-context.js';
import { fireTrigger } from '../invoke/fire-trigger.js';
import { invokeDepsOf } from '../invoke/invoke-action.js';
import { pathName, pathNamespace } from './path-params.js';

interface TriggerPutBody {
  parameters?: KeyValue[];
  annotations?: KeyValue[];
  publish?: boolean;
  version?: string;
}

export function triggerOperations(deps: GatewayDeps): Record<string, OperationHandler> {
  const { store, config } = deps;
  const query = (c: ApiCall) => c.query as Query;
  const invokeDeps = invokeDepsOf(deps);

  async function load(c: ApiCall, ctx: RequestContext) {
    const namespace = pathNamespace(c, ctx);
    const name = pathName(c, 'triggerName');
    const stored = await store.getEntity<WhiskTrigger>(namespace, 'triggers', name);
    return { namespace, name, stored };
  }

  async function list(c: ApiCall, ctx: RequestContext) {
    const namespace = pathNamespace(c, ctx);
    if (queryBool(query(c), 'count')) return ok({ triggers: await store.countEntities(namespace, 'triggers', {}) });
    const page = listPage(query(c), 'triggers', config.limits.listDefault, config.limits.listMax);
    const docs = await store.listEntities<WhiskTrigger>(namespace, 'triggers', page);
    return ok(docs.map(({ namespace: ns, name, version, publish, annotations, updated }) => ({ namespace: ns, name, version, publish, annotations, updated })));
  }

  async function get(c: ApiCall, ctx: RequestContext) {
    const { stored } = await load(c, ctx);
    if (!stored) throw new NotFoundError(Messages.resourceNotFound);
    return ok(stored.doc);
  }

  async function put(c: ApiCall, ctx: RequestContext) {
    const { namespace, name, stored } = await load(c, ctx);
    checkEntitySize(c.body, config.limits);
    const body = (c.body ?? {}) as TriggerPutBody;
    const now = Date.now();
    if (stored) {
      if (!queryBool(query(c), 'overwrite')) throw new ConflictError(Messages.resourceExists);
      const old = stored.doc;
      const trigger: WhiskTrigger = {
        namespace: old.namespace,
        name: old.name,
        version: body.version ?? bumpPatch(old.version),
        publish: body.publish ?? old.publish,
        parameters: body.parameters ?? old.parameters,
        annotations: body.annotations ?? old.annotations,
        limits: {},
        ...(old.rules ? { rules: old.rules } : {}),
        updated: now,
      };
      await store.putEntity(namespace, 'triggers', name, trigger, stored.rev);
      return ok(trigger);
    }
    const trigger: WhiskTrigger = {
      namespace,
      name,
      version: body.version ?? '0.0.1',
      publish: body.publish ?? false,
      parameters: body.parameters ?? [],
      annotations: body.annotations ?? [],
      limits: {},
      updated: now,
    };
    await store.putEntity(namespace, 'triggers', name, trigger, null);
    return ok(trigger);
  }

  async function remove(c: ApiCall, ctx: RequestContext) {
    const { namespace, name, stored } = await load(c, ctx);
    if (!stored || !(await store.deleteEntity(namespace, 'triggers', name))) throw new NotFoundError(Messages.resourceNotFound);
    return ok(stored.doc);
  }

  async function fire(c: ApiCall, ctx: RequestContext) {
    pathNamespace(c, ctx);
    const charged = ctx.subject!.namespaces[0]!;
    deps.throttle.admitFire(charged, ctx.subject!.limits?.[charged]);
    const { stored } = await load(c, ctx);
    if (!stored) throw new NotFoundError(Messages.resourceNotFound);
    const body = c.body;
    if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
      throw new BadRequestError(Messages.parametersNotAnObject);
    }
    return fireTrigger(stored.doc, (body ?? undefined) as JsonObject | undefined, ctx, deps, invokeDeps);
  }

  return {
    getAllTriggers: list,
    getTriggerByName: get,
    updateTrigger: put,
    deleteTrigger: remove,
    fireTrigger: fire,
  };
}
