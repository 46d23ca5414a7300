/**
 * Sequences (openwhisk-api.md "Entities", "Limits"; clients.md `action create s --sequence a,b`): components
 * resolved and checked when stored (missing, too many, cyclic, another namespace's), and run in order with real
 * nodejs code on the process backend — each result feeds the next action, an error stops the chain, component
 * records carry `cause` and `causedBy`, the sequence's record lists the component activation ids.
 */
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { ACTIVATION_ID, authed, keyValues, pollActivation, wskActionBody } from '../../test/helpers/api-client';
import { startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const NS = '/api/v1/namespaces';
const ACTIONS = `${NS}/_/actions`;
const step = (letter: string) =>
  `function main(params) { return Object.assign({}, params, { ${letter}: true, trail: (params.trail || '') + '${letter}' }); }`;
const FAIL = 'function main(params) { return { error: "boom at " + params.trail }; }';

interface ActivationJson {
  activationId: string;
  duration: number;
  logs: string[];
  cause?: string;
  annotations: { key: string; value: unknown }[];
  response: { success: boolean; statusCode: number; result: Record<string, unknown> };
}

describe('sequences', () => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  const req = (method: 'get' | 'put' | 'post' | 'delete', path: string, key?: string) => authed(platform.url, method, path, key);
  const putAction = (path: string, code: string, key?: string, ns = '_') =>
    req('put', `${NS}/${ns}/actions/${path}`, key).send(wskActionBody(path, code));
  const putSequence = (name: string, components: unknown, query = '') =>
    req('put', `${ACTIONS}/${name}${query}`).send({ namespace: '_', name, exec: { kind: 'sequence', components } });
  const activation = async (id: string): Promise<ActivationJson> => {
    const res = await pollActivation(platform.url, id);
    expect(res.status).toBe(200);
    return res.body as ActivationJson;
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ backend: 'process' });
    spec = await createResponseValidator();
    await putAction('a', step('a')).expect(200);
    await putAction('b', step('b')).expect(200);
    await putAction('fail', FAIL).expect(200);
    await req('put', `${NS}/_/packages/pkg`).send({ parameters: [{ key: 'fromPackage', value: 1 }] }).expect(200);
    await putAction('pkg/c', step('c')).expect(200);
    await req('put', `${NS}/whisk.system/packages/shared`, WHISK_SYSTEM_KEY).send({ publish: true }).expect(200);
    await putAction('shared/d', step('d'), WHISK_SYSTEM_KEY, 'whisk.system').expect(200);
    await req('put', `${NS}/whisk.system/packages/private`, WHISK_SYSTEM_KEY).send({}).expect(200);
    await putAction('private/e', step('e'), WHISK_SYSTEM_KEY, 'whisk.system').expect(200);
  }, 30_000);
  afterAll(() => platform.cleanup());

  describe('create', () => {
    it('stores the components of `wsk action create s --sequence a,b` with `_` resolved', async () => {
      const res = await putSequence('ab', ['/_/a', '/_/b'], '?overwrite=false').expect(200);
      spec.expectValid(res, 'updateAction');
      expect(res.body.exec).toEqual({ kind: 'sequence', components: ['/guest/a', '/guest/b'] });
      expect(keyValues(res.body.annotations).exec).toBe('sequence');
      const got = await req('get', `${ACTIONS}/ab?code=false`).expect(200);
      expect(got.body.exec).toEqual({ kind: 'sequence', components: ['/guest/a', '/guest/b'] });
    });

    it("accepts packaged components, bindings and another namespace's published ones", async () => {
      await req('put', `${NS}/_/packages/sb`).send({ binding: { namespace: 'whisk.system', name: 'shared' } }).expect(200);
      const res = await putSequence('mixed', ['/_/pkg/c', '/whisk.system/shared/d', '/_/sb/d', 'a']).expect(200);
      expect(res.body.exec.components).toEqual(['/guest/pkg/c', '/whisk.system/shared/d', '/guest/sb/d', '/guest/a']);
    });

    it.each([
      ['no components', [], 400, 'No component specified for the sequence.'],
      ['a missing component', ['/_/a', '/_/nothing'], 400, 'Sequence component does not exist.'],
      ['a component in a missing package', ['/_/nopkg/a'], 400, 'Sequence component does not exist.'],
      ['a malformed component', ['/guest/a/b/c'], 400, "The sequence component '/guest/a/b/c' is not a fully qualified action name."],
      ['more than 50 components', Array.from({ length: 51 }, () => '/_/a'), 400, 'Too many actions in the sequence.'],
      ["another namespace's private component", ['/whisk.system/private/e'], 403, 'The supplied authentication is not authorized to access this resource.'],
      ["another namespace's top-level action", ['/whisk.system/anything'], 403, 'The supplied authentication is not authorized to access this resource.'],
    ])('refuses %s', async (_what, components, status, message) => {
      const res = await putSequence('bad', components).expect(status);
      spec.expectValid(res, 'updateAction');
      expect(res.body.error).toBe(message);
    });

    it('counts the atomic actions of nested sequences towards the limit of 50', async () => {
      await putSequence('s25', Array.from({ length: 25 }, () => '/_/a')).expect(200);
      await putSequence('s50', ['/_/s25', '/_/s25']).expect(200);
      const res = await putSequence('s51', ['/_/s50', '/_/a']).expect(400);
      expect(res.body.error).toBe('Too many actions in the sequence.');
    });

    it('refuses a sequence that refers to itself, directly or through another sequence', async () => {
      await putSequence('loop', ['/_/a']).expect(200);
      const direct = await putSequence('loop', ['/_/a', '/_/loop'], '?overwrite=true').expect(400);
      expect(direct.body.error).toBe('Sequence may not refer to itself.');
      await putSequence('outer', ['/_/loop']).expect(200);
      const indirect = await putSequence('loop', ['/_/outer'], '?overwrite=true').expect(400);
      expect(indirect.body.error).toBe('Sequence may not refer to itself.');
    });

    it('answers 400 for a sequence in a binding, as for any action there', async () => {
      await req('put', `${NS}/_/packages/pb`).send({ binding: { namespace: '_', name: 'pkg' } }).expect(200);
      const res = await req('put', `${ACTIONS}/pb/s`).send({ exec: { kind: 'sequence', components: ['/_/a'] } }).expect(400);
      expect(res.body.error).toBe('Operation not permitted on package binding.');
    });
  });

  describe('invoke', () => {
    it('runs the components in order, each fed the previous result, and answers the sequence record', async () => {
      const res = await req('post', `${ACTIONS}/ab?blocking=true`).send({ input: 1 }).expect(200);
      spec.expectValid(res, 'invokeAction');
      const record = res.body as ActivationJson;
      expect(record.response.result).toEqual({ input: 1, a: true, b: true, trail: 'ab' });
      expect(res.headers['x-openwhisk-activation-id']).toBe(record.activationId);
      expect(record.logs).toEqual([expect.stringMatching(ACTIVATION_ID), expect.stringMatching(ACTIVATION_ID)]);
      const annotations = keyValues(record.annotations as never);
      expect(annotations).toMatchObject({ topmost: true, kind: 'sequence', path: 'guest/ab', waitTime: expect.any(Number) });
      expect(annotations.limits).toMatchObject({ timeout: 60000, memory: 256 });
      expect(annotations).not.toHaveProperty('causedBy');
      expect(record.cause).toBeUndefined();

      const components = await Promise.all(record.logs.map(activation));
      expect(components.map((c) => keyValues(c.annotations as never).path)).toEqual(['guest/a', 'guest/b']);
      for (const c of components) {
        expect(c.cause).toBe(record.activationId);
        expect(keyValues(c.annotations as never).causedBy).toBe('sequence');
      }
      expect(components[0]!.response.result).toEqual({ input: 1, a: true, trail: 'a' });
      expect(record.duration).toBe(components.reduce((sum, c) => sum + c.duration, 0));
      const stored = await activation(record.activationId);
      expect(stored.logs).toEqual(record.logs);
    });

    it('answers only the result with result=true', async () => {
      const res = await req('post', `${ACTIONS}/ab?blocking=true&result=true`).send({}).expect(200);
      expect(res.body).toEqual({ a: true, b: true, trail: 'ab' });
    });

    it('stops at the first error: 502 with the failing component\'s response', async () => {
      await putSequence('afb', ['/_/a', '/_/fail', '/_/b']).expect(200);
      const res = await req('post', `${ACTIONS}/afb?blocking=true`).send({}).expect(502);
      spec.expectValid(res, 'invokeAction');
      const record = res.body as ActivationJson;
      expect(record.response).toMatchObject({ success: false, statusCode: 1, result: { error: 'boom at a' } });
      expect(record.logs).toHaveLength(2);
      const failed = await activation(record.logs[1]!);
      expect(keyValues(failed.annotations as never).path).toBe('guest/fail');
    });

    it('answers 202 when non-blocking, and the sequence runs on', async () => {
      const res = await req('post', `${ACTIONS}/ab`).send({ n: 2 }).expect(202);
      spec.expectValid(res, 'invokeAction');
      const record = await activation(res.body.activationId);
      expect(record.response.result).toEqual({ n: 2, a: true, b: true, trail: 'ab' });
    });

    it("runs packaged, bound and other namespaces' published components with their package parameters", async () => {
      const res = await req('post', `${ACTIONS}/mixed?blocking=true&result=true`).send({}).expect(200);
      expect(res.body).toMatchObject({ trail: 'cdda', fromPackage: 1 });
    });

    it('runs a nested sequence with its own record (topmost false, causedBy, cause)', async () => {
      await putSequence('nested', ['/_/ab', '/_/pkg/c']).expect(200);
      const res = await req('post', `${ACTIONS}/nested?blocking=true`).send({}).expect(200);
      const record = res.body as ActivationJson;
      expect(record.response.result).toMatchObject({ trail: 'abc' });
      const inner = await activation(record.logs[0]!);
      expect(inner.cause).toBe(record.activationId);
      expect(keyValues(inner.annotations as never)).toMatchObject({ topmost: false, causedBy: 'sequence', kind: 'sequence' });
      expect(inner.logs).toHaveLength(2);
    });

    it('a sequence in a package inherits the package parameters into its first component', async () => {
      await req('put', `${ACTIONS}/pkg/seq`).send({ exec: { kind: 'sequence', components: ['/_/a'] } }).expect(200);
      const res = await req('post', `${ACTIONS}/pkg/seq?blocking=true&result=true`).send({}).expect(200);
      expect(res.body).toMatchObject({ fromPackage: 1, trail: 'a' });
    });

    it('answers 400 when the parameters are not an object, and 404 for a missing sequence', async () => {
      await req('post', `${ACTIONS}/ab?blocking=true`).set('content-type', 'application/json').send('[1]').expect(400);
      await req('post', `${ACTIONS}/nope?blocking=true`).send({}).expect(404);
    });

    it('fails the sequence when a component was deleted after it was stored', async () => {
      await putAction('tmp', step('t')).expect(200);
      await putSequence('withtmp', ['/_/a', '/_/tmp']).expect(200);
      await req('delete', `${ACTIONS}/tmp`).expect(200);
      const res = await req('post', `${ACTIONS}/withtmp?blocking=true`).send({}).expect(502);
      expect(res.body.response.result).toEqual({ error: 'Sequence component does not exist.' });
      expect(res.body.logs).toHaveLength(1);
    });
  });

  describe('entitlement at run time', () => {
    it('refuses (403) a sequence whose shared component\'s package was unpublished since, and runs it again once published', async () => {
      await req('put', `${NS}/whisk.system/packages/lending`, WHISK_SYSTEM_KEY).send({ publish: true }).expect(200);
      await putAction('lending/f', step('f'), WHISK_SYSTEM_KEY, 'whisk.system').expect(200);
      await putSequence('borrows', ['/_/a', '/whisk.system/lending/f']).expect(200);
      await req('post', `${ACTIONS}/borrows?blocking=true&result=true`).send({}).expect(200);

      await req('put', `${NS}/whisk.system/packages/lending?overwrite=true`, WHISK_SYSTEM_KEY).send({ publish: false }).expect(200);
      const refused = 'The supplied authentication is not authorized to access \'whisk.system/lending/f\'.';
      const blocking = await req('post', `${ACTIONS}/borrows?blocking=true`).send({}).expect(403);
      expect(blocking.body).toEqual({ error: refused, code: expect.any(String) });
      spec.expectValid(blocking, 'invokeAction');
      await req('post', `${ACTIONS}/borrows`).send({}).expect(403);

      await req('put', `${NS}/whisk.system/packages/lending?overwrite=true`, WHISK_SYSTEM_KEY).send({ publish: true }).expect(200);
      const again = await req('post', `${ACTIONS}/borrows?blocking=true&result=true`).send({}).expect(200);
      expect(again.body).toMatchObject({ trail: 'af' });
    });

    it('refuses a component whose shared package was deleted (its existence is not revealed)', async () => {
      await req('put', `${NS}/whisk.system/packages/gone`, WHISK_SYSTEM_KEY).send({ publish: true }).expect(200);
      await putAction('gone/g', step('g'), WHISK_SYSTEM_KEY, 'whisk.system').expect(200);
      await putSequence('orphan', ['/whisk.system/gone/g']).expect(200);
      await req('delete', `${NS}/whisk.system/packages/gone?force=true`, WHISK_SYSTEM_KEY).expect(200);
      const res = await req('post', `${ACTIONS}/orphan?blocking=true`).send({}).expect(403);
      expect(res.body.error).toBe('The supplied authentication is not authorized to access \'whisk.system/gone/g\'.');
    });

    it('records the binding a sequence was reached through', async () => {
      await req('put', `${ACTIONS}/pkg/viaseq`).send({ exec: { kind: 'sequence', components: ['/_/a'] } }).expect(200);
      await req('put', `${NS}/_/packages/pkgbinding`).send({ binding: { namespace: '_', name: 'pkg' } }).expect(200);
      const res = await req('post', `${ACTIONS}/pkgbinding/viaseq?blocking=true`).send({}).expect(200);
      expect(keyValues(res.body.annotations)).toMatchObject({ binding: 'guest/pkgbinding', kind: 'sequence' });
      const direct = await req('post', `${ACTIONS}/pkg/viaseq?blocking=true`).send({}).expect(200);
      expect(keyValues(direct.body.annotations)).not.toHaveProperty('binding');
    });
  });
});
