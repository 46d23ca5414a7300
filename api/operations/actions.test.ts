/**
 * The Actions collection against OpenWhisk's behaviour (openwhisk-api.md "Operations", "Entities", "Limits";
 * clients.md): create/update with the bodies real clients send, get (with and without code), list (paging, count,
 * newest first), delete, the package variants, and every 400/404/409/413 — each response checked against
 * openapi.yaml.
 */
import request from 'supertest';
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { authed, keyValues, NODE_CODE, wskActionBody } from '../../test/helpers/api-client';
import { basicAuth, startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const ACTIONS = '/api/v1/namespaces/_/actions';
const DEFAULT_LIMITS = { timeout: 60000, memory: 256, logs: 10, concurrency: 1 };
const malformed = (detail: string) => `The request content was malformed:\n${detail}`;
const requirementFailed = (detail: string) => malformed(`requirement failed: ${detail}`);

describe('actions API', () => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  const put = (name: string, query = '') => authed(platform.url, 'put', `${ACTIONS}/${name}${query}`);
  const get = (path: string, key?: string) => authed(platform.url, 'get', path, key);

  beforeAll(async () => {
    platform = await startTestPlatform();
    spec = await createResponseValidator();
  });
  afterAll(() => platform.cleanup());

  it('checks responses with a live validator (it refuses a malformed action and an undeclared status)', () => {
    expect(spec.errors({ status: 200, body: { name: 'x' } }, 'getActionByName')).not.toEqual([]);
    expect(spec.errors({ status: 404, body: { error: 'x' } }, 'getActionByName')).not.toEqual([]);
    expect(spec.errors({ status: 418, body: { error: 'x', code: 'y' } }, 'getActionByName')).not.toEqual([]);
  });

  describe('create (PUT)', () => {
    it('accepts the exact body of `wsk action create` and answers the new entity', async () => {
      const res = await put('hello', '?overwrite=false')
        .set('user-agent', 'OpenWhisk-CLI/1.0 (2021-04-01T23:49:54.523+0000) linux amd64')
        .send({ namespace: '_', name: 'hello', exec: { kind: 'nodejs:default', code: NODE_CODE } })
        .expect(200);
      spec.expectValid(res, 'updateAction');
      expect(res.body).toEqual(expect.objectContaining({
        namespace: 'guest',
        name: 'hello',
        version: '0.0.1',
        publish: false,
        parameters: [],
        limits: DEFAULT_LIMITS,
      }));
      expect(res.body.exec).toEqual(expect.objectContaining({ kind: 'nodejs:20', code: NODE_CODE, binary: false }));
      expect(keyValues(res.body.annotations)).toEqual({ exec: 'nodejs:20', 'provide-api-key': false });
      expect(res.body.updated).toEqual(expect.any(Number));
    });

    it('stores what it answered', async () => {
      const created = await put('stored').send(wskActionBody('stored')).expect(200);
      const fetched = await get(`${ACTIONS}/stored`).expect(200);
      expect(fetched.body).toEqual(created.body);
    });

    it('accepts a PUT without any overwrite query (aio runtime) and extra fields beside exec (serverless)', async () => {
      const res = await put('aio')
        .set('content-type', 'application/json; charset=utf-8')
        .send({
          name: 'aio', main: 'ignored', somethingElse: { nested: true },
          exec: { kind: 'nodejs:20', code: NODE_CODE, main: 'handler', extra: 1 },
          limits: { timeout: 3000, memory: 128, concurrency: 1 },
          parameters: [{ key: 'p', value: 'v' }],
          annotations: [{ key: 'web-export', value: true }],
        })
        .expect(200);
      spec.expectValid(res, 'updateAction');
      expect(res.body.exec).toEqual(expect.objectContaining({ kind: 'nodejs:20', main: 'handler' }));
      expect(res.body.limits).toEqual({ timeout: 3000, memory: 128, logs: 10, concurrency: 1 });
      expect(res.body.parameters).toEqual([{ key: 'p', value: 'v' }]);
      expect(keyValues(res.body.annotations)).toEqual({ 'web-export': true, exec: 'nodejs:20', 'provide-api-key': false });
    });

    it('keeps a provide-api-key annotation the client sets', async () => {
      const res = await put('withkey')
        .send({ ...wskActionBody('withkey'), annotations: [{ key: 'provide-api-key', value: true }] })
        .expect(200);
      expect(keyValues(res.body.annotations)['provide-api-key']).toBe(true);
    });

    it('resolves python:default and keeps an explicit kind', async () => {
      const py = await put('py').send({ exec: { kind: 'python:default', code: 'def main(args):\n  return args' } }).expect(200);
      expect(py.body.exec.kind).toBe('python:3.10');
      const node18 = await put('node18').send({ exec: { kind: 'nodejs:18', code: NODE_CODE } }).expect(200);
      expect(node18.body.exec.kind).toBe('nodejs:18');
      expect(keyValues(node18.body.annotations).exec).toBe('nodejs:18');
    });

    it('answers 409 when the action exists and overwrite is not true', async () => {
      await put('dup').send(wskActionBody('dup')).expect(200);
      for (const query of ['', '?overwrite=false']) {
        const res = await put('dup', query).send(wskActionBody('dup')).expect(409);
        expect(res.body).toEqual({ error: 'resource already exists', code: expect.any(String) });
        spec.expectValid(res, 'updateAction');
      }
      const fetched = await get(`${ACTIONS}/dup`).expect(200);
      expect(fetched.body.version).toBe('0.0.1');
    });

    it('creates with overwrite=true when the action does not exist', async () => {
      const res = await put('fresh', '?overwrite=true').send(wskActionBody('fresh')).expect(200);
      expect(res.body.version).toBe('0.0.1');
    });

    it('detects a zip sent as base64 in code without binary, as wsk and serverless send it', async () => {
      const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64, 7)]).toString('base64');
      const res = await put('zipped').send({ namespace: '_', name: 'zipped', exec: { kind: 'nodejs:default', code: zip } }).expect(200);
      spec.expectValid(res, 'updateAction');
      expect(res.body.exec).toEqual(expect.objectContaining({ kind: 'nodejs:20', code: zip, binary: true }));
    });

    it('keeps binary false for plain source', async () => {
      const res = await put('plain').send(wskActionBody('plain', 'const x = "UEsDB"; function main() { return {} }')).expect(200);
      expect(res.body.exec.binary).toBe(false);
    });

    it('creates a blackbox action from an image (wsk action create --docker)', async () => {
      const res = await put('docker').send({ exec: { kind: 'blackbox', image: 'openwhisk/dockerskeleton' } }).expect(200);
      spec.expectValid(res, 'updateAction');
      expect(res.body.exec).toEqual(expect.objectContaining({ kind: 'blackbox', image: 'openwhisk/dockerskeleton', binary: false }));
      expect(keyValues(res.body.annotations).exec).toBe('blackbox');
      expect(res.body.limits).toEqual(DEFAULT_LIMITS);
    });

    it.each([
      ['a space', 'with%20space', 'with space'],
      ['@ . & -', 'a%40b.c%26d-e', 'a@b.c&d-e'],
      ['256 characters', 'x'.repeat(256), 'x'.repeat(256)],
      ['a single character', 'z', 'z'],
    ])('accepts a name with %s', async (_what, path, name) => {
      const res = await put(path).send(wskActionBody(name)).expect(200);
      expect(res.body.name).toBe(name);
      await get(`${ACTIONS}/${path}`).expect(200);
    });
  });

  describe('malformed creates', () => {
    const valid = { exec: { kind: 'nodejs:default', code: NODE_CODE } };

    it.each([
      ['a leading space', '%20lead'],
      ['a trailing space', 'trail%20'],
      ['257 characters', 'y'.repeat(257)],
      ['a slash', 'a%2Fb'],
      ['a percent-encoded percent sign', 'a%2541'],
      ['a leading dash', '-lead'],
      ['a leading dot', '.lead'],
      ['a leading @', '%40lead'],
      ['a star', 'a*b'],
      ['a colon', 'a%3Ab'],
      ['a bad percent escape', '%E0%A4%A'],
    ])('answers 400 for a name with %s', async (_what, path) => {
      const res = await put(path).send(valid).expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
      spec.expectValid(res, 'updateAction');
    });

    it('answers "The name of the entity contains illegal characters." for a bad name on every method', async () => {
      for (const method of ['get', 'put', 'delete', 'post'] as const) {
        const res = await authed(platform.url, method, `${ACTIONS}/%20lead`).send(method === 'put' ? valid : {}).expect(400);
        expect(res.body.error).toBe('The name of the entity contains illegal characters.');
      }
    });

    it.each([
      ['timeout below 100 ms', { timeout: 50 }, 'duration 50 milliseconds below allowed threshold of 100 milliseconds'],
      ['timeout above 300000 ms', { timeout: 300001 }, 'duration 300001 milliseconds exceeds allowed threshold of 300000 milliseconds'],
      ['memory below 128 MB', { memory: 64 }, 'memory 64 MB below allowed threshold of '],
      ['memory above 512 MB', { memory: 1024 }, 'memory 1024 MB exceeds allowed threshold of '],
      ['logs above 10 MB', { logs: 11 }, 'log size 11 MB exceeds allowed threshold of '],
      ['concurrency above 1', { concurrency: 2 }, 'concurrency 2 exceeds allowed threshold of 1'],
      ['concurrency below 1', { concurrency: 0 }, 'concurrency 0 below allowed threshold of 1'],
    ])('answers 400 "requirement failed" for %s', async (_what, limits, detail) => {
      const res = await put('limited').send({ ...valid, limits }).expect(400);
      expect(res.body.error.startsWith(requirementFailed(detail))).toBe(true);
      spec.expectValid(res, 'updateAction');
      await get(`${ACTIONS}/limited`).expect(404);
    });

    it('accepts the limit bounds themselves', async () => {
      const low = await put('lowbounds').send({ ...valid, limits: { timeout: 100, memory: 128, logs: 0, concurrency: 1 } }).expect(200);
      expect(low.body.limits).toEqual({ timeout: 100, memory: 128, logs: 0, concurrency: 1 });
      const high = await put('highbounds').send({ ...valid, limits: { timeout: 300000, memory: 512, logs: 10 } }).expect(200);
      expect(high.body.limits).toEqual({ timeout: 300000, memory: 512, logs: 10, concurrency: 1 });
    });

    it.each<[string, unknown]>([
      ['no exec', { namespace: '_', name: 'bad' }],
      ['an empty object', {}],
      ['exec without kind', { exec: { code: NODE_CODE } }],
      ['exec not an object', { exec: 'nodejs:default' }],
      ['an unknown kind', { exec: { kind: 'cobol:85', code: 'x' } }],
      ['an unknown family default', { exec: { kind: 'cobol:default', code: 'x' } }],
      ['a kind that is not a string', { exec: { kind: 20, code: NODE_CODE } }],
      ['no code for a code kind', { exec: { kind: 'nodejs:default' } }],
      ['empty code', { exec: { kind: 'nodejs:default', code: '' } }],
      ['code that is not a string', { exec: { kind: 'nodejs:default', code: 42 } }],
      ['blackbox without image', { exec: { kind: 'blackbox' } }],
      ['parameters not an array', { ...valid, parameters: { a: 1 } }],
      ['a parameter without key', { ...valid, parameters: [{ value: 1 }] }],
      ['a parameter key that is not a string', { ...valid, parameters: [{ key: 1, value: 1 }] }],
      ['annotations not an array', { ...valid, annotations: 'web-export' }],
      ['an annotation without key', { ...valid, annotations: [{ value: true }] }],
      ['limits not an object', { ...valid, limits: 256 }],
      ['a limit that is not an integer', { ...valid, limits: { memory: 'lots' } }],
      ['a fractional limit', { ...valid, limits: { timeout: 1000.5 } }],
      ['publish not a boolean', { ...valid, publish: 'yes' }],
      ['a JSON array body', [valid]],
      ['a JSON string body', 'exec'],
    ])('answers 400 for %s', async (_what, body) => {
      const res = await put('bad').set('content-type', 'application/json').send(JSON.stringify(body)).expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
      spec.expectValid(res, 'updateAction');
      await get(`${ACTIONS}/bad`).expect(404);
    });

    it('names the unknown kind in its 400', async () => {
      const res = await put('bad').send({ exec: { kind: 'cobol:85', code: 'x' } }).expect(400);
      expect(res.body.error).toContain('cobol:85');
    });

    it('answers 400 "The request content was malformed" for malformed JSON', async () => {
      const res = await put('bad').set('content-type', 'application/json').send('{"exec": {"kind": "nodejs:default",').expect(400);
      expect(res.body.error.startsWith(malformed(''))).toBe(true);
      expect(res.body.code).toEqual(expect.any(String));
    });

    it('answers 400 for a PUT without a body', async () => {
      const res = await put('bad').expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
    });

    it('answers 413 for parameters over 1 MB (entity-size.test.ts checks every field and message)', async () => {
      const parameters = [{ key: 'p', value: 'x'.repeat(1_048_576) }];
      const res = await put('huge').send({ exec: { kind: 'nodejs:default', code: NODE_CODE }, parameters }).expect(413);
      expect(res.body).toEqual({ error: 'parameters larger than allowed: 1048579 > 1048576 bytes.', code: expect.any(String) });
      spec.expectValid(res, 'updateAction');
      await get(`${ACTIONS}/huge`).expect(404);
    });

    it('accepts code over the 1 MB payload limit (a create body may hold up to 48 MB of code)', async () => {
      const code = `// ${'x'.repeat(1_100_000)}\n${NODE_CODE}`;
      await put('bigcode').send({ exec: { kind: 'nodejs:default', code } }).expect(200);
    });

    it('accepts a body just under 1 MB', async () => {
      const code = 'x'.repeat(1_000_000);
      await put('big').send({ exec: { kind: 'nodejs:default', code } }).expect(200);
    });
  });

  describe('update (PUT ?overwrite=true)', () => {
    it('bumps the patch version, replaces parameters, merges annotations by key and limits field by field', async () => {
      await put('upd').send({
        ...wskActionBody('upd'),
        parameters: [{ key: 'a', value: 1 }, { key: 'b', value: 2 }],
        annotations: [{ key: 'x', value: 1 }, { key: 'y', value: 2 }],
        limits: { timeout: 1000, memory: 128 },
      }).expect(200);

      const second = await put('upd', '?overwrite=true').send({
        namespace: '_', name: 'upd',
        parameters: [{ key: 'c', value: 3 }],
        annotations: [{ key: 'y', value: 'changed' }, { key: 'z', value: 4 }],
        limits: { memory: 512 },
      }).expect(200);
      spec.expectValid(second, 'updateAction');
      expect(second.body.version).toBe('0.0.2');
      expect(second.body.parameters).toEqual([{ key: 'c', value: 3 }]);
      expect(keyValues(second.body.annotations)).toEqual({ x: 1, y: 'changed', z: 4, exec: 'nodejs:20', 'provide-api-key': false });
      expect(second.body.annotations.filter((a: { key: string }) => a.key === 'y')).toHaveLength(1);
      expect(second.body.limits).toEqual({ timeout: 1000, memory: 512, logs: 10, concurrency: 1 });
      expect(second.body.exec).toEqual(expect.objectContaining({ kind: 'nodejs:20', code: NODE_CODE }));

      const third = await put('upd', '?overwrite=true').send({ exec: { kind: 'python:default', code: 'def main(a):\n  return a' } }).expect(200);
      expect(third.body.version).toBe('0.0.3');
      expect(third.body.exec.kind).toBe('python:3.10');
      expect(third.body.parameters).toEqual([{ key: 'c', value: 3 }]);
      expect(keyValues(third.body.annotations)).toEqual({ x: 1, y: 'changed', z: 4, exec: 'python:3.10', 'provide-api-key': false });
      expect(third.body.limits).toEqual({ timeout: 1000, memory: 512, logs: 10, concurrency: 1 });

      const fetched = await get(`${ACTIONS}/upd`).expect(200);
      expect(fetched.body).toEqual(third.body);
    });

    it('replaces parameters with an empty list when given one', async () => {
      await put('clear').send({ ...wskActionBody('clear'), parameters: [{ key: 'a', value: 1 }] }).expect(200);
      const res = await put('clear', '?overwrite=true').send({ parameters: [] }).expect(200);
      expect(res.body.parameters).toEqual([]);
    });

    it('follows the wsk update flow: GET ?code=false, then PUT ?overwrite=true', async () => {
      await put('wskupd').send(wskActionBody('wskupd')).expect(200);
      await get(`${ACTIONS}/wskupd?code=false`).expect(200);
      const res = await put('wskupd', '?overwrite=true').send(wskActionBody('wskupd', 'function main() { return {v: 2} }')).expect(200);
      expect(res.body.version).toBe('0.0.2');
      expect(res.body.exec.code).toBe('function main() { return {v: 2} }');
    });

    it('refuses an update with limits out of range and keeps the stored action', async () => {
      await put('keep').send(wskActionBody('keep')).expect(200);
      const res = await put('keep', '?overwrite=true').send({ limits: { memory: 64 } }).expect(400);
      expect(res.body.error.startsWith(requirementFailed('memory 64 MB below allowed threshold of '))).toBe(true);
      const fetched = await get(`${ACTIONS}/keep`).expect(200);
      expect(fetched.body.version).toBe('0.0.1');
      expect(fetched.body.limits).toEqual(DEFAULT_LIMITS);
    });

    it('refuses an update with an unknown kind', async () => {
      await put('kindupd').send(wskActionBody('kindupd')).expect(200);
      await put('kindupd', '?overwrite=true').send({ exec: { kind: 'cobol:85', code: 'x' } }).expect(400);
      const fetched = await get(`${ACTIONS}/kindupd`).expect(200);
      expect(fetched.body.exec.kind).toBe('nodejs:20');
    });
  });

  describe('get', () => {
    beforeAll(async () => {
      await put('getme').send({ ...wskActionBody('getme'), parameters: [{ key: 'p', value: 1 }] }).expect(200);
    });

    it('includes the code by default and with code=true', async () => {
      for (const query of ['', '?code=true']) {
        const res = await get(`${ACTIONS}/getme${query}`).expect(200);
        spec.expectValid(res, 'getActionByName');
        expect(res.body.exec).toEqual({ kind: 'nodejs:20', code: NODE_CODE, binary: false });
        expect(res.body.parameters).toEqual([{ key: 'p', value: 1 }]);
      }
    });

    it('leaves the code key out entirely with code=false (the npm client expects it absent)', async () => {
      const res = await get(`${ACTIONS}/getme?code=false`).expect(200);
      spec.expectValid(res, 'getActionByName');
      expect(Object.keys(res.body.exec)).not.toContain('code');
      expect(res.body.exec).toEqual({ kind: 'nodejs:20', binary: false });
      expect(res.body.name).toBe('getme');
    });

    it('is readable by fully qualified namespace too', async () => {
      await get('/api/v1/namespaces/guest/actions/getme').expect(200);
    });

    it('answers 404 "The requested resource does not exist." for a missing action', async () => {
      const res = await get(`${ACTIONS}/nope`).expect(404);
      expect(res.body).toEqual({ error: 'The requested resource does not exist.', code: expect.any(String) });
      spec.expectValid(res, 'getActionByName');
    });

    it('answers 400 for a malformed code query', async () => {
      const res = await get(`${ACTIONS}/getme?code=maybe`).expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
    });
  });

  describe('delete', () => {
    it('answers the deleted entity, then 404', async () => {
      const created = await put('doomed').send(wskActionBody('doomed')).expect(200);
      const res = await authed(platform.url, 'delete', `${ACTIONS}/doomed`).expect(200);
      spec.expectValid(res, 'deleteAction');
      expect(res.body).toEqual(expect.objectContaining({ namespace: 'guest', name: 'doomed', version: '0.0.1' }));
      expect(res.body.exec.kind).toBe(created.body.exec.kind);
      await get(`${ACTIONS}/doomed`).expect(404);
      const again = await authed(platform.url, 'delete', `${ACTIONS}/doomed`).expect(404);
      expect(again.body).toEqual({ error: 'The requested resource does not exist.', code: expect.any(String) });
      spec.expectValid(again, 'deleteAction');
    });

    it('lets the name be reused at version 0.0.1 after a delete', async () => {
      await put('reborn').send(wskActionBody('reborn')).expect(200);
      await put('reborn', '?overwrite=true').send(wskActionBody('reborn')).expect(200);
      await authed(platform.url, 'delete', `${ACTIONS}/reborn`).expect(200);
      const res = await put('reborn').send(wskActionBody('reborn')).expect(200);
      expect(res.body.version).toBe('0.0.1');
    });
  });

  describe('list (in the otherwise empty whisk.system namespace)', () => {
    const SYS = '/api/v1/namespaces/_/actions';
    const names = Array.from({ length: 32 }, (_, i) => `l${String(i).padStart(2, '0')}`);
    const list = (query = '') => get(`${SYS}${query}`, WHISK_SYSTEM_KEY);
    const namesOf = (body: { name: string }[]) => body.map((a) => a.name);

    beforeAll(async () => {
      for (const name of names) {
        await authed(platform.url, 'put', `${SYS}/${name}`, WHISK_SYSTEM_KEY).send(wskActionBody(name)).expect(200);
      }
    });

    it('ignores query parameters it does not know (as OpenWhisk), still applying the ones it does', async () => {
      const res = await list('?limit=2&skip=0&docs=true&_=1700000000').expect(200);
      expect(namesOf(res.body)).toEqual([...names].reverse().slice(0, 2));
      expect(res.body[0].exec?.code).toBeUndefined();
    });

    it('answers 30 briefs by default, newest first, without code', async () => {
      const res = await list().expect(200);
      spec.expectValid(res, 'getAllActions');
      expect(namesOf(res.body)).toEqual([...names].reverse().slice(0, 30));
      for (const brief of res.body) {
        expect(brief).toEqual(expect.objectContaining({ namespace: 'whisk.system', version: '0.0.1', publish: false }));
        expect(brief.exec?.code).toBeUndefined();
        expect(keyValues(brief.annotations).exec).toBe('nodejs:20');
      }
    });

    it('pages with limit and skip (wsk sends limit=30&skip=0)', async () => {
      const reversed = [...names].reverse();
      expect(namesOf((await list('?limit=30&skip=0').expect(200)).body)).toEqual(reversed.slice(0, 30));
      expect(namesOf((await list('?limit=5').expect(200)).body)).toEqual(reversed.slice(0, 5));
      expect(namesOf((await list('?limit=5&skip=3').expect(200)).body)).toEqual(reversed.slice(3, 8));
      expect(namesOf((await list('?skip=30').expect(200)).body)).toEqual(reversed.slice(30));
      expect((await list('?skip=100').expect(200)).body).toEqual([]);
    });

    it('reads limit=0 as the maximum (wsk namespace get) and accepts limit=200', async () => {
      expect((await list('?limit=0&skip=0').expect(200)).body).toHaveLength(32);
      expect((await list('?limit=200').expect(200)).body).toHaveLength(32);
    });

    it('answers {actions: n} with count=true', async () => {
      const res = await list('?count=true').expect(200);
      expect(res.body).toEqual({ actions: 32 });
      spec.expectValid(res, 'getAllActions');
    });

    it('moves an updated action to the front', async () => {
      await authed(platform.url, 'put', `${SYS}/l00?overwrite=true`, WHISK_SYSTEM_KEY).send(wskActionBody('l00')).expect(200);
      const res = await list('?limit=2').expect(200);
      expect(namesOf(res.body)).toEqual(['l00', 'l31']);
      expect(res.body[0].version).toBe('0.0.2');
    });

    // OpenWhisk's ListLimit/ListSkip unmarshallers (RestApiCommons); its own tests check that the error includes these.
    it.each([
      ['limit=201', "The value '201' is not in the range of 0 to 200 for actions."],
      ['limit=-1', "The value '-1' is not in the range of 0 to 200 for actions."],
      ['skip=-1', "The value '-1' is not greater than or equal to 0 for actions."],
      ['limit=ten', "The value 'ten' is not an integer for actions."],
      ['skip=x', "The value 'x' is not an integer for actions."],
      ['count=maybe', ''],
    ])('answers 400 for %s', async (query, message) => {
      const res = await list(`?${query}`).expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
      expect(res.body.error).toContain(message);
      spec.expectValid(res, 'getAllActions');
    });

    it('does not list the guest’s actions, nor the guest the system ones', async () => {
      const guest = await get(`${ACTIONS}?limit=0`).expect(200);
      expect(namesOf(guest.body).some((n) => names.includes(n))).toBe(false);
    });
  });

  describe('package variants (no package exists)', () => {
    it.each([
      ['GET', 'get'],
      ['PUT', 'put'],
      ['DELETE', 'delete'],
      ['POST', 'post'],
    ] as const)('%s actions/pkg/name answers 404', async (_m, method) => {
      const res = await authed(platform.url, method, `${ACTIONS}/nopkg/inpkg`)
        .send(method === 'put' ? { namespace: '_', name: 'nopkg/inpkg', exec: { kind: 'nodejs:default', code: NODE_CODE } } : {})
        .expect(404);
      expect(res.body).toEqual({ error: 'The requested resource does not exist.', code: expect.any(String) });
      const operationId = { get: 'getActionInPackageByName', put: 'updateActionInPackage', delete: 'deleteActionInPackage', post: 'invokeActionInPackage' }[method];
      spec.expectValid(res, operationId);
    });

    it('GET actions/pkg/ (wsk action list pkg) answers 404', async () => {
      const res = await get(`${ACTIONS}/nopkg/?limit=30&skip=0`).expect(404);
      expect(res.body).toEqual({ error: 'The requested resource does not exist.', code: expect.any(String) });
      spec.expectValid(res, 'getAllActionsInPackage');
    });

    it('answers 400 for an invalid package name', async () => {
      const res = await get(`${ACTIONS}/%20pkg/inpkg`).expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
    });

    it('does not create the action at the top level', async () => {
      await get(`${ACTIONS}/inpkg`).expect(404);
    });
  });

  describe('access', () => {
    it('answers 401 without credentials and 403 on another namespace, on every action operation', async () => {
      for (const method of ['get', 'put', 'delete', 'post'] as const) {
        const body = method === 'put' ? wskActionBody('x') : {};
        const anon = await request(platform.url)[method](`${ACTIONS}/hello`).send(body).expect(401);
        expect(anon.body.error).toBe('The supplied authentication is invalid.');
        const other = await request(platform.url)[method]('/api/v1/namespaces/whisk.system/actions/l01')
          .set('authorization', basicAuth()).send(body).expect(403);
        expect(other.body.error).toBe('The supplied authentication is not authorized to access this resource.');
      }
    });
  });
});
