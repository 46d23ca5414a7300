/**
 * Web actions against OpenWhisk's behaviour (openwhisk-api.md "Web actions", docs/webactions.md) with real nodejs
 * code on the process backend: every extension, the __ow_* parameters, raw-http, final, require-whisk-auth,
 * binary bodies, CORS, packages and the error cases of WebActions.scala (statuses and messages).
 */
import request from 'supertest';
import { authed } from '../../test/helpers/api-client';
import { basicAuth, startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const WEB = '/api/v1/web/guest';
const ECHO = 'function main(params) { return params }';
const UNAUTHORIZED = 'Authentication is possible but has failed or not yet been provided.';
const NOT_HTTP = "Response is not valid 'message/http'.";
const TYPE_MISMATCH = 'Response type in header did not match generated content type.';

describe('web actions', () => {
  let platform: TestPlatform;
  const web = (method: 'get' | 'post' | 'put' | 'delete' | 'options' | 'patch', path: string) => request(platform.url)[method](`${WEB}${path}`);

  async function createAction(name: string, code: string, annotations: Record<string, unknown> = { 'web-export': true }, parameters: Record<string, unknown> = {}) {
    await authed(platform.url, 'put', `/api/v1/namespaces/_/actions/${name}?overwrite=true`)
      .send({
        exec: { kind: 'nodejs:default', code },
        annotations: Object.entries(annotations).map(([key, value]) => ({ key, value })),
        parameters: Object.entries(parameters).map(([key, value]) => ({ key, value })),
      })
      .expect(200);
  }

  beforeAll(async () => {
    platform = await startTestPlatform({ backend: 'process' });
    await createAction('echo', ECHO, { 'web-export': true }, { greeting: 'hi' });
    await createAction('hidden', ECHO, {});
    await createAction('raw', ECHO, { 'web-export': true, 'raw-http': true });
    await createAction('frozen', ECHO, { 'web-export': true, final: true }, { name: 'fixed' });
    await createAction('owner', ECHO, { 'web-export': true, 'require-whisk-auth': true });
    await createAction('secret', ECHO, { 'web-export': true, 'require-whisk-auth': 'let-me-in' });
    await createAction('custom', 'function main(p) { return { statusCode: 204, headers: { "x-method": p.__ow_method } } }', { 'web-export': true, 'web-custom-options': true });
    await createAction('page', 'function main(p) { return { html: "<h1>hi " + (p.name || "") + "</h1>", svg: "<svg/>", text: "plain" } }');
    await createAction('http', 'function main(p) { return { statusCode: 201, headers: { "X-Custom": "yes" }, body: { got: p.name || null } } }');
    await createAction('png', 'function main() { return { headers: { "content-type": "image/png" }, body: Buffer.from([137, 80, 78, 71]).toString("base64") } }');
    await createAction('fails', 'function main() { return { error: { statusCode: 418, body: "teapot" } } }');
    await createAction('where', 'function main(p) { return { body: { path: p.__ow_path } } }');
    await createAction('crashes', 'function main() { throw new Error("boom") }');
    await createAction('stringly', ECHO, { 'web-export': 'true' });
    await createAction('v1.2', 'function main() { return { body: "dotted" } }');
    await createAction('bodied', 'function main() { return { body: "<p>body wins</p>", html: "<p>html</p>" } }');
    await createAction('objtext', 'function main() { return { text: { a: [1, 2] } } }');
    await createAction('empty', 'function main() { return { headers: { "content-type": "text/plain", "x-kept": 1 } } }');
    await createAction('number', 'function main() { return { body: 42 } }');
    await createAction('vendor', 'function main() { return { headers: { "Content-Type": "application/vnd.x+json" }, body: { v: 1 } } }');
    await createAction('cookies', 'function main() { return { headers: { "Set-Cookie": ["a=1", "b=2"] }, body: "ok" } }');
    await createAction('mismatch', 'function main() { return { headers: { "content-type": "text/html" }, body: { a: 1 } } }');
    await createAction('notbase64', 'function main() { return { headers: { "content-type": "image/png" }, body: "not base64!" } }');
    await createAction('badtype', 'function main() { return { headers: { "content-type": "nonsense" }, body: "x" } }');
    await createAction('nullstatus', 'function main() { return { statusCode: null, body: "x" } }');
    await createAction('badheader', 'function main() { return { headers: { "x-obj": { a: 1 } }, body: "x" } }');
    await createAction('stringerror', 'function main() { return { error: "plain failure" } }');
    await createAction('truestring', ECHO, { 'web-export': true, 'require-whisk-auth': 'true' });
    await createAction('numbered', ECHO, { 'web-export': true, 'require-whisk-auth': 42 });
    await createAction('open', ECHO, { 'web-export': true, 'require-whisk-auth': false });
    await createAction('misconfigured', ECHO, { 'web-export': true, 'require-whisk-auth': { on: true } });
    await createAction('customauth', 'function main(p) { return { statusCode: 204, headers: { "x-method": p.__ow_method } } }',
      { 'web-export': true, 'web-custom-options': true, 'require-whisk-auth': true });
    await authed(platform.url, 'put', '/api/v1/namespaces/_/packages/demo').send({}).expect(200);
    await createAction('demo/hello', 'function main(p) { return { body: "hello " + p.name } }');
  }, 60_000);
  afterAll(() => platform.cleanup());

  describe('.json', () => {
    it('answers the result with the action parameters, query and __ow_* fields', async () => {
      const res = await web('get', '/default/echo.json?name=ow').set('X-Trace', 'T1').expect(200).expect('content-type', /application\/json/);
      expect(res.body).toMatchObject({ greeting: 'hi', name: 'ow', __ow_method: 'get', __ow_path: '' });
      expect(res.body.__ow_headers['x-trace']).toBe('T1');
      expect(res.headers['x-openwhisk-activation-id']).toMatch(/^[0-9a-f]{32}$/);
    });

    it('merges a JSON body and a form body, the body winning over the query', async () => {
      const json = await web('post', '/default/echo.json?a=1&b=1').send({ b: 2, nested: { x: true } }).expect(200);
      expect(json.body).toMatchObject({ a: '1', b: 2, nested: { x: true }, __ow_method: 'post' });
      const form = await web('put', '/default/echo.json').type('form').send('x=1&y=two').expect(200);
      expect(form.body).toMatchObject({ x: '1', y: 'two', __ow_method: 'put' });
    });

    it('passes a text body as __ow_body and a binary body base64-encoded', async () => {
      const text = await web('post', '/default/echo.json').set('content-type', 'text/plain').send('just text').expect(200);
      expect(text.body.__ow_body).toBe('just text');
      const bytes = Buffer.from([0, 1, 2, 255]);
      const bin = await web('post', '/default/echo.json').set('content-type', 'application/octet-stream').send(bytes).expect(200);
      expect(bin.body.__ow_body).toBe(bytes.toString('base64'));
    });
  });

  it('passes the path after the extension as __ow_path, never as a projection of the result', async () => {
    const res = await web('get', '/default/where.http/some/path').expect(200);
    expect(res.body).toEqual({ path: '/some/path' });
    const json = await web('get', '/default/echo.json/__ow_headers').expect(200);
    expect(json.body).toMatchObject({ greeting: 'hi', __ow_path: '/__ow_headers' });
  });

  it('hands a JSON body that is not an object over as __ow_body, parsed; a repeated query key keeps its last value', async () => {
    const array = await web('post', '/default/echo.json?k=1&k=2').set('content-type', 'application/json').send('[1,"two"]').expect(200);
    expect(array.body).toMatchObject({ __ow_body: [1, 'two'], k: '2' });
    const empty = await web('post', '/default/echo.json').set('content-type', 'application/json').send('{}').expect(200);
    expect(empty.body).not.toHaveProperty('__ow_body');
  });

  describe('.html, .svg, .text', () => {
    it('answers the html, svg and text fields with their media types', async () => {
      const html = await web('get', '/default/page.html?name=x').expect(200).expect('content-type', /text\/html/);
      expect(html.text).toBe('<h1>hi x</h1>');
      const svg = await web('get', '/default/page.svg').expect(200).expect('content-type', /image\/svg\+xml/);
      expect(svg.text ?? svg.body.toString()).toBe('<svg/>');
      const text = await web('get', '/default/page.text').expect(200).expect('content-type', /text\/plain/);
      expect(text.text).toBe('plain');
    });

    it('prefers the body field, and prints any JSON value as .text', async () => {
      const html = await web('get', '/default/bodied.html').expect(200).expect('content-type', /text\/html/);
      expect(html.text).toBe('<p>body wins</p>');
      const text = await web('get', '/default/objtext.text').expect(200);
      expect(text.text).toBe(JSON.stringify({ a: [1, 2] }, null, 2));
    });

    it("400s a non-string .html or .svg, 404s .text without body or text", async () => {
      const html = await web('get', '/default/echo.html').expect(400);
      expect(html.body.error).toBe("Response is not valid 'text/html'.");
      const svg = await web('get', '/default/echo.svg').expect(400);
      expect(svg.body.error).toBe("Response is not valid 'image/svg+xml'.");
      const text = await web('get', '/default/echo.text').expect(404);
      expect(text.body.error).toBe('Response does not include requested property.');
    });
  });

  describe('.http (and no extension)', () => {
    it('answers statusCode, headers and an object body as JSON', async () => {
      const res = await web('get', '/default/http.http?name=n').expect(201).expect('x-custom', 'yes');
      expect(res.body).toEqual({ got: 'n' });
      const bare = await web('get', '/default/http?name=m').expect(201);
      expect(bare.body).toEqual({ got: 'm' });
    });

    it('decodes a base64 body of a binary media type', async () => {
      const res = await web('get', '/default/png.http').buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200).expect('content-type', 'image/png');
      expect(Buffer.compare(res.body as Buffer, Buffer.from([137, 80, 78, 71]))).toBe(0);
    });

    it('answers 204 without a body (and drops its content-type), JSON for any non-string body', async () => {
      const empty = await web('get', '/default/empty.http').expect(204);
      expect(empty.headers).not.toHaveProperty('content-type');
      expect(empty.headers['x-kept']).toBe('1');
      const number = await web('get', '/default/number.http').expect(200).expect('content-type', /application\/json/);
      expect(number.text).toBe('42');
      const vendor = await web('get', '/default/vendor.http').expect(200).expect('content-type', /application\/vnd\.x\+json/);
      expect(JSON.parse(vendor.text)).toEqual({ v: 1 });
    });

    it('sends an array header value once per element (several Set-Cookie)', async () => {
      const res = await web('get', '/default/cookies.http').expect(200);
      expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    });

    it.each([
      ['an object body with a non-JSON content-type', 'mismatch', TYPE_MISMATCH],
      ['a binary content-type with a body that is not base64', 'notbase64', TYPE_MISMATCH],
      ['a content-type that is not a media type', 'badtype', 'Response did not specify a known content-type.'],
      ['a statusCode of null', 'nullstatus', NOT_HTTP],
      ['a header that is an object', 'badheader', NOT_HTTP],
      ['a result that is not an object (an application error string)', 'stringerror', NOT_HTTP],
    ])('400s %s', async (_what, name, message) => {
      const res = await web('get', `/default/${name}.http`).expect(400);
      expect(res.body).toEqual({ error: message, code: expect.any(String) });
    });

    it('serves an action in a package', async () => {
      const res = await web('get', '/demo/hello?name=pkg').expect(200).expect('content-type', /text\/html/);
      expect(res.text).toBe('hello pkg');
    });
  });

  describe('raw-http', () => {
    it('passes the query and body unparsed as __ow_query and __ow_body', async () => {
      const res = await web('post', '/default/raw.json?a=1&b=2').set('content-type', 'application/json').send('{"c":3}').expect(200);
      // JSON itself is handed over base64-encoded, as OpenWhisk does (webactions.md "Raw HTTP handling").
      expect(res.body).toMatchObject({ __ow_query: 'a=1&b=2', __ow_body: Buffer.from('{"c":3}').toString('base64'), __ow_method: 'post' });
      expect(res.body).not.toHaveProperty('a');
      expect(res.body).not.toHaveProperty('c');
      const text = await web('post', '/default/raw.json').set('content-type', 'text/plain').send('plain words').expect(200);
      expect(text.body.__ow_body).toBe('plain words');
      const none = await web('get', '/default/raw.json').expect(200);
      expect(none.body).toMatchObject({ __ow_query: '', __ow_body: '' });
    });
  });

  describe('refusals', () => {
    it('404s an action that is not web-exported or does not exist', async () => {
      const hidden = await web('get', '/default/hidden.json').expect(404);
      expect(hidden.body.error).toBe('The requested resource does not exist.');
      const missing = await web('get', '/default/nope.json').expect(404);
      expect(missing.body.error).toBe('The requested resource does not exist.');
    });

    it('404s a web-export that is not the boolean true, and a namespace nobody owns', async () => {
      await web('get', '/default/stringly.json').expect(404);
      await request(platform.url).get('/api/v1/web/nobody/default/echo.json').expect(404);
    });

    it('reads an unknown extension as part of the action name, with .http', async () => {
      const missing = await web('get', '/default/echo.xml').expect(404);
      expect(missing.body.error).toBe('The requested resource does not exist.');
      const dotted = await web('get', '/default/v1.2').expect(200);
      expect(dotted.text).toBe('dotted');
    });

    it('400s a request that overrides a parameter of a final action, or sets __ow_* itself', async () => {
      const res = await web('get', '/default/frozen.json?name=other').expect(400);
      expect(res.body.error).toBe('Request defines parameters that are not allowed (e.g., reserved properties).');
      await web('get', '/default/frozen.json?other=1').expect(200);
      await web('get', '/default/echo.json?__ow_method=put').expect(400);
      await web('get', '/default/echo.json?__ow_user=me').expect(400);
      const other = await web('get', '/default/echo.json?__ow_other=1').expect(200);
      expect(other.body.__ow_other).toBe('1');
    });

    it('require-whisk-auth true: the Basic auth of any subject, whose namespace is __ow_user', async () => {
      const anonymous = await web('get', '/default/owner.json').expect(401);
      expect(anonymous.body).toEqual({ error: UNAUTHORIZED, code: expect.any(String) });
      await web('get', '/default/owner.json').set('authorization', basicAuth('nobody:wrong')).expect(401);
      const res = await web('get', '/default/owner.json').set('authorization', basicAuth()).expect(200);
      expect(res.body.__ow_user).toBe('guest');
      const system = await web('get', '/default/owner.json').set('authorization', basicAuth(WHISK_SYSTEM_KEY)).expect(200);
      expect(system.body.__ow_user).toBe('whisk.system');
    });

    it('__ow_user comes with valid credentials on any web action; invalid ones are anonymous', async () => {
      const res = await web('get', '/default/echo.json').set('authorization', basicAuth()).expect(200);
      expect(res.body.__ow_user).toBe('guest');
      const bad = await web('get', '/default/echo.json').set('authorization', basicAuth('nobody:wrong')).expect(200);
      expect(bad.body).not.toHaveProperty('__ow_user');
    });

    it('require-whisk-auth secret: the X-Require-Whisk-Auth header (a string, also "true", or a number)', async () => {
      await web('get', '/default/secret.json').expect(401);
      await web('get', '/default/secret.json').set('X-Require-Whisk-Auth', 'wrong').expect(401);
      await web('get', '/default/secret.json').set('X-Require-Whisk-Auth', 'let-me-in').expect(200);
      await web('get', '/default/truestring.json').set('authorization', basicAuth()).expect(401);
      await web('get', '/default/truestring.json').set('X-Require-Whisk-Auth', 'true').expect(200);
      await web('get', '/default/numbered.json').set('X-Require-Whisk-Auth', '42').expect(200);
    });

    it('require-whisk-auth false is public; any other value lets nobody in', async () => {
      await web('get', '/default/open.json').expect(200);
      await web('get', '/default/misconfigured.json').set('authorization', basicAuth()).expect(401);
    });
  });

  describe('errors', () => {
    it('an application error: its error field is shaped by the extension (.json answers it with 200)', async () => {
      const http = await web('get', '/default/fails.http').expect(418);
      expect(http.text).toBe('teapot');
      const json = await web('get', '/default/fails.json').expect(200);
      expect(json.body).toEqual({ statusCode: 418, body: 'teapot' });
      const text = await web('get', '/default/fails.text').expect(200);
      expect(text.text).toBe('teapot');
      const notJson = await web('get', '/default/stringerror.json').expect(400);
      expect(notJson.body.error).toBe("Response is not valid 'application/json'.");
    });

    it('a developer error: 400 "There was an error processing your request."', async () => {
      const res = await web('get', '/default/crashes.json').expect(400);
      expect(res.body.error).toBe('There was an error processing your request.');
    });
  });

  describe('CORS', () => {
    it('adds the CORS headers to responses and errors', async () => {
      const ok = await web('get', '/default/echo.json').expect(200);
      expect(ok.headers['access-control-allow-origin']).toBe('*');
      expect(ok.headers['access-control-allow-methods']).toBe('OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH');
      expect(ok.headers['access-control-allow-headers']).toBe('Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent');
      const missing = await web('get', '/default/nope.json').expect(404);
      expect(missing.headers['access-control-allow-origin']).toBe('*');
    });

    it('answers an OPTIONS preflight with 200 and the requested headers', async () => {
      const res = await web('options', '/default/echo.json').set('Access-Control-Request-Headers', 'x-one, x-two').expect(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-headers']).toBe('x-one, x-two');
    });

    it('web-custom-options: no CORS headers, and OPTIONS runs the action', async () => {
      const res = await web('options', '/default/custom.http').expect(204).expect('x-method', 'options');
      expect(res.headers).not.toHaveProperty('access-control-allow-origin');
      const get = await web('get', '/default/custom').expect(204);
      expect(get.headers).not.toHaveProperty('access-control-allow-origin');
    });

    it('web-custom-options: OPTIONS runs the action even when it requires auth; other methods do not', async () => {
      await web('options', '/default/customauth.http').expect(204).expect('x-method', 'options');
      await web('get', '/default/customauth.http').expect(401);
    });

    it('serves PATCH and DELETE too', async () => {
      const patch = await web('patch', '/default/echo.json').send({ p: 1 }).expect(200);
      expect(patch.body).toMatchObject({ p: 1, __ow_method: 'patch' });
      const del = await web('delete', '/default/echo.json').expect(200);
      expect(del.body.__ow_method).toBe('delete');
    });
  });
});
