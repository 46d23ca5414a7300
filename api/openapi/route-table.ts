/**
 * Routes compiled once from the (dereferenced) OpenAPI operations: one RegExp per path template with a named group
 * per path parameter. Exact paths win over templates, then templates with more literal characters (the same
 * precedence as openapi-backend's router, which rebuilds every pattern on every request).
 *
 *   /api/v1/namespaces/{namespace}/actions/{actionName}  →  ^/api/v1/namespaces/(?<p0>[^/]+)/actions/(?<p1>[^/]+)$
 *
 * Trying the patterns in order costs about a microsecond for an invoke, so what was found for a method and path is
 * remembered (clients repeat their paths): a bounded map of short paths, emptied when full; misses (404, 405) are
 * not kept.
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

/** A remembered match: the route and its path parameters' values, in paramNames order. */
interface Found<T extends RoutedOperation> {
  route: Route<T>;
  values: string[];
}

const REMEMBERED_MAX = 4096;
/** Longer paths are not remembered (routing runs before auth: nobody may fill the map with large keys). */
const REMEMBERED_PATH_MAX = 256;

export class RouteTable<T extends RoutedOperation> {
  private readonly routes: Route<T>[];
  /** By `METHOD path` as the request spelled them. */
  private readonly remembered = new Map<string, Found<T>>();

  constructor(operations: readonly T[]) {
    this.routes = operations
      .map((operation) => compile(operation))
      .sort((a, b) => b.specificity - a.specificity);
  }

  match(method: string, path: string): RouteMatch<T> {
    const key = method + ' ' + path;
    const known = this.remembered.get(key);
    if (known) return found(known);
    const match = this.search(method, path);
    if ('route' in match) {
      if (path.length > REMEMBERED_PATH_MAX) return found(match);
      if (this.remembered.size >= REMEMBERED_MAX) this.remembered.clear();
      this.remembered.set(key, match);
      return found(match);
    }
    return match;
  }

  private search(method: string, path: string): Found<T> | Exclude<RouteMatch<T>, { kind: 'found' }> {
    const lower = method.toLowerCase();
    let allowed: string[] | undefined;
    let matchedSpecificity = -1;
    for (const route of this.routes) {
      if (matchedSpecificity > route.specificity) break;
      const m = route.pattern.exec(path);
      if (!m) continue;
      if (route.operation.method === lower) {
        return { route, values: route.paramNames.map((_, i) => m.groups![`p${i}`]!) };
      }
      matchedSpecificity = route.specificity;
      (allowed ??= []).push(route.operation.method.toUpperCase());
    }
    return allowed ? { kind: 'methodNotAllowed', allowed } : { kind: 'notFound' };
  }
}

/** A fresh params object per request: handlers and validators may change it. */
function found<T extends RoutedOperation>({ route, values }: Found<T>): RouteMatch<T> & { kind: 'found' } {
  const params: Record<string, string> = {};
  for (let i = 0; i < values.length; i++) params[route.paramNames[i]!] = values[i]!;
  return { kind: 'found', operation: route.operation, params };
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
