/**
 * The Activations collection (openwhisk-api.md "Operations", "Entities"): list (newest first, limit, skip, name,
 * since/upto, docs, count), get, /logs, /result, and every 400/403/404 — each response checked against openapi.yaml.
 * Activations are made by blocking invokes one after another on actions that run 5 ms, so their starts differ.
 */
import request from 'supertest';
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { ACTIVATION_ID, authed, wskActionBody } from '../../test/helpers/api-client';
import { startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const ACTIVATIONS = '/api/v1/namespaces/_/activations';
const UNKNOWN_ID = '0123456789abcdef0123456789abcdef';
const BRIEF_KEYS = ['activationId', 'annotations', 'duration', 'end', 'name', 'namespace', 'publish', 'start', 'statusCode', 'version'];

interface Made {
  id: string;
  name: string;
  start: number;
  success: boolean;
}

describe('activations API', () => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  /** Oldest first. */
  const made: Made[] = [];
  let systemId: string;
  const list = (query = '') => authed(platform.url, 'get', `${ACTIVATIONS}${query}`);
  const newestFirst = (names?: string[]) => [...made].reverse().filter((m) => !names || names.includes(m.name)).map((m) => m.id);
  const idsOf = (body: { activationId: string }[]) => body.map((a) => a.activationId);

  beforeAll(async () => {
    platform = await startTestPlatform();
    spec = await createResponseValidator();
    for (const name of ['alpha', 'beta']) {
      await authed(platform.url, 'put', `/api/v1/namespaces/_/actions/${name}`)
        .send({ ...wskActionBody(name), annotations: [{ key: 'sim-warm-ms', value: 5 }] })
        .expect(200);
    }
    const plan: [string, Record<string, unknown>][] = [
      ['alpha', {}], ['beta', {}], ['alpha', { sim_fail: 'application' }], ['beta', {}], ['alpha', {}],
    ];
    for (const [name, params] of plan) {
      const res = await authed(platform.url, 'post', `/api/v1/namespaces/_/actions/${name}?blocking=true`).send(params);
      expect([200, 502]).toContain(res.status);
      made.push({ id: res.body.activationId, name, start: res.body.start, success: res.body.response.success });
    }
    await authed(platform.url, 'put', '/api/v1/namespaces/_/actions/sys', WHISK_SYSTEM_KEY).send(wskActionBody('sys')).expect(200);
    const sys = await authed(platform.url, 'post', '/api/v1/namespaces/_/actions/sys?blocking=true', WHISK_SYSTEM_KEY).send({}).expect(200);
    systemId = sys.body.activationId;
  });
  afterAll(() => platform.cleanup());

  it('made activations with distinct, increasing starts (test precondition)', () => {
    for (let i = 1; i < made.length; i++) expect(made[i]!.start).toBeGreaterThan(made[i - 1]!.start);
  });

  describe('list', () => {
    it('lists briefs newest first (wsk: limit=30&skip=0), without response or logs', async () => {
      const res = await list('?limit=30&skip=0').expect(200);
      spec.expectValid(res, 'getActivations');
      expect(idsOf(res.body)).toEqual(newestFirst());
      for (const brief of res.body) {
        expect(brief).not.toHaveProperty('response');
        expect(brief).not.toHaveProperty('logs');
        expect(brief).toEqual(expect.objectContaining({ namespace: 'guest', version: '0.0.1', activationId: expect.stringMatching(ACTIVATION_ID) }));
        expect(Object.keys(brief)).toEqual(expect.arrayContaining(BRIEF_KEYS.filter((k) => k !== 'end' && k !== 'duration')));
      }
      const failed = res.body.find((b: { activationId: string }) => b.activationId === made[2]!.id);
      expect(failed.statusCode).toBe(1);
    });

    it('lists with the default page when no query is given', async () => {
      const res = await list().expect(200);
      expect(idsOf(res.body)).toEqual(newestFirst());
    });

    it('pages with limit and skip', async () => {
      expect(idsOf((await list('?limit=2').expect(200)).body)).toEqual(newestFirst().slice(0, 2));
      expect(idsOf((await list('?limit=2&skip=1').expect(200)).body)).toEqual(newestFirst().slice(1, 3));
      expect(idsOf((await list('?skip=4').expect(200)).body)).toEqual(newestFirst().slice(4));
      expect((await list('?skip=50').expect(200)).body).toEqual([]);
      expect(idsOf((await list('?limit=0').expect(200)).body)).toEqual(newestFirst());
    });

    it('filters by name (wsk activation list NAME)', async () => {
      const res = await list('?limit=30&skip=0&name=alpha').expect(200);
      spec.expectValid(res, 'getActivations');
      expect(idsOf(res.body)).toEqual(newestFirst(['alpha']));
      expect(idsOf((await list('?name=beta').expect(200)).body)).toEqual(newestFirst(['beta']));
      expect((await list('?name=nobody').expect(200)).body).toEqual([]);
    });

    it('filters by since and upto (epoch ms, inclusive)', async () => {
      const [, second, third] = made;
      expect(idsOf((await list(`?since=${second!.start}`).expect(200)).body)).toEqual(newestFirst().slice(0, 4));
      expect(idsOf((await list(`?upto=${second!.start}`).expect(200)).body)).toEqual(newestFirst().slice(3));
      expect(idsOf((await list(`?since=${second!.start}&upto=${third!.start}`).expect(200)).body)).toEqual([third!.id, second!.id]);
      expect(idsOf((await list(`?since=${second!.start}&name=alpha`).expect(200)).body)).toEqual([made[4]!.id, made[2]!.id]);
      expect((await list(`?since=${made[4]!.start + 1}`).expect(200)).body).toEqual([]);
    });

    it('answers full records, with response and logs, with docs=true (serverless logs: limit=100&docs=true)', async () => {
      const res = await list('?limit=100&docs=true').expect(200);
      spec.expectValid(res, 'getActivations');
      expect(idsOf(res.body)).toEqual(newestFirst());
      for (const record of res.body) {
        expect(record.logs).toEqual(expect.any(Array));
        expect(record.response).toEqual(expect.objectContaining({ status: expect.any(String), statusCode: expect.any(Number), success: expect.any(Boolean) }));
        expect(record.subject).toBe('guest');
        const keys = (record.annotations as { key: string }[]).map((a) => a.key);
        expect(keys).toEqual(expect.arrayContaining(['path', 'kind']));
      }
      const failed = res.body.find((b: { activationId: string }) => b.activationId === made[2]!.id);
      expect(failed.response).toEqual(expect.objectContaining({ status: 'application error', success: false }));
    });

    it('answers {activations: n} with count=true, honouring the name filter', async () => {
      const all = await list('?count=true').expect(200);
      spec.expectValid(all, 'getActivations');
      expect(all.body).toEqual({ activations: made.length });
      expect((await list('?count=true&name=beta').expect(200)).body).toEqual({ activations: 2 });
    });

    it('answers 400 for count=true with docs=true', async () => {
      const res = await list('?count=true&docs=true').expect(400);
      expect(res.body).toEqual({ error: "The parameter 'docs' is not permitted with 'count'.", code: expect.any(String) });
      spec.expectValid(res, 'getActivations');
    });

    it.each([
      ['a three-part name', 'name=a/b/c', "Parameter may be a 'simple' name or 'package-name/simple' name: a/b/c"],
      ['a name with a leading space', 'name=%20alpha', "Parameter may be a 'simple' name or 'package-name/simple' name:  alpha"],
      ['a name with a star', 'name=al*', "Parameter may be a 'simple' name or 'package-name/simple' name: al*"],
    ])('answers 400 for %s', async (_what, query, message) => {
      const res = await list(`?${query}`).expect(400);
      expect(res.body).toEqual({ error: message, code: expect.any(String) });
      spec.expectValid(res, 'getActivations');
    });

    it('accepts a package/name filter', async () => {
      expect((await list('?name=pkg/alpha').expect(200)).body).toEqual([]);
    });

    // The texts of OpenWhisk's ListLimit/ListSkip (RestApiCommons) and since/upto (ActivationsApi) unmarshallers; its
    // own tests check that the list errors include them.
    it.each([
      ['limit=201', "The value '201' is not in the range of 0 to 200 for activations."],
      ['limit=-1', "The value '-1' is not in the range of 0 to 200 for activations."],
      ['skip=-1', "The value '-1' is not greater than or equal to 0 for activations."],
      ['limit=many', "The value 'many' is not an integer for activations."],
      ['since=yesterday', 'Parameter is not a valid value for epoch seconds: yesterday'],
      ['upto=soon', 'Parameter is not a valid value for epoch seconds: soon'],
      ['docs=perhaps', ''],
    ])('answers 400 for %s', async (query, message) => {
      const res = await list(`?${query}`).expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
      expect(res.body.error).toContain(message);
      spec.expectValid(res, 'getActivations');
    });
  });

  describe('get, logs, result', () => {
    it('answers the full record by id', async () => {
      const { id } = made[0]!;
      const res = await authed(platform.url, 'get', `${ACTIVATIONS}/${id}`).expect(200);
      spec.expectValid(res, 'getActivationById');
      expect(res.body).toEqual(expect.objectContaining({
        namespace: 'guest', name: 'alpha', version: '0.0.1', subject: 'guest', activationId: id,
        start: made[0]!.start, end: expect.any(Number), duration: expect.any(Number), logs: expect.any(Array), publish: false,
      }));
      expect(res.body.response).toEqual(expect.objectContaining({ status: 'success', statusCode: 0, success: true }));
      expect(res.body.response.result).toEqual(expect.objectContaining({ was_cold: true }));
    });

    it('is readable through the namespace name as well as _', async () => {
      const { id } = made[1]!;
      const a = await authed(platform.url, 'get', `${ACTIVATIONS}/${id}`).expect(200);
      const b = await authed(platform.url, 'get', `/api/v1/namespaces/guest/activations/${id}`).expect(200);
      expect(b.body).toEqual(a.body);
    });

    it('answers {logs: [...]} on /logs', async () => {
      const res = await authed(platform.url, 'get', `${ACTIVATIONS}/${made[0]!.id}/logs`).expect(200);
      spec.expectValid(res, 'getActivationLogs');
      expect(res.body).toEqual({ logs: expect.any(Array) });
      for (const line of res.body.logs) expect(typeof line).toBe('string');
    });

    it('answers {result, status, success} on /result', async () => {
      const res = await authed(platform.url, 'get', `${ACTIVATIONS}/${made[0]!.id}/result`).expect(200);
      spec.expectValid(res, 'getActivationResult');
      expect(res.body).toEqual(expect.objectContaining({
        result: expect.objectContaining({ was_cold: true }), status: 'success', success: true,
      }));
    });

    it('answers the error result of a failed activation on /result', async () => {
      const res = await authed(platform.url, 'get', `${ACTIVATIONS}/${made[2]!.id}/result`).expect(200);
      spec.expectValid(res, 'getActivationResult');
      expect(res.body).toEqual(expect.objectContaining({
        result: { error: 'simulated application error' }, status: 'application error', success: false,
      }));
    });

    it.each([
      ['the record', ''],
      ['the logs', '/logs'],
      ['the result', '/result'],
    ])('answers 404 for an unknown id (%s)', async (_what, suffix) => {
      const res = await authed(platform.url, 'get', `${ACTIVATIONS}/${UNKNOWN_ID}${suffix}`).expect(404);
      expect(res.body).toEqual({ error: 'The requested resource does not exist.', code: expect.any(String) });
      spec.expectValid(res, suffix === '' ? 'getActivationById' : suffix === '/logs' ? 'getActivationLogs' : 'getActivationResult');
    });

    it.each([
      ['32 characters that are not hex', 'z'.repeat(32), ''],
      ['32 characters that are not hex (logs)', 'z'.repeat(32), '/logs'],
      ['32 characters that are not hex (result)', 'z'.repeat(32), '/result'],
      ['a short id', '0123abcd', ''],
      ['a long id', `${UNKNOWN_ID}00`, ''],
      ['a word', 'latest', ''],
      ['a bad percent escape', '%E0%A4%A', ''],
    ])('answers 400 for a malformed id: %s', async (_what, id, suffix) => {
      const res = await authed(platform.url, 'get', `${ACTIVATIONS}/${id}${suffix}`).expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
      spec.expectValid(res, 'getActivationById');
    });

    it('answers "The activation id is not valid." for a 32-character id that is not hex', async () => {
      const res = await authed(platform.url, 'get', `${ACTIVATIONS}/${'z'.repeat(32)}`).expect(400);
      expect(res.body.error).toBe('The activation id is not valid.');
    });
  });

  describe('visibility', () => {
    it("does not show another subject's activations in the caller's namespace", async () => {
      const res = await list('?limit=0').expect(200);
      expect(idsOf(res.body)).not.toContain(systemId);
      await authed(platform.url, 'get', `${ACTIVATIONS}/${systemId}`).expect(404);
      await authed(platform.url, 'get', `${ACTIVATIONS}/${systemId}/result`).expect(404);
      await authed(platform.url, 'get', `${ACTIVATIONS}/${systemId}/logs`).expect(404);
    });

    it.each([
      ['the list', ''],
      ['the record', `/${'SYS'}`],
      ['the logs', '/SYS/logs'],
      ['the result', '/SYS/result'],
    ])("answers 403 on the other subject's namespace: %s", async (_what, suffix) => {
      const res = await authed(platform.url, 'get', `/api/v1/namespaces/whisk.system/activations${suffix.replace('SYS', systemId)}`)
        .expect(403);
      expect(res.body).toEqual({ error: 'The supplied authentication is not authorized to access this resource.', code: expect.any(String) });
      spec.expectValid(res, 'getActivations');
    });

    it('shows the other subject its own activation', async () => {
      const res = await authed(platform.url, 'get', `${ACTIVATIONS}/${systemId}`, WHISK_SYSTEM_KEY).expect(200);
      expect(res.body).toEqual(expect.objectContaining({ namespace: 'whisk.system', name: 'sys', subject: 'whisk.system' }));
      const listed = await authed(platform.url, 'get', ACTIVATIONS, WHISK_SYSTEM_KEY).expect(200);
      expect(idsOf(listed.body)).toEqual([systemId]);
    });

    it.each([
      ['the list', ''],
      ['the record', `/${UNKNOWN_ID}`],
      ['the logs', `/${UNKNOWN_ID}/logs`],
      ['the result', `/${UNKNOWN_ID}/result`],
    ])('answers 401 without credentials: %s', async (_what, suffix) => {
      const res = await request(platform.url).get(`${ACTIVATIONS}${suffix}`).expect(401);
      expect(res.body).toEqual({ error: 'The supplied authentication is invalid.', code: expect.any(String) });
    });
  });
});
