/**
 * The Rules collection (Rules.scala): list, get, create/update (PUT: trigger and action as fully qualified names,
 * `_` resolved; both must exist, else 400), delete (answers the rule, inactive; active rules may be deleted, as in
 * OpenWhisk), and POST = set state `{"status": "active"|"inactive"}` (200). A rule's status lives in its trigger.
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { EntityName, KeyValue, RuleStatus, Subject, WhiskRule, WhiskTrigger } from '../../common/types/entities.js';
import { bumpPatch } from '../entities/action-put.js';
import { checkEntitySize } from '../entities/entity-size.js';
import { fromEntityName, parseEntityRef, toEntityName, type EntityRef } from '../entities/entity-refs.js';
import { ruleKey, ruleStatus, setRuleLink } from '../entities/trigger-links.js';
import type { ApiCall, GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import { listPage, queryBool, type Query } from '../http/query.js';
import type { RequestContext } from '../http/request-context.js';
import { resolveActionRef } from '../invoke/resolve-action.js';
import { pathName, pathNamespace } from './path-params.js';

interface RulePutBody {
  trigger?: unknown;
  action?: unknown;
  annotations?: KeyValue[];
  publish?: boolean;
  version?: string;
}

const RULE_STATES: readonly string[] = ['active', 'inactive'];

const view = (rule: WhiskRule, status: RuleStatus) => ({ ...rule, status });

export function ruleOperations(deps: GatewayDeps): Record<string, OperationHandler> {
  const { store, config } = deps;
  const query = (c: ApiCall) => c.query as Query;

  async function load(c: ApiCall, ctx: RequestContext) {
    const namespace = pathNamespace(c, ctx);
    const name = pathName(c, 'ruleName');
    const stored = await store.getEntity<WhiskRule>(namespace, 'rules', name);
    return { namespace, name, key: ruleKey(namespace, name), stored };
  }

  async function list(c: ApiCall, ctx: RequestContext) {
    const namespace = pathNamespace(c, ctx);
    if (queryBool(query(c), 'count')) return ok({ rules: await store.countEntities(namespace, 'rules', {}) });
    const page = listPage(query(c), 'rules', config.limits.listDefault, config.limits.listMax);
    const rules = await store.listEntities<WhiskRule>(namespace, 'rules', page);
    return ok(await Promise.all(rules.map(async (r) => view(r, await ruleStatus(store, r.trigger, ruleKey(r.namespace, r.name))))));
  }

  async function get(c: ApiCall, ctx: RequestContext) {
    const { key, stored } = await load(c, ctx);
    if (!stored) throw new NotFoundError(Messages.resourceNotFound);
    return ok(view(stored.doc, await ruleStatus(store, stored.doc.trigger, key)));
  }

  async function put(c: ApiCall, ctx: RequestContext) {
    const { namespace, name, key, stored } = await load(c, ctx);
    checkEntitySize(c.body, deps.config.limits);
    if (stored && !queryBool(query(c), 'overwrite')) throw new ConflictError(Messages.resourceExists);
    const body = (c.body ?? {}) as RulePutBody;
    const trigger = reference(body.trigger, stored?.doc.trigger, namespace);
    const action = reference(body.action, stored?.doc.action, namespace);
    if (!trigger || !action || trigger.pkg !== undefined) throw new BadRequestError(Messages.ruleNeedsTriggerAndAction);
    await checkReferences(trigger, action, ctx.subject!);
    const triggerName = toEntityName(trigger);
    const actionName = toEntityName(action);
    const now = Date.now();

    if (!stored) {
      const rule: WhiskRule = {
        namespace, name, version: body.version ?? '0.0.1', publish: body.publish ?? false, annotations: body.annotations ?? [],
        trigger: triggerName, action: actionName, updated: now,
      };
      await setRuleLink(store, triggerName, key, { action: actionName, status: 'active' });
      await store.putEntity(namespace, 'rules', name, rule, null);
      return ok(view(rule, 'active'));
    }
    const old = stored.doc;
    const status = await ruleStatus(store, old.trigger, key);
    const rule: WhiskRule = {
      namespace: old.namespace, name: old.name, version: body.version ?? bumpPatch(old.version),
      publish: body.publish ?? old.publish, annotations: body.annotations ?? old.annotations,
      trigger: triggerName, action: actionName, updated: now,
    };
    if (!sameEntity(old.trigger, triggerName)) await setRuleLink(store, old.trigger, key, undefined);
    await setRuleLink(store, triggerName, key, { action: actionName, status });
    await store.putEntity(namespace, 'rules', name, rule, stored.rev);
    return ok(view(rule, status));
  }

  /** Both must be readable by the caller (403) and exist (400, OpenWhisk's messages). */
  async function checkReferences(trigger: EntityRef, action: EntityRef, subject: Subject) {
    if (!subject.namespaces.includes(trigger.namespace)) throw new ForbiddenError(Messages.notAuthorized);
    if (!subject.namespaces.includes(action.namespace) && !(await isPublicPackage(action))) {
      throw new ForbiddenError(Messages.notAuthorized);
    }
    if (!(await store.getEntity<WhiskTrigger>(trigger.namespace, 'triggers', trigger.name))) {
      throw new BadRequestError(Messages.triggerDoesNotExist(`/${trigger.namespace}/${trigger.name}`));
    }
    const actionName = toEntityName(action);
    if (!(await resolveActionRef(deps.actions, actionName))) {
      throw new BadRequestError(Messages.actionDoesNotExist(`/${actionName.path}/${actionName.name}`));
    }
  }

  async function isPublicPackage(ref: EntityRef): Promise<boolean> {
    if (ref.pkg === undefined) return false;
    const pkg = await store.getEntity<{ publish?: boolean }>(ref.namespace, 'packages', ref.pkg);
    return pkg?.doc.publish === true;
  }

  async function remove(c: ApiCall, ctx: RequestContext) {
    const { namespace, name, key, stored } = await load(c, ctx);
    if (!stored) throw new NotFoundError(Messages.resourceNotFound);
    await setRuleLink(store, stored.doc.trigger, key, undefined);
    if (!(await store.deleteEntity(namespace, 'rules', name))) throw new NotFoundError(Messages.resourceNotFound);
    return ok(view(stored.doc, 'inactive'));
  }

  async function setState(c: ApiCall, ctx: RequestContext) {
    const { key, stored } = await load(c, ctx);
    const requested = String((c.body as { status?: unknown } | undefined)?.status ?? '');
    if (!RULE_STATES.includes(requested)) throw new BadRequestError(Messages.requestContentMalformed(Messages.ruleStateUnknown(requested)));
    if (!stored) throw new NotFoundError(Messages.resourceNotFound);
    const rule = stored.doc;
    const status = requested as RuleStatus;
    const trigger = fromEntityName(rule.trigger);
    if (!(await store.getEntity<WhiskTrigger>(trigger.namespace, 'triggers', trigger.name))) {
      throw new NotFoundError(Messages.ruleTriggerMissing);
    }
    if ((await ruleStatus(store, rule.trigger, key)) !== status) {
      if (!(await setRuleLink(store, rule.trigger, key, { action: rule.action, status }))) throw new NotFoundError(Messages.ruleTriggerMissing);
    }
    return ok(view(rule, status));
  }

  return {
    getAllRules: list,
    getRuleByName: get,
    updateRule: put,
    deleteRule: remove,
    setState,
  };
}

/** The body's reference, or the stored one when the body names none (an update). */
function reference(given: unknown, current: EntityName | undefined, namespace: string): EntityRef | undefined {
  if (given === undefined || given === null || given === '') return current ? fromEntityName(current) : undefined;
  return parseEntityRef(given, namespace);
}

const sameEntity = (a: EntityName, b: EntityName) => a.path === b.path && a.name === b.name;
