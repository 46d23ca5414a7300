/**
 * The Packages collection against OpenWhisk's behaviour (openwhisk-api.md "Entities", clients.md `package create`
 * and `package bind`): create/update/get/list/delete with every error status, bindings (own package, another
 * namespace's published package), actions through a binding, and parameter inheritance on invoke
 * (package < binding < action < request) with real nodejs code on the process backend.
 */
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { authed, keyValues, wskActionBody } from '../../test/helpers/api-client';
import { startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const NS = '/api/v1/namespaces';
const PACKAGES = `${NS}/_/packages`;
const ACTIONS = `${NS}/_/actions`;
const ECHO = 'function main(params) { return params; }';
const kv = (o: Record<string, unknown>) => Object.entries(o).map(([key, value]) => ({ key, value }));

describe('packages API', () => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  const req = (method: 'get' | 'put' | 'post' | 'delete', path: string, key?: string) => authed(platform.url, method, path, key);
  const putPackage = (name: string, body: Record<string, unknown> = {}, query = '', key?: string, ns = '_') =>
    req('put', `${NS}/${ns}/packages/${name}${query}`, key).send({ namespace: '_', name, ...body });
  const putAction = (path: string, extra: Record<string, unknown> = {}, key?: string, ns = '_') =>
    req('put', `${NS}/${ns}/actions/${path}`, key).send({ ...wskActionBody(path, ECHO), ...extra });

  beforeAll(async () => {
    platform = await startTestPlatform({ backend: 'process' });
    spec = await createResponseValidator();
    // A shared package in whisk.system (its own subject), and a private one.
    await putPackage('utils', { publish: true, parameters: kv({ from: 'utils', shared: 'utils' }) }, '', WHISK_SYSTEM_KEY, 'whisk.system').expect(200);
    await putAction('utils/echo', { parameters: kv({ shared: 'echo' }) }, WHISK_SYSTEM_KEY, 'whisk.system').expect(200);
    await putPackage('secret', {}, '', WHISK_SYSTEM_KEY, 'whisk.system').expect(200);
    await putAction('secret/echo', {}, WHISK_SYSTEM_KEY, 'whisk.system').expect(200);
  }, 30_000);
  afterAll(() => platform.cleanup());

  describe('create and update (PUT)', () => {
    it('accepts the body of `wsk package create` and answers the new package', async () => {
      const res = await putPackage('p1', {}, '?overwrite=false').expect(200);
      spec.expectValid(res, 'updatePackage');
      expect(res.body).toEqual({
        namespace: 'guest', name: 'p1', version: '0.0.1', publish: false, binding: {}, parameters: [], annotations: [], updated: expect.any(Number),
      });
    });

    it('answers 409 when the package exists and overwrite is not true', async () => {
      await putPackage('p2').expect(200);
      const res = await putPackage('p2', { publish: true }).expect(409);
      spec.expectValid(res, 'updatePackage');
      expect(res.body.error).toBe('resource already exists');
    });

    it('updates with overwrite=true: fields given replace, the patch version is bumped', async () => {
      await putPackage('p3', { parameters: kv({ a: 1 }), annotations: kv({ note: 'x' }) }).expect(200);
      const res = await putPackage('p3', { publish: true, parameters: kv({ b: 2 }) }, '?overwrite=true').expect(200);
      expect(res.body).toMatchObject({ version: '0.0.2', publish: true, parameters: kv({ b: 2 }), annotations: kv({ note: 'x' }) });
      const again = await putPackage('p3', {}, '?overwrite=true').expect(200);
      expect(again.body).toMatchObject({ version: '0.0.3', publish: true, parameters: kv({ b: 2 }) });
    });

    it.each([
      ['the reserved name `default`', 'default', "Package name 'default' is reserved."],
      ['an illegal name', 'bad%24name', 'The name of the entity contains illegal characters.'],
    ])('answers 400 for %s', async (_what, name, message) => {
      const res = await req('put', `${PACKAGES}/${name}`).send({}).expect(400);
      spec.expectValid(res, 'updatePackage');
      expect(res.body.error).toBe(message);
    });

    it.each([
      ['parameters not an array', { parameters: { a: 1 } }],
      ['publish not a boolean', { publish: 'yes' }],
      ['binding not an object', { binding: 'whisk.system/utils' }],
    ])('answers 400 for a malformed body: %s', async (_what, body) => {
      await req('put', `${PACKAGES}/malformed`).send(body).expect(400);
    });

    it("answers 403 for another namespace's package", async () => {
      const res = await putPackage('mine', {}, '', undefined, 'whisk.system').expect(403);
      spec.expectValid(res, 'updatePackage');
    });
  });

  describe('get and list', () => {
    beforeAll(async () => {
      await putPackage('withacts', { parameters: kv({ p: 1 }) }).expect(200);
      await putAction('withacts/a1').expect(200);
      await putAction('withacts/feed1', { annotations: kv({ feed: true }) }).expect(200);
    });

    it('GET answers the package with its actions and feeds', async () => {
      const res = await req('get', `${PACKAGES}/withacts`).expect(200);
      spec.expectValid(res, 'getPackageByName');
      expect(res.body).toMatchObject({ namespace: 'guest', name: 'withacts', binding: {}, parameters: kv({ p: 1 }) });
      expect(res.body.actions.map((a: { name: string }) => a.name)).toEqual(['a1']);
      expect(res.body.feeds.map((a: { name: string }) => a.name)).toEqual(['feed1']);
      expect(res.body.actions[0]).toEqual({ name: 'a1', version: '0.0.1', annotations: expect.any(Array) });
    });

    it('GET answers 404 for a missing package, 400 for an illegal name', async () => {
      spec.expectValid(await req('get', `${PACKAGES}/nope`).expect(404), 'getPackageByName');
      await req('get', `${PACKAGES}/bad%24name`).expect(400);
    });

    it('lists briefs (no parameters), pages and counts', async () => {
      const res = await req('get', `${PACKAGES}?limit=30&skip=0`).expect(200);
      spec.expectValid(res, 'getAllPackages');
      const names = res.body.map((p: { name: string }) => p.name);
      expect(names).toEqual(expect.arrayContaining(['withacts', 'p1']));
      expect(res.body[0]).not.toHaveProperty('parameters');
      const page = await req('get', `${PACKAGES}?limit=1&skip=1`).expect(200);
      expect(page.body.map((p: { name: string }) => p.name)).toEqual([names[1]]);
      const count = await req('get', `${PACKAGES}?count=true`).expect(200);
      expect(count.body).toEqual({ packages: names.length });
      spec.expectValid(await req('get', `${PACKAGES}?limit=201`).expect(400), 'getAllPackages');
    });

    it("lists only the published packages of another namespace (`wsk package list /whisk.system`)", async () => {
      const res = await req('get', `${NS}/whisk.system/packages?public=true`).expect(200);
      expect(res.body.map((p: { name: string }) => p.name)).toEqual(['utils']);
      expect((await req('get', `${NS}/whisk.system/packages?count=true`).expect(200)).body).toEqual({ packages: 1 });
    });

    it("reads another namespace's published package, and 403 for a private or missing one", async () => {
      const res = await req('get', `${NS}/whisk.system/packages/utils`).expect(200);
      expect(res.body).toMatchObject({ namespace: 'whisk.system', name: 'utils', publish: true });
      expect(res.body.actions.map((a: { name: string }) => a.name)).toEqual(['echo']);
      spec.expectValid(await req('get', `${NS}/whisk.system/packages/secret`).expect(403), 'getPackageByName');
      await req('get', `${NS}/whisk.system/packages/nothing`).expect(403);
    });

    it('answers 401 without credentials', async () => {
      const { default: request } = await import('supertest');
      spec.expectValid(await request(platform.url).get(PACKAGES).expect(401), 'getAllPackages');
    });
  });

  describe('delete', () => {
    it('deletes an empty package and answers it', async () => {
      await putPackage('gone').expect(200);
      const res = await req('delete', `${PACKAGES}/gone`).expect(200);
      spec.expectValid(res, 'deletePackage');
      expect(res.body).toMatchObject({ name: 'gone', namespace: 'guest' });
      await req('get', `${PACKAGES}/gone`).expect(404);
    });

    it('answers 409 while the package holds actions; force=true deletes them too', async () => {
      await putPackage('full').expect(200);
      await putAction('full/x').expect(200);
      await putAction('full/y').expect(200);
      const res = await req('delete', `${PACKAGES}/full`).expect(409);
      spec.expectValid(res, 'deletePackage');
      expect(res.body.error).toBe('Package not empty (contains 2 entities). Set force param or delete package contents.');
      await req('delete', `${ACTIONS}/full/y`).expect(200);
      expect((await req('delete', `${PACKAGES}/full`).expect(409)).body.error).toMatch(/contains 1 entity\)/);
      await req('delete', `${PACKAGES}/full?force=true`).expect(200);
      await req('get', `${ACTIONS}/full/x`).expect(404);
    });

    it('answers 404 for a missing package and 403 in another namespace', async () => {
      spec.expectValid(await req('delete', `${PACKAGES}/never`).expect(404), 'deletePackage');
      spec.expectValid(await req('delete', `${NS}/whisk.system/packages/utils`).expect(403), 'deletePackage');
    });
  });

  describe('bindings', () => {
    beforeAll(async () => {
      await putPackage('base', { parameters: kv({ from: 'base', level: 'package' }) }).expect(200);
      await putAction('base/echo', { parameters: kv({ own: 'action' }) }).expect(200);
    });

    it('binds an own package with aio\'s `_` namespace and answers the resolved binding', async () => {
      const res = await putPackage('mybind', { binding: { namespace: '_', name: 'base' }, parameters: kv({ level: 'binding' }) }).expect(200);
      spec.expectValid(res, 'updatePackage');
      expect(res.body).toMatchObject({ namespace: 'guest', name: 'mybind', binding: { namespace: 'guest', name: 'base' } });
      expect(keyValues(res.body.annotations)).toEqual({ binding: { namespace: 'guest', name: 'base' } });
    });

    it('GET of a binding shows the binding, the merged parameters and the bound actions', async () => {
      const res = await req('get', `${PACKAGES}/mybind`).expect(200);
      spec.expectValid(res, 'getPackageByName');
      expect(res.body).toMatchObject({ name: 'mybind', binding: { namespace: 'guest', name: 'base' } });
      expect(keyValues(res.body.parameters)).toEqual({ from: 'base', level: 'binding' });
      expect(res.body.actions.map((a: { name: string }) => a.name)).toEqual(['echo']);
    });

    it("binds another namespace's published package with the exact body of `wsk package bind`", async () => {
      const res = await req('put', `${PACKAGES}/u?overwrite=false`).send({ binding: { namespace: 'whisk.system', name: 'utils' } }).expect(200);
      expect(res.body.binding).toEqual({ namespace: 'whisk.system', name: 'utils' });
    });

    it.each([
      ['a missing package', { namespace: '_', name: 'missing' }, 400, 'Binding references a package that does not exist.'],
      ['a missing package elsewhere', { namespace: 'whisk.system', name: 'missing' }, 400, 'Binding references a package that does not exist.'],
      ['a binding', { namespace: '_', name: 'mybind' }, 400, 'Cannot bind to another package binding.'],
      ["another namespace's private package", { namespace: 'whisk.system', name: 'secret' }, 403, 'The supplied authentication is not authorized to access this resource.'],
    ])('refuses a binding to %s', async (_what, binding, status, message) => {
      const res = await putPackage('badbind', { binding }).expect(status);
      spec.expectValid(res, 'updatePackage');
      expect(res.body.error).toBe(message);
    });

    it('a package cannot become a binding (409); a binding stays one when updated without `binding`', async () => {
      const res = await putPackage('base', { binding: { namespace: '_', name: 'p1' } }, '?overwrite=true').expect(409);
      expect(res.body.error).toBe('Resource is a package and cannot be converted into a binding.');
      const updated = await putPackage('mybind', { parameters: kv({ level: 'binding' }) }, '?overwrite=true').expect(200);
      expect(updated.body).toMatchObject({ version: '0.0.2', binding: { namespace: 'guest', name: 'base' } });
    });

    it('reads and lists the bound package\'s actions through the binding', async () => {
      const got = await req('get', `${ACTIONS}/mybind/echo`).expect(200);
      spec.expectValid(got, 'getActionInPackageByName');
      expect(got.body).toMatchObject({ namespace: 'guest/base', name: 'echo' });
      expect(keyValues(got.body.parameters)).toEqual({ from: 'base', level: 'binding', own: 'action' });
      const listed = await req('get', `${ACTIONS}/mybind/?limit=30&skip=0`).expect(200);
      expect(listed.body.map((a: { name: string }) => a.name)).toEqual(['echo']);
      await req('get', `${ACTIONS}/mybind/nothing`).expect(404);
    });

    it.each([
      ['put', 'updateActionInPackage'],
      ['delete', 'deleteActionInPackage'],
    ] as const)('refuses %s of an action in a binding with 400', async (method, operationId) => {
      const res = await req(method, `${ACTIONS}/mybind/echo`).send(wskActionBody('echo', ECHO)).expect(400);
      spec.expectValid(res, operationId);
      expect(res.body.error).toBe('Operation not permitted on package binding.');
    });

    it('deletes a binding without touching the bound package', async () => {
      await putPackage('tmpbind', { binding: { namespace: '_', name: 'base' } }).expect(200);
      await req('delete', `${PACKAGES}/tmpbind`).expect(200);
      await req('get', `${ACTIONS}/base/echo`).expect(200);
    });
  });

  describe("another namespace's published package", () => {
    it('its actions can be read and invoked, not written', async () => {
      await req('get', `${NS}/whisk.system/actions/utils/echo`).expect(200);
      const res = await req('post', `${NS}/whisk.system/actions/utils/echo?blocking=true`).send({ x: 1 }).expect(200);
      spec.expectValid(res, 'invokeActionInPackage');
      expect(res.body.namespace).toBe('guest');
      expect(keyValues(res.body.annotations).path).toBe('whisk.system/utils/echo');
      expect(res.body.response.result).toMatchObject({ x: 1, from: 'utils', shared: 'echo' });
      spec.expectValid(await putAction('utils/mine', {}, undefined, 'whisk.system').expect(403), 'updateActionInPackage');
      await req('delete', `${NS}/whisk.system/actions/utils/echo`).expect(403);
    });

    it('a private package\'s actions answer 403, and top-level actions of another namespace too', async () => {
      await req('get', `${NS}/whisk.system/actions/secret/echo`).expect(403);
      await req('post', `${NS}/whisk.system/actions/secret/echo`).send({}).expect(403);
      await req('post', `${NS}/whisk.system/actions/echo`).send({}).expect(403);
    });

    it('invokes through a binding with the inherited parameters', async () => {
      await putPackage('ub', { binding: { namespace: 'whisk.system', name: 'utils' }, parameters: kv({ from: 'binding' }) }).expect(200);
      const res = await req('post', `${ACTIONS}/ub/echo?blocking=true&result=true`).send({ req: true }).expect(200);
      expect(res.body).toEqual({ from: 'binding', shared: 'echo', req: true });
    });
  });

  describe('parameter inheritance on invoke (package < binding < action < request)', () => {
    let viaBinding: Record<string, unknown>;
    let direct: Record<string, unknown>;

    beforeAll(async () => {
      await putPackage('prec', { parameters: kv({ k1: 'package', k2: 'package', k3: 'package', k4: 'package' }) }).expect(200);
      await putPackage('precb', { binding: { namespace: '_', name: 'prec' }, parameters: kv({ k2: 'binding', k3: 'binding', k4: 'binding' }) }).expect(200);
      await putAction('prec/echo', { parameters: kv({ k3: 'action', k4: 'action' }) }).expect(200);
      const request = { k4: 'request', k5: 'request' };
      viaBinding = (await req('post', `${ACTIONS}/precb/echo?blocking=true&result=true`).send(request).expect(200)).body;
      direct = (await req('post', `${ACTIONS}/prec/echo?blocking=true&result=true`).send(request).expect(200)).body;
    }, 30_000);

    it.each([
      ['k1', 'only the package sets it', 'package', 'package'],
      ['k2', 'the binding overrides the package', 'binding', 'package'],
      ['k3', 'the action overrides the binding', 'action', 'action'],
      ['k4', 'the request overrides the action', 'request', 'request'],
      ['k5', 'only the request sets it', 'request', 'request'],
    ])('%s: %s', (key, _why, throughBinding, throughPackage) => {
      expect(viaBinding[key]).toBe(throughBinding);
      expect(direct[key]).toBe(throughPackage);
    });

    it('`final` on the action freezes the inherited parameters too (400 when the request sets one)', async () => {
      await putAction('prec/frozen', { annotations: kv({ final: true }) }).expect(200);
      const res = await req('post', `${ACTIONS}/precb/frozen?blocking=true`).send({ k2: 'request' }).expect(400);
      expect(res.body.error).toBe('Request defines parameters that are not allowed (e.g., reserved properties).');
      const ok = await req('post', `${ACTIONS}/precb/frozen?blocking=true&result=true`).send({ other: 1 }).expect(200);
      expect(ok.body).toMatchObject({ k1: 'package', k2: 'binding', other: 1 });
    });
  });
});
