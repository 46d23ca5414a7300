/** Compiling Swagger documents into routes and matching requests, as tables (no server). */
import { compileApi, matchRoute, pathSegments, type CompiledApi } from './api-routes';
import { isApiRouteRequest } from './route-entry';
import { addEndpoint, baseSwagger, type ApiVerb, type SwaggerApi } from './swagger-doc';

const ORIGIN = 'http://127.0.0.1:3233';

function api(basePath: string, ops: [ApiVerb, string, string, string?][]): SwaggerApi {
  return ops.reduce(
    (doc, [verb, relPath, action, responseType = 'http']) =>
      addEndpoint(doc, { relPath, verb, action: { namespace: 'guest', packageName: '', actionName: action }, origin: ORIGIN, responseType }),
    baseSwagger(basePath),
  );
}

describe('matchRoute', () => {
  const apis: CompiledApi[] = [
    compileApi('guest', api('/club', [['get', '/books', 'list'], ['get', '/books/{isbn}', 'one'], ['post', '/books', 'add'], ['get', '/books/new', 'latest']])),
    compileApi('guest', api('/club/members', [['get', '/{id}', 'member']])),
    compileApi('guest', api('/', [['get', '/ping', 'ping']])),
  ];
  const match = (method: string, path: string) => {
    const m = matchRoute(apis, method, pathSegments(path));
    return m.kind === 'found' ? m.operation.target.actionName : m.kind === 'methodNotAllowed' ? `405 ${m.allowed.join(',')}` : '404';
  };

  it.each([
    ['GET', '/club/books', 'list'],
    ['POST', '/club/books', 'add'],
    ['GET', '/club/books/978', 'one'],
    ['GET', '/club/books/new', 'latest'], // a literal segment wins over a parameter
    ['GET', '/club/books/978/', 'one'], // a trailing slash is the same path
    ['HEAD', '/club/books/978', 'one'], // HEAD falls back to GET
    ['GET', '/club/members/7', 'member'], // the longer base path first
    ['GET', '/ping', 'ping'], // base path `/`
    ['DELETE', '/club/books', '405 GET,POST'],
    ['GET', '/club/books/1/2', '404'],
    ['GET', '/club', '404'],
    ['GET', '/other/books', '404'],
  ])('%s %s → %s', (method, path, expected) => {
    expect(match(method, path)).toBe(expected);
  });
});

describe('compileApi', () => {
  it('reads the target from x-openwhisk: package, response type, and the secret from the operation switch', () => {
    const doc = addEndpoint(baseSwagger('/s'), {
      relPath: '/x', verb: 'get', action: { namespace: 'guest', packageName: 'pkg', actionName: 'a' }, origin: ORIGIN, responseType: 'text', secureKey: 1234,
    });
    expect(compileApi('guest', doc).operations[0]!.target).toEqual({ namespace: 'guest', packageName: 'pkg', actionName: 'a', responseType: 'text', secureKey: '1234' });
  });

  it('falls back to the target URL when an operation has no x-openwhisk, and skips operations with neither', () => {
    const doc: SwaggerApi = {
      ...baseSwagger('/b'),
      paths: { '/t': { get: { operationId: 'getT' } }, '/none': { get: { operationId: 'getNone' } } },
      'x-ibm-configuration': { assembly: { execute: [{ 'operation-switch': { case: [
        { operations: ['getT'], execute: [{ invoke: { 'target-url': 'https://h/api/v1/web/guest/default/t.http$(request.path)' } }] },
      ] } }] } },
    };
    const compiled = compileApi('guest', doc);
    expect(compiled.operations.map((o) => [o.relPath, o.target])).toEqual([
      ['/t', { namespace: 'guest', packageName: '', actionName: 't', responseType: 'http' }],
    ]);
  });
});

describe('isApiRouteRequest', () => {
  it.each([
    ['/api/23bc46b1-71f6-4ed5-8c54-816aa4f8c502/hello/world', true],
    ['/api/23bc46b1/hello?x=1', true],
    ['/api/id', true],
    ['/api/v1', false],
    ['/api/v1?x=1', false],
    ['/api/v1/namespaces/_/actions', false],
    ['/api/v1/web/guest/default/a.json', false],
    ['/api/', false],
    ['/api', false],
    ['/ping', false],
  ])('%s → %s', (url, expected) => {
    expect(isApiRouteRequest(url)).toBe(expected);
  });
});
