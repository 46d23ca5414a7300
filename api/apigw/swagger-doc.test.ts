/** Edits of an API's Swagger document and the checks OpenWhisk makes before storing it. */
import { normalizeBasePath, splitActionName } from './apidoc';
import {
  addEndpoint, baseSwagger, checkSwagger, operationIdOf, removeEndpoint, resolveDefaultNamespace, switchCases, type Endpoint,
} from './swagger-doc';

const endpoint = (relPath: string, verb: Endpoint['verb'], responseType = 'json', extra: Partial<Endpoint> = {}): Endpoint => ({
  relPath, verb, action: { namespace: 'guest', packageName: '', actionName: 'hello' }, origin: 'http://h', responseType, ...extra,
});

describe('swagger-doc', () => {
  it.each([
    ['get', '/world', 'getWorld'],
    ['GET', '/books/{isbn}', 'getBooksIsbn'],
    ['post', '/a-b/c_d/E.f', 'postA-bC_dEF'],
    ['delete', '/', 'delete'],
  ])('operationIdOf(%s, %s) = %s', (verb, path, id) => {
    expect(operationIdOf(verb, path)).toBe(id);
  });

  it('adds operations without touching the original, one switch case per operation', () => {
    const base = baseSwagger('/hello', 'Hello API');
    const one = addEndpoint(base, endpoint('/world', 'get'));
    const two = addEndpoint(one, endpoint('/world', 'post', 'http', { secureKey: 'k' }));
    expect(base.paths).toEqual({});
    expect(Object.keys(two.paths['/world']!)).toEqual(['get', 'post']);
    expect((two.info as { title: string }).title).toBe('Hello API');
    expect(switchCases(two)).toEqual([
      { operations: ['getWorld'], execute: [{ invoke: { 'target-url': 'http://h/api/v1/web/guest/default/hello.json', verb: 'keep' } }] },
      {
        operations: ['postWorld'],
        execute: [
          { invoke: { 'target-url': 'http://h/api/v1/web/guest/default/hello.http$(request.path)', verb: 'keep' } },
          { 'set-variable': { actions: [{ set: 'message.headers.X-Require-Whisk-Auth', value: 'k' }] } },
        ],
      },
    ]);
    expect(switchCases(addEndpoint(two, endpoint('/world', 'get', 'text')))).toHaveLength(2); // replaced, not added
  });

  it('removes one verb, then the path with its last verb, with 404s for what is not there', () => {
    const doc = addEndpoint(addEndpoint(baseSwagger('/h'), endpoint('/w', 'get')), endpoint('/w', 'put'));
    const noPut = removeEndpoint(doc, '/w', 'PUT');
    expect(Object.keys(noPut.paths['/w']!)).toEqual(['get']);
    expect(switchCases(noPut).map((c) => c.operations)).toEqual([['getW']]);
    expect(removeEndpoint(noPut, '/w').paths).toEqual({});
    expect(() => removeEndpoint(doc, '/x')).toThrow("API deletion failure: path '/x' does not exist in the API");
    expect(() => removeEndpoint(noPut, '/w', 'put')).toThrow("path '/w' with operation 'put' does not exist in the API");
  });

  it('checks path parameters as OpenWhisk does before storing', () => {
    const params = [{ name: 'id', in: 'path', required: true, type: 'string' }];
    expect(() => checkSwagger(addEndpoint(baseSwagger('/b'), endpoint('/x/{id}', 'get', 'http', { pathParameters: params })))).not.toThrow();
    expect(() => checkSwagger(addEndpoint(baseSwagger('/b'), endpoint('/x/{id}', 'get', 'json', { pathParameters: params }))))
      .toThrow("API creation failure: The action must use a response type of '.http' in order to receive the path parameters.");
    expect(() => checkSwagger(addEndpoint(baseSwagger('/b'), endpoint('/x/{id}', 'get', 'http'))))
      .toThrow("The parameter 'id' defined in path '/x/{id}' does not match any of the parameters defined for the path in the swagger file.");
    expect(() => checkSwagger(baseSwagger('/b/{v}'))).toThrow('The base path (/b/{v}) cannot have parameters.');
  });

  it("resolves '_' in an imported document to the caller's namespace", () => {
    const doc = addEndpoint(baseSwagger('/b'), { ...endpoint('/x', 'get'), action: { namespace: '_', packageName: '', actionName: 'a' } });
    const resolved = resolveDefaultNamespace(doc, 'guest');
    expect((resolved.paths['/x']!.get as { 'x-openwhisk': object })['x-openwhisk'])
      .toEqual({ namespace: 'guest', package: '', action: 'a', url: 'http://h/api/v1/web/guest/default/a.json' });
    expect(JSON.stringify(switchCases(resolved))).toContain('/web/guest/default/a.json');
  });

  it.each([
    ['hello', { packageName: '', actionName: 'hello' }],
    ['pkg/hello', { packageName: 'pkg', actionName: 'hello' }],
    ['/ns/hello', { packageName: '', actionName: 'hello' }],
    ['/ns/pkg/hello', { packageName: 'pkg', actionName: 'hello' }],
  ])('splitActionName(%s)', (name, expected) => {
    expect(splitActionName(name)).toEqual(expected);
  });

  it.each([['/a/', '/a'], ['/', '/'], ['//', '/'], ['/a/b', '/a/b']])('normalizeBasePath(%s) = %s', (path, expected) => {
    expect(normalizeBasePath(path)).toBe(expected);
  });
});
