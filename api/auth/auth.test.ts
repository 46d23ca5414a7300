/**
 * Authentication and namespace access (openwhisk-api.md "Auth and namespaces"): Basic `uuid:key`, 401 "The supplied
 * authentication is invalid." for anything else, 403 for another subject's namespace, `_` as the caller's default
 * namespace, and the two subjects OpenWhisk standalone seeds.
 */
import request from 'supertest';
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { authed, wskActionBody } from '../../test/helpers/api-client';
import { basicAuth, GUEST_KEY, startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const INVALID = 'The supplied authentication is invalid.';
const FORBIDDEN = 'The supplied authentication is not authorized to access this resource.';
const [GUEST_UUID, GUEST_SECRET] = GUEST_KEY.split(':') as [string, string];
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('authentication and namespaces', () => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  beforeAll(async () => {
    platform = await startTestPlatform();
    spec = await createResponseValidator();
  });
  afterAll(() => platform.cleanup());

  it.each([
    ['no Authorization header', undefined],
    ['an empty header', ''],
    ['a Bearer token', `Bearer ${GUEST_SECRET}`],
    ['Basic without credentials', 'Basic '],
    ['Basic with garbage', 'Basic !!!not-base64!!!'],
    ['Basic without a colon', `Basic ${b64(GUEST_UUID + GUEST_SECRET)}`],
    ['Basic with an empty uuid', `Basic ${b64(`:${GUEST_SECRET}`)}`],
    ['an unknown uuid', basicAuth(`00000000-0000-0000-0000-000000000000:${GUEST_SECRET}`)],
    ['the wrong key', basicAuth(`${GUEST_UUID}:wrong-key`)],
    ['an empty key', basicAuth(`${GUEST_UUID}:`)],
    ['the key with a trailing character', basicAuth(`${GUEST_KEY}x`)],
    ["another subject's key with the guest uuid", basicAuth(`${GUEST_UUID}:${WHISK_SYSTEM_KEY.split(':')[1]}`)],
  ])('answers 401 for %s', async (_what, header) => {
    let req = request(platform.url).get('/api/v1/namespaces/_/actions');
    if (header !== undefined) req = req.set('authorization', header);
    const res = await req.expect(401);
    expect(res.body).toEqual({ error: INVALID, code: expect.any(String) });
    spec.expectValid(res, 'getAllActions');
  });

  it.each([
    ['list namespaces', 'get', '/api/v1/namespaces'],
    ['list actions', 'get', '/api/v1/namespaces/_/actions'],
    ['get an action', 'get', '/api/v1/namespaces/_/actions/missing'],
    ['create an action', 'put', '/api/v1/namespaces/_/actions/x'],
    ['delete an action', 'delete', '/api/v1/namespaces/_/actions/missing'],
    ['invoke an action', 'post', '/api/v1/namespaces/_/actions/missing'],
    ['list activations', 'get', '/api/v1/namespaces/_/activations'],
    ['get an activation', 'get', '/api/v1/namespaces/_/activations/0123456789abcdef0123456789abcdef'],
    ['get namespace limits', 'get', '/api/v1/namespaces/_/limits'],
  ] as const)('every namespaced operation needs credentials: %s', async (_what, method, path) => {
    const res = await request(platform.url)[method](path).send(method === 'put' ? wskActionBody('x') : {}).expect(401);
    expect(res.body).toEqual({ error: INVALID, code: expect.any(String) });
  });

  it('accepts the scheme name in any case', async () => {
    await request(platform.url).get('/api/v1/namespaces').set('authorization', `basic ${b64(GUEST_KEY)}`).expect(200, ['guest']);
  });

  it('GET /namespaces lists the guest namespace for the guest', async () => {
    const res = await authed(platform.url, 'get', '/api/v1/namespaces').expect(200);
    expect(res.body).toEqual(['guest']);
    spec.expectValid(res, 'getAllNamespaces');
  });

  it('GET /namespaces lists whisk.system for the whisk.system subject', async () => {
    await authed(platform.url, 'get', '/api/v1/namespaces', WHISK_SYSTEM_KEY).expect(200, ['whisk.system']);
  });

  it.each([
    ['list actions', 'get', '/api/v1/namespaces/whisk.system/actions'],
    ['get an action', 'get', '/api/v1/namespaces/whisk.system/actions/sys'],
    ['create an action', 'put', '/api/v1/namespaces/whisk.system/actions/intruder'],
    ['delete an action', 'delete', '/api/v1/namespaces/whisk.system/actions/sys'],
    ['invoke an action', 'post', '/api/v1/namespaces/whisk.system/actions/sys'],
    ['list activations', 'get', '/api/v1/namespaces/whisk.system/activations'],
    ['get limits', 'get', '/api/v1/namespaces/whisk.system/limits'],
    ['a namespace nobody owns', 'get', '/api/v1/namespaces/nobody/actions'],
  ] as const)("answers 403 on another subject's namespace: %s", async (_what, method, path) => {
    await authed(platform.url, 'put', '/api/v1/namespaces/_/actions/sys?overwrite=true', WHISK_SYSTEM_KEY)
      .send(wskActionBody('sys')).expect(200);
    const res = await authed(platform.url, method, path).send(method === 'put' ? wskActionBody('intruder') : {}).expect(403);
    expect(res.body).toEqual({ error: FORBIDDEN, code: expect.any(String) });
  });

  it("leaves the other subject's entities untouched after the refused calls", async () => {
    const res = await authed(platform.url, 'get', '/api/v1/namespaces/_/actions', WHISK_SYSTEM_KEY).expect(200);
    expect(res.body.map((a: { name: string }) => a.name)).toEqual(['sys']);
  });

  it('resolves _ to the caller’s namespace', async () => {
    const created = await authed(platform.url, 'put', '/api/v1/namespaces/_/actions/mine').send(wskActionBody('mine')).expect(200);
    expect(created.body.namespace).toBe('guest');
    const byName = await authed(platform.url, 'get', '/api/v1/namespaces/guest/actions/mine').expect(200);
    expect(byName.body).toEqual(created.body);
    const listed = await authed(platform.url, 'get', '/api/v1/namespaces/_/actions').expect(200);
    expect(listed.body.map((a: { name: string }) => a.name)).toEqual(['mine']);
  });

  it('lets whisk.system work in its own namespace, by name and through _', async () => {
    const created = await authed(platform.url, 'put', '/api/v1/namespaces/whisk.system/actions/utility', WHISK_SYSTEM_KEY)
      .send(wskActionBody('utility')).expect(200);
    expect(created.body.namespace).toBe('whisk.system');
    await authed(platform.url, 'get', '/api/v1/namespaces/_/actions/utility', WHISK_SYSTEM_KEY).expect(200);
    await authed(platform.url, 'get', '/api/v1/namespaces/whisk.system/actions/utility', WHISK_SYSTEM_KEY).expect(200);
    // The guest cannot see it, through _ or by name.
    await authed(platform.url, 'get', '/api/v1/namespaces/_/actions/utility').expect(404);
    await authed(platform.url, 'get', '/api/v1/namespaces/whisk.system/actions/utility').expect(403);
  });

  it('refuses whisk.system on the guest namespace', async () => {
    const res = await authed(platform.url, 'get', '/api/v1/namespaces/guest/actions', WHISK_SYSTEM_KEY).expect(403);
    expect(res.body).toEqual({ error: FORBIDDEN, code: expect.any(String) });
  });

  it.each([
    ['a leading space', '%20guest'],
    ['a slash', 'gu%2Fest'],
    ['a bad percent escape', '%E0%A4%A'],
  ])('answers 400 for a namespace with %s', async (_what, ns) => {
    const res = await authed(platform.url, 'get', `/api/v1/namespaces/${ns}/actions`).expect(400);
    expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
  });

  it('checks credentials before the namespace', async () => {
    const res = await request(platform.url).get('/api/v1/namespaces/whisk.system/actions').expect(401);
    expect(res.body.error).toBe(INVALID);
  });
});
