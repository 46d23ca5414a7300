/**
 * Routes compiled from the APIs' Swagger documents, and the match of a request against them. A route's target
 * is read from the operation's `x-openwhisk` extension (namespace, package, action, and the response type from
 * its URL's extension), or else from its operation-switch case's target URL (`…/api/v1/web/ns/pkg/action.ext`);
 * the case also carries the `X-Require-Whisk-Auth` value for secured web actions.
 *
 * Matching, for a request path split into decoded segments: every API whose base path is a segment prefix of
 * the path, longest base path first; within one, operations whose relative path has as many segments, literal
 * segments equal and `{param}` segments non-empty, most literal segments first. The first whose verb matches
 * wins (HEAD falls back to GET); none matching the verb → 405 with the verbs that would; no path → 404.
 *
 *   /api/<id>/club/books/978-0  →  base /club, rel /books/{isbn} (1 literal) before /books/{id}/x (no match)
 */
import type { JsonObject } from '../../common/types/entities.js';
import { isWebExtension, type WebExtension } from '../web/web-path.js';
import {
  firstOperation, isObject, operationIdOf, operationsOf, SECURE_KEY_HEADER, switchCases, type ActionRef, type ApiVerb,
  type SwaggerApi,
} from './swagger-doc.js';

export interface RouteTarget extends ActionRef {
  responseType: WebExtension;
  /** Sent as `X-Require-Whisk-Auth` to a web action secured with a secret. */
  secureKey?: string;
}

type Segment = { literal: string } | { param: string };

export interface CompiledOperation {
  verb: ApiVerb;
  relPath: string;
  segments: Segment[];
  literals: number;
  target: RouteTarget;
}

export interface CompiledApi {
  namespace: string;
  basePath: string;
  baseSegments: string[];
  operations: CompiledOperation[];
}

export type RouteMatch =
  | { kind: 'found'; api: CompiledApi; operation: CompiledOperation }
  | { kind: 'methodNotAllowed'; allowed: string[] }
  | { kind: 'notFound' };

const WEB_URL = /\/api\/v\d+\/web\/([^/]+)\/([^/]+)\/([^/]+?)\.(\w+)(?:\$\(request\.path\))?$/;
const URL_EXTENSION = /\.(\w+)(?:\$\(request\.path\))?$/;

export const pathSegments = (path: string): string[] => path.split('/').filter(Boolean);

/** The target of one operation, or undefined when it maps no web action. */
export function targetOf(swagger: SwaggerApi, relPath: string, verb: ApiVerb, operation: JsonObject): RouteTarget | undefined {
  const operationId = typeof operation.operationId === 'string' ? operation.operationId : operationIdOf(verb, relPath);
  const found = switchCases(swagger).find((c) => firstOperation(c) === operationId);
  const execute = found && Array.isArray(found.execute) ? found.execute.filter(isObject) : [];
  const targetUrl = execute.map((e) => (isObject(e.invoke) ? e.invoke['target-url'] : undefined)).find((u) => typeof u === 'string');
  const secret = execute
    .flatMap((e) => (isObject(e['set-variable']) && Array.isArray(e['set-variable'].actions) ? e['set-variable'].actions : []))
    .find((a) => isObject(a) && a.set === SECURE_KEY_HEADER);
  const secureKey = isObject(secret) && secret.value !== null && secret.value !== undefined ? String(secret.value) : undefined;
  const ext = operation['x-openwhisk'];
  if (isObject(ext) && typeof ext.namespace === 'string' && typeof ext.action === 'string' && ext.action && ext.namespace) {
    const pkg = typeof ext.package === 'string' && ext.package !== 'default' ? ext.package : '';
    const typed = typeof ext.url === 'string' ? URL_EXTENSION.exec(ext.url)?.[1] : undefined;
    return withSecret({ namespace: ext.namespace, packageName: pkg, actionName: ext.action, responseType: responseTypeOf(typed) }, secureKey);
  }
  const m = typeof targetUrl === 'string' ? WEB_URL.exec(targetUrl) : null;
  if (!m) return undefined;
  const [, namespace, pkg, action, typed] = m;
  return withSecret({ namespace: namespace!, packageName: pkg === 'default' ? '' : pkg!, actionName: action!, responseType: responseTypeOf(typed) }, secureKey);
}

export function compileApi(namespace: string, swagger: SwaggerApi): CompiledApi {
  const operations: CompiledOperation[] = [];
  for (const { relPath, verb, operation } of operationsOf(swagger)) {
    const target = targetOf(swagger, relPath, verb, operation);
    if (!target) continue;
    const segments = pathSegments(relPath).map((s): Segment => (/^\{[^/{}]+\}$/.test(s) ? { param: s.slice(1, -1) } : { literal: s }));
    operations.push({ verb, relPath, segments, literals: segments.filter((s) => 'literal' in s).length, target });
  }
  operations.sort((a, b) => b.literals - a.literals);
  return { namespace, basePath: swagger.basePath, baseSegments: pathSegments(swagger.basePath), operations };
}

/** `segments` are the request path's segments after `/api/{namespace-id}`, percent-decoded. */
export function matchRoute(apis: readonly CompiledApi[], method: string, segments: readonly string[]): RouteMatch {
  const verb = method.toLowerCase();
  const candidates: { api: CompiledApi; operation: CompiledOperation }[] = [];
  const byBase = [...apis].sort((a, b) => b.baseSegments.length - a.baseSegments.length);
  for (const api of byBase) {
    if (!api.baseSegments.every((s, i) => segments[i] === s)) continue;
    const rest = segments.slice(api.baseSegments.length);
    for (const operation of api.operations) {
      if (fits(operation.segments, rest)) candidates.push({ api, operation });
    }
  }
  const hit = candidates.find((c) => c.operation.verb === verb)
    ?? (verb === 'head' ? candidates.find((c) => c.operation.verb === 'get') : undefined);
  if (hit) return { kind: 'found', ...hit };
  if (candidates.length === 0) return { kind: 'notFound' };
  return { kind: 'methodNotAllowed', allowed: [...new Set(candidates.map((c) => c.operation.verb.toUpperCase()))] };
}

function fits(template: readonly Segment[], rest: readonly string[]): boolean {
  if (template.length !== rest.length) return false;
  return template.every((s, i) => ('literal' in s ? s.literal === rest[i] : rest[i]!.length > 0));
}

function responseTypeOf(extension: string | undefined): WebExtension {
  return extension !== undefined && isWebExtension(extension) ? extension : 'json';
}

function withSecret(target: RouteTarget, secureKey: string | undefined): RouteTarget {
  return secureKey === undefined ? target : { ...target, secureKey };
}
