/** Namespaces: the caller's namespaces, and a namespace's limit overrides (none set yet: `{}`). */
import type { OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import { pathNamespace } from './path-params.js';

export function namespaceOperations(): Record<string, OperationHandler> {
  return {
    getAllNamespaces: (_c, ctx) => ok(ctx.subject!.namespaces),
    getLimits: (c, ctx) => {
      pathNamespace(c, ctx);
      return ok({});
    },
  };
}
