/**
 * Extension (x-extension in openapi.yaml), OpenWhisk's `wskadmin limits set|delete` over HTTP: a namespace's
 * overrides of the system limits (invocationsPerMinute, concurrentInvocations, firesPerMinute, allowedKinds), stored
 * with the subject that owns the namespace. For the whisk.system subject only. The throttles read the overrides from
 * the subject the authenticator already loaded (no store read per invoke); the caches that hold the subject are
 * dropped here, so the next request sees the change.
 */
import { Messages } from '../../common/errors/messages.js';
import { ForbiddenError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { NamespaceLimits, Subject } from '../../common/types/entities.js';
import { isValidEntityName } from '../../common/types/fqn.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { ApiCall, GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import type { RequestContext } from '../http/request-context.js';
import { ADMIN_SUBJECT } from './extensions.js';

export function adminLimitOperations(deps: GatewayDeps, authenticator: Authenticator): Record<string, OperationHandler> {
  async function owner(c: ApiCall, ctx: RequestContext): Promise<{ namespace: string; subject: Subject }> {
    if (ctx.subject!.subject !== ADMIN_SUBJECT) throw new ForbiddenError(Messages.notAuthorized);
    const namespace = decodeURIComponent(String(c.params.namespace ?? ''));
    if (!isValidEntityName(namespace)) throw new NotFoundError(Messages.resourceNotFound);
    const subject = await deps.store.getSubjectByNamespace(namespace);
    if (!subject) throw new NotFoundError(Messages.resourceNotFound);
    return { namespace, subject };
  }

  async function store(subject: Subject, namespace: string, overrides: NamespaceLimits | undefined): Promise<void> {
    const limits = { ...subject.limits };
    if (overrides) limits[namespace] = overrides;
    else delete limits[namespace];
    const { limits: _old, ...rest } = subject;
    const updated: Subject = Object.keys(limits).length > 0 ? { ...rest, limits } : rest;
    await deps.store.putSubject(updated);
    authenticator.invalidate(subject.uuid);
    deps.owners.invalidate(subject);
  }

  return {
    async setNamespaceLimits(c, ctx) {
      const { namespace, subject } = await owner(c, ctx);
      const overrides = overridesOf(c.body as NamespaceLimits);
      await store(subject, namespace, overrides);
      return ok(overrides);
    },
    async deleteNamespaceLimits(c, ctx) {
      const { namespace, subject } = await owner(c, ctx);
      await store(subject, namespace, undefined);
      return ok({});
    },
  };
}

/** Only the fields OpenWhisk's UserLimits knows and this server applies (the schema has checked their types). */
function overridesOf(body: NamespaceLimits): NamespaceLimits {
  const out: NamespaceLimits = {};
  if (body.invocationsPerMinute !== undefined) out.invocationsPerMinute = body.invocationsPerMinute;
  if (body.concurrentInvocations !== undefined) out.concurrentInvocations = body.concurrentInvocations;
  if (body.firesPerMinute !== undefined) out.firesPerMinute = body.firesPerMinute;
  if (body.allowedKinds !== undefined) out.allowedKinds = [...body.allowedKinds];
  return out;
}
