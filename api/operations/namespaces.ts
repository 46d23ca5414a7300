/** Namespaces: the caller's namespaces, and a namespace's effective throttle limits. */
import type { GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import { pathNamespace } from './path-params.js';

export function namespaceOperations(deps: GatewayDeps): Record<string, OperationHandler> {
  return {
    getAllNamespaces: (_c, ctx) => ok(ctx.subject!.namespaces),
    getLimits: (c, ctx) => {
      pathNamespace(c, ctx);
      return ok(deps.throttle.effectiveLimits());
    },
  };
}
