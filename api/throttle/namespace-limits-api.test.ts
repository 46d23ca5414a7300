/**
 * Per-namespace limit overrides (OpenWhisk's `wskadmin limits set`, here PUT/DELETE /api/v1/admin/namespaces/
 * {ns}/limits for whisk.system): stored with the owning subject, reported by GET …/limits (Limits.scala: the
 * overrides, the three throttles defaulted to the system's), and applied by the throttles to invokes, web invokes
 * and fires; `allowedKinds` restricts action kinds. Both stores, since the overrides live in the subject document.
 */
import request from 'supertest';
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { authed, wskActionBody } from '../../test/helpers/api-client';
import { GUEST_KEY, startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const NS = '/api/v1/namespaces/_';
const ADMIN = '/api/v1/admin/namespaces';
const SYSTEM = { invocationsPerMinute: 1000, concurrentInvocations: 1000, firesPerMinute: 1000 };

describe.each(['memory', 'sqlite'] as const)('namespace limit overrides (%s store)', (store) => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  const api = (method: 'get' | 'put' | 'post', path: string) => authed(platform.url, method, `${NS}${path}`);
  const admin = (method: 'put' | 'delete', namespace: string, key = WHISK_SYSTEM_KEY) => authed(platform.url, method, `${ADMIN}/${namespace}/limits`, key);

  beforeAll(async () => {
    platform = await startTestPlatform({ store, config: { limits: SYSTEM } });
    spec = await createResponseValidator();
    await api('put', '/actions/hello').send({ ...wskActionBody('hello'), annotations: [{ key: 'web-export', value: true }] }).expect(200);
    await api('put', '/triggers/t').send({}).expect(200);
    await api('put', '/rules/r').send({ trigger: '/_/t', action: '/_/hello' }).expect(200);
  });
  afterAll(() => platform.cleanup());

  it('is for whisk.system only, and 404s a namespace nobody owns', async () => {
    const guest = await admin('put', 'guest', GUEST_KEY).send({ invocationsPerMinute: 1 }).expect(403);
    spec.expectValid(guest, 'setNamespaceLimits');
    await admin('delete', 'guest', GUEST_KEY).expect(403);
    const missing = await admin('put', 'nobody').send({}).expect(404);
    spec.expectValid(missing, 'setNamespaceLimits');
  });

  it.each([
    ['a negative limit', { invocationsPerMinute: -1 }],
    ['a non-integer', { firesPerMinute: 1.5 }],
    ['an unknown field', { memoryMb: 512 }],
    ['kinds that are not strings', { allowedKinds: [1] }],
  ])('answers 400 for %s', async (_what, body) => {
    const res = await admin('put', 'guest').send(body).expect(400);
    spec.expectValid(res, 'setNamespaceLimits');
  });

  it('throttles invokes (API and web) and fires with the overrides at once, and GET limits reports them', async () => {
    const set = await admin('put', 'guest').send({ invocationsPerMinute: 2, firesPerMinute: 1 }).expect(200);
    spec.expectValid(set, 'setNamespaceLimits');
    expect(set.body).toEqual({ invocationsPerMinute: 2, firesPerMinute: 1 });
    const limits = await api('get', '/limits').expect(200);
    spec.expectValid(limits, 'getLimits');
    expect(limits.body).toEqual({ invocationsPerMinute: 2, concurrentInvocations: 1000, firesPerMinute: 1 });

    await api('post', '/actions/hello').send({}).expect(202);
    await request(platform.url).get('/api/v1/web/guest/default/hello.json').expect(200);
    const refused = await api('post', '/actions/hello').send({}).expect(429);
    expect(refused.body.error).toBe('Too many requests in the last minute (count: 3, allowed: 2).');
    await request(platform.url).get('/api/v1/web/guest/default/hello.json').expect(429);
    await api('post', '/triggers/t').send({}).expect(202);
    const fire = await api('post', '/triggers/t').send({}).expect(429);
    expect(fire.body.error).toBe('Too many requests in the last minute (count: 2, allowed: 1).');

    // Another namespace keeps the system limits.
    await authed(platform.url, 'post', '/api/v1/namespaces/_/triggers/none', WHISK_SYSTEM_KEY).send({}).expect(404);
  });

  it('clears the overrides: the system limits apply again', async () => {
    const cleared = await admin('delete', 'guest').expect(200);
    spec.expectValid(cleared, 'deleteNamespaceLimits');
    expect(cleared.body).toEqual({});
    expect((await api('get', '/limits').expect(200)).body).toEqual(SYSTEM);
    await api('post', '/actions/hello').send({}).expect(202);
    await api('post', '/triggers/t').send({}).expect(202);
  });

  it('allowedKinds: actions of other kinds may not be created or updated; sequences may', async () => {
    await admin('put', 'guest').send({ allowedKinds: ['python:3.11'] }).expect(200);
    const res = await api('put', '/actions/js').send(wskActionBody('js')).expect(403);
    expect(res.body.error).toBe("The supplied authentication is not authorized to access actions of kind 'nodejs:20'.");
    await api('put', '/actions/hello?overwrite=true').send(wskActionBody('hello')).expect(403);
    await api('put', '/actions/seq').send({ exec: { kind: 'sequence', components: ['/_/hello'] } }).expect(200);
    expect((await api('get', '/limits').expect(200)).body).toMatchObject({ allowedKinds: ['python:3.11'] });
    await admin('delete', 'guest').expect(200);
    await api('put', '/actions/js').send(wskActionBody('js')).expect(200);
  });
});
