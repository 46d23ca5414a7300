/**
 * Unauthenticated endpoints and routing errors (openwhisk-api.md "Auth and namespaces"): /ping, the /api/v1 info
 * document `wsk property get` reads without credentials, the API document, the Swagger UI, and OpenWhisk's error
 * body `{error, code}` for unknown routes (404) and wrong methods (405), `code` being the request's transaction id.
 */
import request from 'supertest';
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { authed, wskActionBody } from '../../test/helpers/api-client';
import { basicAuth, startTestPlatform, type TestPlatform } from '../../test/helpers/test-platform';

describe('info endpoints and routing errors', () => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  beforeAll(async () => {
    platform = await startTestPlatform();
    spec = await createResponseValidator();
    await authed(platform.url, 'put', '/api/v1/namespaces/_/actions/hello').send(wskActionBody('hello')).expect(200);
  });
  afterAll(() => platform.cleanup());

  it('GET /ping answers the text pong without credentials', async () => {
    const res = await request(platform.url).get('/ping').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe('pong');
  });

  it('GET /api/v1 answers the info document without credentials (as wsk property get calls it)', async () => {
    const res = await request(platform.url).get('/api/v1').set('user-agent', 'Go-http-client/1.1').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(expect.objectContaining({
      build: expect.any(String),
      buildno: expect.any(String),
      api_version_path: 'v1',
      swagger_paths: { ui: '/docs', 'api-docs': '/api-docs' },
    }));
    expect(res.body.build).not.toBe('');
    expect(res.body.buildno).not.toBe('');
    expect(res.body.runtimes.nodejs).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'nodejs:20', default: true })]));
    expect(res.body.runtimes.python).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'python:3.10', default: true })]));
    spec.expectValid(res, 'getInfo');
  });

  it('GET /api/v1 ignores credentials, even wrong ones', async () => {
    await request(platform.url).get('/api/v1').set('authorization', 'Basic bm9ib2R5Om5vdGhpbmc=').expect(200);
  });

  it('GET /api/v1/api-docs answers the OpenAPI 3 document without credentials', async () => {
    const res = await request(platform.url).get('/api/v1/api-docs').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/namespaces/{namespace}/actions/{actionName}']));
    spec.expectValid(res, 'getApiDocs');
  });

  it('GET /api/v1/docs/ serves the Swagger UI', async () => {
    const res = await request(platform.url).get('/api/v1/docs/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/swagger-ui/i);
  });

  it('GET /api/v1/docs (no trailing slash) leads to the Swagger UI', async () => {
    const res = await request(platform.url).get('/api/v1/docs').redirects(3).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it.each([
    ['an unknown top-level path', '/nothing-here'],
    ['an unknown path under /api/v1', '/api/v1/nothing-here'],
    ['an unknown collection', '/api/v1/namespaces/_/widgets'],
    ['a path deeper than any operation', '/api/v1/namespaces/_/actions/a/b/c'],
  ])('answers 404 {error, code} for %s', async (_what, path) => {
    const res = await authed(platform.url, 'get', path).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
    expect(res.body.error).not.toBe('');
    expect(res.body.code).not.toBe('');
  });

  it('answers 404 for an unknown route before asking for credentials', async () => {
    const res = await request(platform.url).get('/api/v1/nothing-here').expect(404);
    expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
  });

  it.each([
    ['PATCH on an action', 'patch', '/api/v1/namespaces/_/actions/hello'],
    ['DELETE on the action collection', 'delete', '/api/v1/namespaces/_/actions'],
    ['POST on the namespace list', 'post', '/api/v1/namespaces'],
    ['PUT on an activation', 'put', '/api/v1/namespaces/_/activations/0123456789abcdef0123456789abcdef'],
    ['POST on /ping', 'post', '/ping'],
    ['POST on the activation list (the invoke fast path)', 'post', '/api/v1/namespaces/_/activations'],
  ] as const)('answers 405 {error, code} for %s', async (_what, method, path) => {
    const res = await authed(platform.url, method, path).send({}).expect(405);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
    expect(res.body.error).not.toBe('');
  });

  it.each([
    ['a 404', 'get', '/api/v1/nothing-here', 404],
    ['a 405', 'patch', '/api/v1/namespaces/_/actions/hello', 405],
    ['a 401', 'get', '/api/v1/namespaces', 401],
    ['a 404 on an entity', 'get', '/api/v1/namespaces/_/actions/missing', 404],
    ['a 400 on the invoke path', 'post', '/api/v1/namespaces/_/actions/hello?blocking=true&timeout=0', 400],
  ] as const)('returns X-Request-ID as the code of %s', async (_what, method, path, status) => {
    let req = request(platform.url)[method](path).set('x-request-id', 'my-request-42');
    if (status !== 401) req = req.set('authorization', basicAuth());
    const res = await req.send({}).expect(status);
    expect(res.body).toEqual({ error: expect.any(String), code: 'my-request-42' });
  });

  it('ignores an X-Request-ID that is not a plain token and makes its own', async () => {
    const res = await request(platform.url).get('/api/v1/nothing-here').set('x-request-id', 'two words; <script>').expect(404);
    expect(res.body.code).toEqual(expect.any(String));
    expect(res.body.code).not.toBe('two words; <script>');
    expect(res.body.code).not.toBe('');
  });

  it('makes a fresh transaction id per request when none is sent', async () => {
    const a = await request(platform.url).get('/api/v1/nothing-here').expect(404);
    const b = await request(platform.url).get('/api/v1/nothing-here').expect(404);
    expect(a.body.code).not.toBe(b.body.code);
  });

  it('GET /namespaces/{ns}/limits answers the namespace limits object', async () => {
    const res = await authed(platform.url, 'get', '/api/v1/namespaces/_/limits').expect(200);
    expect(res.body).toEqual(expect.any(Object));
    expect(Array.isArray(res.body)).toBe(false);
    spec.expectValid(res, 'getLimits');
  });

  it('GET /namespaces/{ns}/limits of another namespace is 403', async () => {
    const res = await authed(platform.url, 'get', '/api/v1/namespaces/whisk.system/limits').expect(403);
    expect(res.body).toEqual({ error: 'The supplied authentication is not authorized to access this resource.', code: expect.any(String) });
  });
});
