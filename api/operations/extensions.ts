/**
 * Extensions OpenWhisk does not have (x-extension in openapi.yaml): prewarm an action's containers, and read the
 * workers' status and per-function characteristics (whisk.system only).
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../common/errors/whisk-errors.js';
import { isValidEntityName } from '../../common/types/fqn.js';
import type { GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import { pathNamespace } from './path-params.js';

export const ADMIN_SUBJECT = 'whisk.system';

export function extensionOperations(deps: GatewayDeps): Record<string, OperationHandler> {
  return {
    async prewarmAction(c, ctx) {
      const namespace = pathNamespace(c, ctx);
      const { action, count } = c.body as { action: string; count: number };
      const parts = action.split('/');
      if (parts.length > 2 || !parts.every(isValidEntityName)) throw new BadRequestError(Messages.entityNameIllegal);
      const max = deps.config.limits.prewarmMax;
      if (count > max) throw new BadRequestError(Messages.prewarmCountOutOfRange(count, max));
      const target = await deps.actions.get(namespace, action);
      if (!target) throw new NotFoundError(Messages.resourceNotFound);
      const ready = await deps.worker.prewarm(target.runnable, count);
      return ok({ action: `/${target.runnable.path}`, requested: count, ready });
    },
    async getWorkers(_c, ctx) {
      if (ctx.subject!.subject !== ADMIN_SUBJECT) throw new ForbiddenError(Messages.notAuthorized);
      const [status, functions] = await Promise.all([deps.worker.status(), deps.worker.characteristics()]);
      return ok([{ ...status, functions }]);
    },
  };
}
