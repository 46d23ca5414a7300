/**
 * The API gateway as `wsk api` and `serverless-openwhisk` use it (OpenWhisk's routemgmt, docs/apigateway.md),
 * with real nodejs web actions on the process backend and the SQLite store: create (the CLI's exact request),
 * list, get (the Swagger document), route calls (GET and POST with a path parameter), Swagger import, secured
 * web actions, delete, the refusals (bad input, non-web actions, other namespaces) and a restart.
 */
import request from 'supertest';
import { rmSync } from 'node:fs';
import openwhisk from 'openwhisk';
import { subjectFromKey } from '../auth/seed-subjects';
import { authed } from '../../test/helpers/api-client';
import { GUEST_KEY, makeTempDir, startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const APIMGMT = '/api/v1/web/whisk.system/apimgmt';
const GUEST_ID = GUEST_KEY.split(':')[0]!;
const ALICE_KEY = 'a1ce0000-0000-4000-8000-000000000001:alice-secret-key-0123456789';
const ALICE_ID = ALICE_KEY.split(':')[0]!;
/** What the CLI adds to every apimgmt call (getAccessToken / getUserContextId). */
const CLI_QUERY = `accesstoken=DUMMY+TOKEN&spaceguid=${GUEST_ID}`;
const NOT_WEB = `Action '/guest/plain' is not a web action. Issue 'wsk action update "/guest/plain" --web true' to convert the action to a web action.`;

const HELLO = 'function main({ name = "Serverless API" }) { return { payload: `Hello world ${name}` } }';
const BOOK = `function main(p) {
  return { statusCode: 200, headers: { "content-type": "application/json" },
    body: { method: p.__ow_method, path: p.__ow_path, isbn: p.__ow_path.split("/").pop(), title: p.title || null, q: p.q || null } };
}`;

/** The body `wsk api create BASE PATH VERB ACTION` sends (commands/api.go parseApi). */
function cliApidoc(url: string, base: string, path: string, verb: string, action: string, extra: Record<string, unknown> = {}) {
  const params = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
    name: m[1], in: 'path', description: `Default description for '${m[1]}'`, required: true, type: 'string',
  }));
  return {
    apidoc: {
      namespace: '_', gatewayBasePath: base, gatewayPath: path, gatewayMethod: verb.toUpperCase(), id: `API:_:${base}`,
      action: { name: action, namespace: '_', backendMethod: verb.toUpperCase(), backendUrl: `${url}/api/v1/web/_/default/${action}.http`, authkey: GUEST_KEY },
      ...(params.length > 0 ? { pathParameters: params } : {}),
      ...extra,
    },
  };
}

describe('API gateway (wsk api, serverless-openwhisk)', () => {
  const dataDir = makeTempDir('owfast-apigw-');
  let platform: TestPlatform;
  const mgmt = (method: 'get' | 'post' | 'delete', op: string, query = CLI_QUERY, key = GUEST_KEY) =>
    authed(platform.url, method, `${APIMGMT}/${op}.http?${query}`, key);
  const create = (body: object, responseType = 'json', key = GUEST_KEY) => mgmt('post', 'createApi', `${CLI_QUERY}&responsetype=${responseType}`, key).send(body);
  const route = (method: 'get' | 'post' | 'put' | 'delete' | 'options', path: string, id = GUEST_ID) => request(platform.url)[method](`/api/${id}${path}`);

  async function createAction(name: string, code: string, annotations: Record<string, unknown> = { 'web-export': true }, key = GUEST_KEY) {
    await authed(platform.url, 'put', `/api/v1/namespaces/_/actions/${name}?overwrite=true`, key)
      .send({ exec: { kind: 'nodejs:default', code }, annotations: Object.entries(annotations).map(([k, value]) => ({ key: k, value })) })
      .expect(200);
  }

  beforeAll(async () => {
    platform = await startTestPlatform({ backend: 'process', store: 'sqlite', dataDir });
    await platform.store.putSubject(subjectFromKey('alice', ALICE_KEY));
    await createAction('hello', HELLO);
    await createAction('book', BOOK);
    await createAction('plain', HELLO, {});
    await createAction('vault', HELLO, { 'web-export': true, 'require-whisk-auth': 'sekret-42' });
    await createAction('hello', HELLO, { 'web-export': true }, ALICE_KEY);
  }, 60_000);
  afterAll(async () => {
    await platform?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists no APIs as {"apis": []}, with or without an extension (wsk, npm client)', async () => {
    await mgmt('get', 'getApi', `${CLI_QUERY}&limit=30&skip=0`).expect(200, { apis: [] });
    const npm = await authed(platform.url, 'get', `${APIMGMT}/getApi`).expect(200);
    expect(npm.body).toEqual({ apis: [] });
  });

  it.each([
    ['get', 'getApi'], ['post', 'createApi'], ['delete', 'deleteApi'],
  ] as const)('answers 401 to %s %s without valid credentials', async (method, op) => {
    const res = await request(platform.url)[method](`${APIMGMT}/${op}.http?basepath=/x`).expect(401);
    expect(res.body).toEqual({ error: 'The supplied authentication is invalid.', code: expect.any(String) });
    await request(platform.url)[method](`${APIMGMT}/${op}.http`).set('authorization', 'Basic Zm9vOmJhcg==').expect(401);
  });

  it('creates an API as `wsk api create /hello /world get hello` and answers what the CLI prints from', async () => {
    const res = await create(cliApidoc(platform.url, '/hello', '/world', 'get', 'hello')).expect(200);
    expect(res.body).toMatchObject({ namespace: 'guest', gwApiActivated: true, tenantId: GUEST_ID, gwApiUrl: `${platform.url}/api/${GUEST_ID}/hello` });
    expect(res.body.apidoc.paths['/world'].get).toMatchObject({
      operationId: 'getWorld',
      'x-openwhisk': { namespace: 'guest', package: '', action: 'hello', url: `${platform.url}/api/v1/web/guest/default/hello.json` },
    });
  });

  it('lists the API and gets its Swagger 2 document by base path or by name', async () => {
    const list = await mgmt('get', 'getApi', `${CLI_QUERY}&limit=30&skip=0`).expect(200);
    expect(list.body.apis).toHaveLength(1);
    expect(list.body.apis[0]).toMatchObject({ id: 'API:guest:/hello', key: 'guest', value: { gwApiUrl: `${platform.url}/api/${GUEST_ID}/hello` } });
    const got = await mgmt('get', 'getApi', `${CLI_QUERY}&basepath=%2Fhello`).expect(200);
    const doc = got.body.apis[0].value.apidoc;
    expect(doc).toMatchObject({ swagger: '2.0', basePath: '/hello', info: { title: '/hello', version: '1.0.0' } });
    expect(Object.keys(doc.paths)).toEqual(['/world']);
    expect(doc.paths['/world'].get.responses).toEqual({ default: { description: 'Default response' } });
    expect(doc['x-ibm-configuration'].assembly.execute[0]['operation-switch'].case).toEqual([
      { operations: ['getWorld'], execute: [{ invoke: { 'target-url': `${platform.url}/api/v1/web/guest/default/hello.json`, verb: 'keep' } }] },
    ]);
    await mgmt('get', 'getApi', `${CLI_QUERY}&basepath=%2Fnone`).expect(200, { apis: [] });
    expect((await mgmt('get', 'getApi', `basepath=${encodeURIComponent('/hello')}`).expect(200)).body.apis[0].value.apidoc).toEqual(doc);
    await mgmt('get', 'getApi', 'outputFormat=xml').expect(400, /Invalid outputFormat value/);
  });

  it('serves the route like the web action it maps (json response type), and 404/405 elsewhere', async () => {
    const viaRoute = await route('get', '/hello/world?name=OpenWhisk').expect(200).expect('content-type', /application\/json/);
    expect(viaRoute.body).toEqual({ payload: 'Hello world OpenWhisk' });
    const direct = await request(platform.url).get('/api/v1/web/guest/default/hello.json?name=OpenWhisk').expect(200);
    expect(viaRoute.body).toEqual(direct.body);
    expect(viaRoute.headers['x-openwhisk-activation-id']).toMatch(/^[0-9a-f]{32}$/);
    await route('post', '/hello/world').expect(405, /supported methods: GET/);
    await route('get', '/hello/other').expect(404, /The requested resource does not exist/);
    await route('get', '/hello/world', 'no-such-id').expect(404);
    const preflight = await route('options', '/hello/world').set('origin', 'http://x.example').expect(200);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });

  it('maps path parameters with the http response type: GET and POST /club/books/{isbn}', async () => {
    await create(cliApidoc(platform.url, '/club', '/books/{isbn}', 'get', 'book', { apiName: 'Book Club' }), 'http').expect(200);
    const res = await create(cliApidoc(platform.url, '/club', '/books/{isbn}', 'post', 'book'), 'http').expect(200);
    expect(res.body.apidoc.info.title).toBe('Book Club');
    expect(res.body.apidoc.paths['/books/{isbn}'].get.parameters).toEqual([expect.objectContaining({ name: 'isbn', in: 'path' })]);

    const got = await route('get', '/club/books/978-0596517748?q=js').expect(200);
    expect(got.body).toEqual({ method: 'get', path: '/club/books/978-0596517748', isbn: '978-0596517748', title: null, q: 'js' });
    const posted = await route('post', '/club/books/978-1').send({ title: 'The Good Parts' }).expect(200);
    expect(posted.body).toEqual({ method: 'post', path: '/club/books/978-1', isbn: '978-1', title: 'The Good Parts', q: null });
    await route('get', '/club/books').expect(404);
    const byName = await mgmt('get', 'getApi', `basepath=${encodeURIComponent('Book Club')}`).expect(200);
    expect(byName.body.apis.map((a: { value: { apidoc: { basePath: string } } }) => a.value.apidoc.basePath)).toEqual(['/club']);
  });

  it("refuses to map an action that is not a web action, with the CLI's message", async () => {
    const res = await create(cliApidoc(platform.url, '/p', '/x', 'get', 'plain')).expect(400);
    expect(res.body).toEqual({ error: NOT_WEB, code: expect.any(String) });
    await create(cliApidoc(platform.url, '/p', '/x', 'get', 'missing')).expect(404);
    await mgmt('get', 'getApi', 'basepath=/p').expect(200, { apis: [] });
  });

  it.each([
    ['no apidoc', {}, 'apidoc is required.'],
    ['apidoc not JSON', { apidoc: '{nope' }, 'apidoc field cannot be parsed. Ensure it is valid JSON.'],
    ['apidoc a number', { apidoc: 7 }, 'apidoc field is of type number and should be a JSON object or a JSON string.'],
    ['no namespace', { apidoc: { gatewayBasePath: '/a' } }, 'apidoc is missing the namespace field'],
    ['no base path', { apidoc: { namespace: '_', gatewayPath: '/a' } }, 'apidoc is missing the gatewayBasePath field'],
    ['no method', { apidoc: { namespace: '_', gatewayBasePath: '/a', gatewayPath: '/b' } }, 'apidoc is missing the gatewayMethod field'],
    ['no action', { apidoc: { namespace: '_', gatewayBasePath: '/a', gatewayPath: '/b', gatewayMethod: 'GET' } }, 'apidoc is missing the action field.'],
    ['no authkey', { apidoc: { namespace: '_', gatewayBasePath: '/a', gatewayPath: '/b', gatewayMethod: 'GET', action: { name: 'hello', namespace: '_', backendMethod: 'GET', backendUrl: 'http://h/api/v1/web/_/default/hello.http' } } }, 'action is missing the authkey field.'],
    ['swagger and gatewayBasePath', { apidoc: { namespace: '_', gatewayBasePath: '/a', swagger: { basePath: '/a' } } }, 'swagger and gatewayBasePath are mutually exclusive and cannot be specified together.'],
    ['swagger without basePath', { apidoc: { namespace: '_', swagger: { paths: {}, info: {} } } }, 'swagger is missing the basePath field.'],
    ['swagger not JSON', { apidoc: { namespace: '_', swagger: '{' } }, 'swagger field cannot be parsed. Ensure it is valid JSON.'],
    ['a relative base path', cliApidocLike({ gatewayBasePath: 'hello' }), "'hello' must begin with '/'."],
    ['a swagger path that is not an object', { apidoc: { namespace: '_', swagger: JSON.stringify({ swagger: '2.0', basePath: '/w', info: {}, paths: { '/a': 5 } }) } },
      "API creation failure: swagger path '/a' must be an object of operations."],
    ['a null swagger operation', { apidoc: { namespace: '_', swagger: { swagger: '2.0', basePath: '/w', info: {}, paths: { '/a': { get: null } } } } },
      "API creation failure: swagger operation 'get' of path '/a' must be an object."],
  ])('answers 400 with OpenWhisk\'s message for %s', async (_name, body, message) => {
    const res = await create(body).expect(400);
    expect(res.body).toEqual({ error: message, code: expect.any(String) });
    const listed = await mgmt('get', 'getApi', `${CLI_QUERY}&basepath=%2Fw`).expect(200);
    expect(listed.body.apis).toEqual([]);
  });

  it('refuses path parameters without the http response type or without their declaration', async () => {
    const json = await create(cliApidoc(platform.url, '/bad', '/b/{id}', 'get', 'book'), 'json').expect(400);
    expect(json.body.error).toBe("API creation failure: The action must use a response type of '.http' in order to receive the path parameters.");
    const undeclared = cliApidoc(platform.url, '/bad', '/b/{id}', 'get', 'book');
    delete (undeclared.apidoc as Record<string, unknown>).pathParameters;
    const res = await create(undeclared, 'http').expect(400);
    expect(res.body.error).toBe("API creation failure: The parameter 'id' defined in path '/b/{id}' does not match any of the parameters defined for the path in the swagger file.");
    await create(cliApidoc(platform.url, '/a/{x}', '/b', 'get', 'hello')).expect(400, /The base path \(\/a\/\{x\}\) cannot have parameters/);
  });

  it('re-creates an API from its exported Swagger document (wsk api create --config-file)', async () => {
    const exported = (await mgmt('get', 'getApi', 'basepath=/club').expect(200)).body.apis[0].value.apidoc;
    await mgmt('delete', 'deleteApi', `${CLI_QUERY}&basepath=/club`).expect(200, {});
    await route('get', '/club/books/1').expect(404);
    const res = await create({ apidoc: { namespace: '_', swagger: JSON.stringify(exported) } }).expect(200);
    expect(res.body.apidoc).toEqual(exported);
    expect((await route('get', '/club/books/2').expect(200)).body.isbn).toBe('2');
  });

  it("imports serverless-openwhisk's document: package 'default', its own operation ids, a secured web action", async () => {
    const url = `https://example.test/api/v1/web/_/default/vault.json`;
    const swagger = {
      swagger: '2.0', basePath: '/', info: { title: 'svc', version: '1.0' },
      paths: { '/api/secret': { get: { operationId: 'get-/api/secret', responses: { 200: { description: 'ok' } }, 'x-openwhisk': { action: 'vault', namespace: '_', package: 'default', url } } } },
      'x-ibm-configuration': { cors: { enabled: true }, assembly: { execute: [{ 'operation-switch': { case: [{
        operations: ['get-/api/secret'],
        execute: [{ 'set-variable': { actions: [{ set: 'message.headers.X-Require-Whisk-Auth', value: 'sekret-42' }] } }, { invoke: { 'target-url': url, verb: 'keep' } }],
      }] } }] } },
    };
    const res = await create({ apidoc: { namespace: '_', swagger } }).expect(200);
    expect(res.body.gwApiUrl).toBe(`${platform.url}/api/${GUEST_ID}`);
    expect(res.body.apidoc.paths['/api/secret'].get['x-openwhisk'].namespace).toBe('guest');
    await request(platform.url).get('/api/v1/web/guest/default/vault.json').expect(401);
    expect((await route('get', '/api/secret?name=route').expect(200)).body).toEqual({ payload: 'Hello world route' });
    await mgmt('delete', 'deleteApi', 'basepath=/').expect(200, {});
  });

  it('works with the openwhisk npm client (routes.create, list, delete)', async () => {
    // The npm client honours HTTP(S)_PROXY but not NO_PROXY (clients.md): loopback must bypass any proxy.
    for (const name of ['PROXY', 'proxy', 'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy']) delete process.env[name];
    const ow = openwhisk({ apihost: platform.url, api_key: GUEST_KEY });
    const created = (await ow.routes.create({ basepath: '/npm', relpath: '/hi', operation: 'GET', action: 'hello' })) as { gwApiUrl: string };
    expect(created.gwApiUrl).toBe(`${platform.url}/api/${GUEST_ID}/npm`);
    expect((await request(`${created.gwApiUrl}/hi?name=npm`).get('').expect(200)).body).toEqual({ payload: 'Hello world npm' });
    const listed = (await ow.routes.list()) as { apis: { value: { apidoc: { basePath: string } } }[] };
    expect(listed.apis.map((a) => a.value.apidoc.basePath)).toContain('/npm');
    expect((await ow.routes.list({ basepath: '/npm' })).apis).toHaveLength(1);
    await ow.routes.delete({ basepath: '/npm' });
    await route('get', '/npm/hi').expect(404);
  });

  describe('namespaces', () => {
    it('lists, gets and deletes only the caller\'s APIs', async () => {
      await mgmt('get', 'getApi', '', ALICE_KEY).expect(200, { apis: [] });
      await mgmt('get', 'getApi', 'basepath=/hello', WHISK_SYSTEM_KEY).expect(200, { apis: [] });
      const res = await mgmt('delete', 'deleteApi', 'basepath=/hello', ALICE_KEY).expect(404);
      expect(res.body.error).toBe("API deletion failure: API '/hello' does not exist.");
      await route('get', '/hello/world').expect(200);
    });

    it("refuses to map another namespace's action, even through the apidoc's namespace fields", async () => {
      const foreign = cliApidoc(platform.url, '/steal', '/x', 'get', 'hello');
      foreign.apidoc.action.namespace = 'guest';
      foreign.apidoc.namespace = 'guest';
      await create(foreign, 'json', ALICE_KEY).expect(403, /not authorized/);
      await mgmt('get', 'getApi', 'basepath=/steal').expect(200, { apis: [] });
    });

    it('keeps the same base path apart per namespace, each served under its own id', async () => {
      await create(cliApidoc(platform.url, '/hello', '/alice', 'get', 'hello'), 'json', ALICE_KEY).expect(200);
      await route('get', '/hello/alice?name=A', ALICE_ID).expect(200, { payload: 'Hello world A' });
      await route('get', '/hello/world', ALICE_ID).expect(404);
      await route('get', '/hello/alice').expect(404);
      const guest = await mgmt('get', 'getApi', 'basepath=/hello').expect(200);
      expect(Object.keys(guest.body.apis[0].value.apidoc.paths)).toEqual(['/world']);
    });
  });

  it('deletes an operation, a path and a whole API with OpenWhisk\'s messages', async () => {
    await create(cliApidoc(platform.url, '/hello', '/world', 'post', 'hello')).expect(200);
    await route('post', '/hello/world').expect(200);
    await mgmt('delete', 'deleteApi', 'basepath=/hello&relpath=/world&operation=POST').expect(200, {});
    await route('post', '/hello/world').expect(405);
    await route('get', '/hello/world').expect(200);
    await mgmt('delete', 'deleteApi', 'basepath=/hello&relpath=/nope').expect(404, /API deletion failure: path '\/nope' does not exist in the API/);
    await mgmt('delete', 'deleteApi', 'basepath=/hello&relpath=/world&operation=put')
      .expect(404, /path '\/world' with operation 'put' does not exist in the API/);
    await mgmt('delete', 'deleteApi', 'operation=get&basepath=/hello').expect(400, /When specifying an operation, the path is required./);
    await mgmt('delete', 'deleteApi', '').expect(400, /basepath is required./);
    await mgmt('delete', 'deleteApi', 'basepath=/hello&relpath=/world').expect(200, {});
    await route('get', '/hello/world').expect(404);
    const left = await mgmt('get', 'getApi', '').expect(200);
    expect(left.body.apis.map((a: { value: { apidoc: { basePath: string } } }) => a.value.apidoc.basePath)).toEqual(['/club']);
  });

  it('keeps the APIs across a restart (SQLite) and serves them again', async () => {
    type Listed = { apis: { id: string; value: { apidoc: object } }[] };
    const documents = (body: Listed) => body.apis.map((a) => [a.id, a.value.apidoc]);
    const before = (await mgmt('get', 'getApi', '').expect(200)).body as Listed;
    expect(before.apis).toHaveLength(1);
    await platform.close();
    platform = await startTestPlatform({ backend: 'process', store: 'sqlite', dataDir });
    expect(documents((await mgmt('get', 'getApi', '').expect(200)).body)).toEqual(documents(before));
    expect((await route('get', '/club/books/42').expect(200)).body).toMatchObject({ method: 'get', isbn: '42' });
    await route('get', '/hello/alice', ALICE_ID).expect(200);
  }, 30_000);
});

function cliApidocLike(overrides: Record<string, unknown>) {
  return {
    apidoc: {
      namespace: '_', gatewayBasePath: '/a', gatewayPath: '/b', gatewayMethod: 'GET',
      action: { name: 'hello', namespace: '_', backendMethod: 'GET', backendUrl: 'http://h/api/v1/web/_/default/hello.http', authkey: GUEST_KEY },
      ...overrides,
    },
  };
}
