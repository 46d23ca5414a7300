/**
 * The Swagger 2 document of one API (one base path), as OpenWhisk's API gateway keeps it (core/routemgmt
 * common/apigw-utils.js): `paths[relPath][verb]` operations carrying an `x-openwhisk` extension
 * `{namespace, package, action, url}`, and an `x-ibm-configuration` operation switch whose cases hold each
 * operation's web-action target URL and, for secured web actions, the `X-Require-Whisk-Auth` value to send.
 * These are pure edits on a document; the registry stores it, api-routes.ts compiles it for serving.
 *
 *   { swagger: '2.0', info: {title, version}, basePath: '/club',
 *     paths: { '/books/{isbn}': { get: { operationId: 'getBooksIsbn', parameters: [...],
 *              'x-openwhisk': { namespace: 'guest', package: '', action: 'getBooks', url: '…/getBooks.http' } } } },
 *     'x-ibm-configuration': { assembly: { execute: [{ 'operation-switch': { case: [
 *         { operations: ['getBooksIsbn'], execute: [{ invoke: { 'target-url': '…/getBooks.http$(request.path)' } }] } ] } }] } } }
 */
import { ApiGwMessages } from '../../common/errors/messages.js';
import { BadRequestError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { Json, JsonObject } from '../../common/types/entities.js';

/** The verbs an API operation may use (the CLI's ApiVerbs), lower case as Swagger keys them. */
export const API_VERBS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
export type ApiVerb = (typeof API_VERBS)[number];

export const SECURE_KEY_HEADER = 'message.headers.X-Require-Whisk-Auth';
const REQUEST_PATH_SUFFIX = '$(request.path)';

export type SwaggerApi = JsonObject & { basePath: string; paths: Record<string, JsonObject> };

/** The web action an operation maps to. An empty package means none (`default` in URLs). */
export interface ActionRef {
  namespace: string;
  packageName: string;
  actionName: string;
}

/** One `wsk api create BASE PATH VERB ACTION` endpoint, namespaces already resolved. */
export interface Endpoint {
  relPath: string;
  verb: ApiVerb;
  action: ActionRef;
  /** `protocol://host` the web-action URLs in the document point at. */
  origin: string;
  responseType: string;
  pathParameters?: Json;
  secureKey?: Json;
}

export const isApiVerb = (verb: string): verb is ApiVerb => (API_VERBS as readonly string[]).includes(verb);

/** An empty API for `basePath`, titled `apiName` (or the base path), as OpenWhisk starts one. */
export function baseSwagger(basePath: string, apiName?: string): SwaggerApi {
  return {
    swagger: '2.0',
    info: { title: apiName || basePath, version: '1.0.0' },
    basePath,
    paths: {},
    'x-ibm-configuration': { assembly: {}, cors: { enabled: true } },
  };
}

/**
 * OpenWhisk's operation id: the verb, then each run of letters, digits, `_` and `-` of the path capitalised
 * (`get` + `/books/{isbn}` → `getBooksIsbn`).
 */
export function operationIdOf(verb: string, relPath: string): string {
  const words = relPath.split(/[^0-9A-Za-z_-]+/).filter(Boolean);
  return verb.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join('');
}

export function webActionUrl(origin: string, action: ActionRef, responseType: string): string {
  return `${origin}/api/v1/web/${action.namespace}/${action.packageName || 'default'}/${action.actionName}.${responseType}`;
}

/** Adds (or replaces) one operation; returns a new document. */
export function addEndpoint(swagger: SwaggerApi, endpoint: Endpoint): SwaggerApi {
  const doc = structuredClone(swagger);
  const operationId = operationIdOf(endpoint.verb, endpoint.relPath);
  const url = webActionUrl(endpoint.origin, endpoint.action, endpoint.responseType);
  const operation: JsonObject = {
    operationId,
    ...(endpoint.pathParameters !== undefined ? { parameters: endpoint.pathParameters } : {}),
    'x-openwhisk': {
      namespace: endpoint.action.namespace,
      package: endpoint.action.packageName,
      action: endpoint.action.actionName,
      url,
    },
    responses: { default: { description: 'Default response' } },
  };
  doc.paths[endpoint.relPath] = { ...(doc.paths[endpoint.relPath] ?? {}), [endpoint.verb]: operation };
  const execute: Json[] = [{ invoke: { 'target-url': url + (endpoint.responseType === 'http' ? REQUEST_PATH_SUFFIX : ''), verb: 'keep' } }];
  if (endpoint.secureKey !== undefined && endpoint.secureKey !== null) {
    execute.push({ 'set-variable': { actions: [{ set: SECURE_KEY_HEADER, value: endpoint.secureKey }] } });
  }
  const cases = switchCases(doc).filter((c) => firstOperation(c) !== operationId);
  setSwitchCases(doc, [...cases, { operations: [operationId], execute }]);
  return doc;
}

/**
 * Removes a path (all its verbs) or one verb of it; returns a new document. 404 with OpenWhisk's messages when
 * the path or verb is not in the API.
 */
export function removeEndpoint(swagger: SwaggerApi, relPath: string, verb?: string): SwaggerApi {
  const doc = structuredClone(swagger);
  const item = doc.paths[relPath];
  const lower = verb?.toLowerCase();
  if (!item) throw new NotFoundError(ApiGwMessages.deletionFailure(ApiGwMessages.pathDoesNotExist(relPath)));
  if (lower !== undefined && !item[lower]) {
    throw new NotFoundError(ApiGwMessages.deletionFailure(ApiGwMessages.operationDoesNotExist(relPath, lower)));
  }
  const removed = lower !== undefined ? [lower] : Object.keys(item).filter(isApiVerb);
  const ids = new Set(removed.map((v) => operationIdOf(v, relPath)));
  for (const v of removed) {
    const id = (item[v] as JsonObject | undefined)?.operationId;
    if (typeof id === 'string') ids.add(id);
    delete item[v];
  }
  if (!Object.keys(item).some(isApiVerb)) delete doc.paths[relPath];
  setSwitchCases(doc, switchCases(doc).filter((c) => !ids.has(firstOperation(c) ?? '')));
  return doc;
}

/**
 * `_` in an imported document's `x-openwhisk.namespace` (and in its web-action URLs) means the caller's
 * namespace, as on the CLI; returns a new document.
 */
export function resolveDefaultNamespace(swagger: SwaggerApi, namespace: string): SwaggerApi {
  const doc = structuredClone(swagger);
  const local = (url: string) => url.replace('/web/_/', `/web/${namespace}/`);
  for (const { operation } of operationsOf(doc)) {
    const ext = operation['x-openwhisk'];
    if (!isObject(ext) || ext.namespace !== '_') continue;
    ext.namespace = namespace;
    if (typeof ext.url === 'string') ext.url = local(ext.url);
  }
  for (const c of switchCases(doc)) {
    for (const step of Array.isArray(c.execute) ? c.execute : []) {
      const invoke = isObject(step) ? step.invoke : undefined;
      if (isObject(invoke) && typeof invoke['target-url'] === 'string') invoke['target-url'] = local(invoke['target-url']);
    }
  }
  return doc;
}

/** Every operation of the document, in document order. */
export function operationsOf(swagger: SwaggerApi): { relPath: string; verb: ApiVerb; operation: JsonObject }[] {
  const out: { relPath: string; verb: ApiVerb; operation: JsonObject }[] = [];
  for (const [relPath, item] of Object.entries(swagger.paths)) {
    if (!isObject(item)) continue;
    for (const [verb, operation] of Object.entries(item)) {
      if (isApiVerb(verb) && isObject(operation)) out.push({ relPath, verb, operation });
    }
  }
  return out;
}

/** The names of whole-segment path parameters (`/books/{isbn}` → ['isbn']). */
export function pathParameterNames(path: string): string[] {
  return path.split('/').flatMap((s) => (/^\{[^/{}]+\}$/.test(s) ? [s.slice(1, -1)] : []));
}

/**
 * OpenWhisk's final check before an API is stored (validateFinalSwagger): no parameters in the base path; an
 * operation on a parameterised path must use a `.http` web action and declare every path parameter.
 */
export function checkSwagger(swagger: SwaggerApi): void {
  const fail = (reason: string) => new BadRequestError(ApiGwMessages.creationFailure(reason));
  if (pathParameterNames(swagger.basePath).length > 0) throw fail(ApiGwMessages.basePathHasParameters(swagger.basePath));
  // Clients decode `paths` as path → verb → operation object (openwhisk-client-go's ApiSwaggerV2): anything else
  // stored here would break every later `wsk api list` of the namespace.
  for (const [relPath, item] of Object.entries(swagger.paths)) {
    if (!isObject(item)) throw fail(ApiGwMessages.swaggerPathNotObject(relPath));
    for (const [verb, operation] of Object.entries(item)) {
      if (isApiVerb(verb) && !isObject(operation)) throw fail(ApiGwMessages.swaggerOperationNotObject(relPath, verb));
    }
  }
  for (const { relPath, operation } of operationsOf(swagger)) {
    const names = pathParameterNames(relPath);
    if (names.length === 0) continue;
    const url = (operation['x-openwhisk'] as JsonObject | undefined)?.url;
    if (typeof url === 'string' && !url.endsWith('.http')) throw fail(ApiGwMessages.pathParametersNeedHttp);
    const declared = [
      ...asArray(swagger.paths[relPath]!.parameters),
      ...asArray(operation.parameters),
    ].map((p) => (isObject(p) ? p.name : undefined));
    const missing = names.find((name) => !declared.includes(name));
    if (missing !== undefined) throw fail(ApiGwMessages.pathParameterUndefined(missing, relPath));
  }
}

/** The operation-switch cases (`x-ibm-configuration.assembly.execute[0]['operation-switch'].case`). */
export function switchCases(swagger: JsonObject): JsonObject[] {
  const config = swagger['x-ibm-configuration'];
  const execute = isObject(config) && isObject(config.assembly) ? config.assembly.execute : undefined;
  const first = Array.isArray(execute) ? execute[0] : undefined;
  const opSwitch = isObject(first) ? first['operation-switch'] : undefined;
  const cases = isObject(opSwitch) ? opSwitch.case : undefined;
  return Array.isArray(cases) ? cases.filter(isObject) : [];
}

export function firstOperation(c: JsonObject): string | undefined {
  const ops = c.operations;
  return Array.isArray(ops) && typeof ops[0] === 'string' ? ops[0] : undefined;
}

function setSwitchCases(swagger: JsonObject, cases: JsonObject[]): void {
  const config = isObject(swagger['x-ibm-configuration']) ? swagger['x-ibm-configuration'] : {};
  const assembly = isObject(config.assembly) ? config.assembly : {};
  const execute = Array.isArray(assembly.execute) ? [...assembly.execute] : [];
  const first = isObject(execute[0]) ? execute[0] : {};
  execute[0] = { ...first, 'operation-switch': { ...(isObject(first['operation-switch']) ? first['operation-switch'] : {}), case: cases } };
  swagger['x-ibm-configuration'] = { ...config, assembly: { ...assembly, execute } };
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}
