/**
 * Routes compiled once from the (dereferenced) OpenAPI operations: one RegExp per path template with a named group
 * per path parameter. Exact paths win over templates, then templates with more literal characters (the same
 * precedence as openapi-backend's router, which rebuilds every pattern on every request).
 *
 *   /api/v1/namespaces/{namespace}/actions/{actionName}  →  ^/api/v1/namespaces/(?<p0>[^/]+)/actions/(?<p1>[^/]+)$
 */
export interface RoutedOperation {
  operationId: string;
  method: string;
  path: string;
  security?: Record<string, string[]>[];
}

interface Route<T extends RoutedOperation> {
  operation: T;
  pattern: RegExp;
  paramNames: string[];
  specificity: number;
}

export type RouteMatch<T extends RoutedOperation> =
  | { kind: 'found'; operation: T; params: Record<string, string> }
  | { kind: 'methodNotAllowed'; allowed: string[] }
  | { kind: 'notFound' };

export class RouteTable<T extends RoutedOperation> {
  private readonly routes: Route<T>[];

  constructor(operations: readonly T[]) {
    this.routes = operations
      .map((operation) => compile(operation))
      .sort((a, b) => b.specificity - a.specificity);
  }

  match(method: string, path: string): RouteMatch<T> {
    const lower = method.toLowerCase();
    let allowed: string[] | undefined;
    let matchedSpecificity = -1;
    for (const route of this.routes) {
      if (matchedSpecificity > route.specificity) break;
      const m = route.pattern.exec(path);
      if (!m) continue;
      if (route.operation.method === lower) {
        const params: Record<string, string> = {};
        route.paramNames.forEach((name, i) => {
          params[name] = m.groups![`p${i}`]!;
        });
        return { kind: 'found', operation: route.operation, params };
      }
      matchedSpecificity = route.specificity;
      (allowed ??= []).push(route.operation.method.toUpperCase());
    }
    return allowed ? { kind: 'methodNotAllowed', allowed } : { kind: 'notFound' };
  }
}

function compile<T extends RoutedOperation>(operation: T): Route<T> {
  const paramNames: string[] = [];
  const parts = operation.path.split(/\{([^}]+)\}/);
  let source = '^';
  let literal = 0;
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      source += `(?<p${paramNames.length}>[^/]+)`;
      paramNames.push(part);
    } else {
      source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      literal += part.length;
    }
  });
  const exact = paramNames.length === 0;
  return { operation, pattern: new RegExp(`${source}$`), paramNames, specificity: exact ? Number.MAX_SAFE_INTEGER : literal };
}
