/** Namespaces: the caller's namespaces, and a namespace's effective throttle limits. */
import type { GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import { pathNamespace } from './path-params.js';

export function namespaceOperations(deps: GatewayDeps): Record<string, OperationHandler> {
  return {
    getAllNamespaces: (_c, ctx) => ok(ctx.subject!.namespaces),
    // As Limits.scala: the namespace's overrides, with the three throttles defaulted to the system's.
    getLimits: (c, ctx) => {
      const namespace = pathNamespace(c, ctx);
      const overrides = ctx.subject!.limits?.[namespace];
      return ok({ ...overrides, ...deps.throttle.effectiveLimits(overrides) });
    },
  };
}
