/**
 * Rules API: wsk's exact bodies (create with `status: ""`, enable/disable with null trigger and action), the npm
 * client's `{path, name}` shape, 400 for missing trigger or action, 403 for another namespace's trigger, updates
 * keeping the status, delete, setState, and serverless-openwhisk's `{"status": "active"}`.
 */
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { authed, wskActionBody } from '../../test/helpers/api-client';
import { startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const NS = '/api/v1/namespaces/_';

// Both stores: trigger documents carry the rules' status, so the SQLite round trip matters.
describe.each(['memory', 'sqlite'] as const)('rules API (%s store)', (store) => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  const api = (method: 'get' | 'put' | 'post' | 'delete', path: string, key?: string) =>
    authed(platform.url, method, `${NS}${path}`, key);

  beforeAll(async () => {
    platform = await startTestPlatform({ store });
    spec = await createResponseValidator();
    await api('put', '/actions/hello').send(wskActionBody('hello')).expect(200);
    await api('put', '/actions/bye').send(wskActionBody('bye')).expect(200);
    await api('put', '/triggers/t').send({ name: 't' }).expect(200);
    await api('put', '/triggers/u').send({}).expect(200);
    await api('put', '/triggers/sys', WHISK_SYSTEM_KEY).send({}).expect(200);
  });
  afterAll(() => platform.cleanup());

  it('wsk rule create r t hello: active, trigger and action exactly {path, name}; the trigger lists it', async () => {
    const res = await api('put', '/rules/r?overwrite=false').send({ name: 'r', status: '', trigger: '/_/t', action: '/_/hello' }).expect(200);
    spec.expectValid(res, 'updateRule');
    expect(res.body).toEqual({
      namespace: 'guest', name: 'r', version: '0.0.1', publish: false, annotations: [],
      trigger: { path: 'guest', name: 't' }, action: { path: 'guest', name: 'hello' }, status: 'active', updated: expect.any(Number),
    });
    const got = await api('get', '/rules/r').expect(200);
    spec.expectValid(got, 'getRuleByName');
    expect(got.body).toEqual(res.body);
    const trigger = await api('get', '/triggers/t').expect(200);
    spec.expectValid(trigger, 'getTriggerByName');
    expect(trigger.body.rules).toEqual({ '/guest/r': { action: { path: 'guest', name: 'hello' }, status: 'active' } });
  });

  it('409 without overwrite', async () => {
    const res = await api('put', '/rules/r').send({ trigger: '/_/t', action: '/_/hello' }).expect(409);
    spec.expectValid(res, 'updateRule');
  });

  it('wsk rule disable / enable: 200 with the new status, idempotent', async () => {
    const off = await api('post', '/rules/r').send({ status: 'inactive', trigger: null, action: null }).expect(200);
    spec.expectValid(off, 'setState');
    expect(off.body.status).toBe('inactive');
    expect((await api('get', '/rules/r').expect(200)).body.status).toBe('inactive');
    expect((await api('get', '/triggers/t').expect(200)).body.rules['/guest/r'].status).toBe('inactive');
    await api('post', '/rules/r').send({ status: 'inactive', trigger: null, action: null }).expect(200);
    const on = await api('post', '/rules/r').send({ status: 'active' }).expect(200); // serverless-openwhisk
    expect(on.body.status).toBe('active');
  });

  it('setState: 400 for an unknown state or no status, 404 for an unknown rule', async () => {
    const bad = await api('post', '/rules/r').send({ status: 'paused' }).expect(400);
    spec.expectValid(bad, 'setState');
    expect(bad.body.error).toBe("The request content was malformed:\n'paused' is not a recognized rule state, must be one of ['active', 'inactive']");
    await api('post', '/rules/r').send({}).expect(400);
    await api('post', '/rules/nope').send({ status: 'active' }).expect(404);
  });

  it('update with overwrite keeps the status, bumps the version and moves the link to a new trigger', async () => {
    await api('post', '/rules/r').send({ status: 'inactive' }).expect(200);
    const res = await api('put', '/rules/r?overwrite=true').send({ trigger: '/guest/u', action: '/_/bye' }).expect(200);
    expect(res.body).toEqual(expect.objectContaining({
      version: '0.0.2', status: 'inactive', trigger: { path: 'guest', name: 'u' }, action: { path: 'guest', name: 'bye' },
    }));
    expect((await api('get', '/triggers/t').expect(200)).body.rules).toEqual({});
    expect((await api('get', '/triggers/u').expect(200)).body.rules).toEqual({ '/guest/r': { action: { path: 'guest', name: 'bye' }, status: 'inactive' } });
    const partial = await api('put', '/rules/r?overwrite=true').send({ action: 'hello' }).expect(200);
    expect(partial.body).toEqual(expect.objectContaining({ version: '0.0.3', trigger: { path: 'guest', name: 'u' }, action: { path: 'guest', name: 'hello' } }));
  });

  it("400 with OpenWhisk's messages when the trigger or action does not exist, or neither is given", async () => {
    const noTrigger = await api('put', '/rules/x').send({ trigger: '/_/missing', action: '/_/hello' }).expect(400);
    expect(noTrigger.body.error).toBe('trigger /guest/missing does not exist');
    const noAction = await api('put', '/rules/x').send({ trigger: '/_/t', action: '/_/missing' }).expect(400);
    expect(noAction.body.error).toBe('action /guest/missing does not exist');
    const noPkgAction = await api('put', '/rules/x').send({ trigger: '/_/t', action: '/_/pkg/missing' }).expect(400);
    expect(noPkgAction.body.error).toBe('action /guest/pkg/missing does not exist');
    const neither = await api('put', '/rules/x').send({ name: 'x', status: '' }).expect(400);
    expect(neither.body.error).toBe('rule requires a valid trigger and a valid action');
    await api('put', '/rules/x').send({ trigger: '/a/b/c/d', action: '/_/hello' }).expect(400);
    await api('get', '/rules/x').expect(404);
  });

  it("403 for a trigger or action in another subject's namespace, on create and on update", async () => {
    await api('put', '/rules/x').send({ trigger: '/whisk.system/sys', action: '/_/hello' }).expect(403);
    await api('put', '/rules/x').send({ trigger: '/_/t', action: '/whisk.system/hello' }).expect(403);
    await api('put', '/rules/r?overwrite=true').send({ trigger: '/whisk.system/sys' }).expect(403);
    await authed(platform.url, 'get', '/api/v1/namespaces/whisk.system/rules').expect(403);
  });

  it('lists with status, limit/skip and count', async () => {
    await api('put', '/rules/r5').send({ trigger: '/_/t', action: '/_/hello' }).expect(200);
    const res = await api('get', '/rules?limit=30&skip=0').expect(200);
    spec.expectValid(res, 'getAllRules');
    expect(res.body).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'r5', status: 'active', trigger: { path: 'guest', name: 't' } }),
      expect.objectContaining({ name: 'r', status: 'inactive' }),
    ]));
    expect((await api('get', '/rules?limit=1&skip=1').expect(200)).body).toHaveLength(1);
    expect((await api('get', '/rules?count=true').expect(200)).body).toEqual({ rules: 2 });
  });

  it('delete (active or not) unlinks the rule and answers it inactive; then 404', async () => {
    const res = await api('delete', '/rules/r5').expect(200);
    spec.expectValid(res, 'deleteRule');
    expect(res.body).toEqual(expect.objectContaining({ name: 'r5', status: 'inactive' }));
    expect((await api('get', '/triggers/t').expect(200)).body.rules).toEqual({});
    await api('get', '/rules/r5').expect(404);
    await api('delete', '/rules/r5').expect(404);
  });
});
