/**
 * Triggers API: wsk's exact requests (clients.md), CRUD with overwrite and version bumps, and firing — 204 with no
 * active rule; 202 with one active and one inactive rule, the action run with the trigger's parameters < the fire
 * body and `cause` = the trigger's activation, and the trigger's record listing both rules' outcomes.
 */
import request from 'supertest';
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { ACTIVATION_ID, authed, pollActivation, wskActionBody } from '../../test/helpers/api-client';
import { startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const NS = '/api/v1/namespaces/_';
const ECHO = 'function main(params) { return params }';
// The simulation backend does not run the code: parameters are observed through its `sim_fail` switch.

// Both stores: trigger documents carry the rules' status, so the SQLite round trip matters.
describe.each(['memory', 'sqlite'] as const)('triggers API (%s store)', (store) => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  const api = (method: 'get' | 'put' | 'post' | 'delete', path: string) => authed(platform.url, method, `${NS}${path}`);

  beforeAll(async () => {
    platform = await startTestPlatform({ store });
    spec = await createResponseValidator();
    await api('put', '/actions/echo').send(wskActionBody('echo', ECHO)).expect(200);
    await api('put', '/actions/other').send(wskActionBody('other', ECHO)).expect(200);
  });
  afterAll(() => platform.cleanup());

  describe('create, get, update, list, delete', () => {
    it('wsk trigger create t -p x 1: PUT without namespace, answers the trigger with limits {}', async () => {
      const res = await api('put', '/triggers/t1?overwrite=false').send({ name: 't1', parameters: [{ key: 'x', value: 1 }] }).expect(200);
      spec.expectValid(res, 'updateTrigger');
      expect(res.body).toEqual({
        namespace: 'guest', name: 't1', version: '0.0.1', publish: false,
        parameters: [{ key: 'x', value: 1 }], annotations: [], limits: {}, updated: expect.any(Number),
      });
      const got = await api('get', '/triggers/t1').expect(200);
      spec.expectValid(got, 'getTriggerByName');
      expect(got.body).toEqual(res.body);
    });

    it('serverless-openwhisk creates with an empty {} body; no body at all works too', async () => {
      await api('put', '/triggers/sls').send({}).expect(200);
      const res = await api('put', '/triggers/nobody').expect(200);
      expect(res.body).toEqual(expect.objectContaining({ name: 'nobody', parameters: [], limits: {} }));
    });

    it('409 without overwrite; overwrite replaces the fields given and bumps the patch version', async () => {
      await api('put', '/triggers/up').send({ parameters: [{ key: 'a', value: 1 }] }).expect(200);
      const conflict = await api('put', '/triggers/up').send({}).expect(409);
      spec.expectValid(conflict, 'updateTrigger');
      expect(conflict.body).toEqual({ error: 'resource already exists', code: expect.any(String) });
      const res = await api('put', '/triggers/up?overwrite=true').send({ annotations: [{ key: 'k', value: 'v' }] }).expect(200);
      expect(res.body).toEqual(expect.objectContaining({
        version: '0.0.2', parameters: [{ key: 'a', value: 1 }], annotations: [{ key: 'k', value: 'v' }],
      }));
    });

    it('lists briefs with limit/skip, and counts', async () => {
      const res = await api('get', '/triggers?limit=30&skip=0').expect(200);
      spec.expectValid(res, 'getAllTriggers');
      const names = (res.body as { name: string }[]).map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['t1', 'sls', 'nobody', 'up']));
      expect((await api('get', '/triggers?limit=1').expect(200)).body).toHaveLength(1);
      const count = await api('get', '/triggers?count=true').expect(200);
      expect(count.body).toEqual({ triggers: names.length });
      await api('get', '/triggers?limit=201').expect(400);
    });

    it('wsk trigger delete: GET then DELETE answers the deleted trigger; then 404', async () => {
      await api('put', '/triggers/gone').send({}).expect(200);
      await api('get', '/triggers/gone').expect(200);
      const res = await api('delete', '/triggers/gone').expect(200);
      spec.expectValid(res, 'deleteTrigger');
      expect(res.body.name).toBe('gone');
      const missing = await api('get', '/triggers/gone').expect(404);
      spec.expectValid(missing, 'getTriggerByName');
      await api('delete', '/triggers/gone').expect(404);
      await api('post', '/triggers/gone').send({}).expect(404);
    });

    it('400 for an illegal name or parameters that are not a key-value array; 403 for another namespace; 401', async () => {
      await api('put', '/triggers/%20bad').send({}).expect(400);
      await api('put', '/triggers/p').send({ parameters: { x: 1 } }).expect(400);
      await authed(platform.url, 'get', '/api/v1/namespaces/whisk.system/triggers/t1').expect(403);
      await authed(platform.url, 'get', '/api/v1/namespaces/guest/triggers/t1', WHISK_SYSTEM_KEY).expect(403);
      await request(platform.url).get(`${NS}/triggers`).expect(401);
    });
  });

  describe('fire', () => {
    it('204 with no body when the trigger has no rule, or only inactive ones', async () => {
      await api('put', '/triggers/lonely').send({}).expect(200);
      const res = await api('post', '/triggers/lonely').send({ a: 'b' }).expect(204);
      expect(res.text).toBe('');
      await api('put', '/rules/sleepy').send({ name: 'sleepy', status: '', trigger: '/_/lonely', action: '/_/echo' }).expect(200);
      await api('post', '/rules/sleepy').send({ status: 'inactive', trigger: null, action: null }).expect(200);
      await api('post', '/triggers/lonely').send({}).expect(204);
    });

    it('runs the active rule with merged parameters and cause; the trigger record logs both rules', async () => {
      await api('put', '/triggers/t?overwrite=false').send({ name: 't', parameters: [{ key: 'x', value: 1 }, { key: 'sim_fail', value: 'application' }] }).expect(200);
      await api('put', '/rules/on?overwrite=false').send({ name: 'on', status: '', trigger: '/_/t', action: '/_/echo' }).expect(200);
      await api('put', '/rules/off?overwrite=false').send({ name: 'off', status: '', trigger: '/_/t', action: '/_/other' }).expect(200);
      await api('post', '/rules/off').send({ status: 'inactive', trigger: null, action: null }).expect(200);

      // wsk trigger fire t -p a b
      const fired = await api('post', '/triggers/t').send({ a: 'b', sim_fail: 'none' }).expect(202);
      spec.expectValid(fired, 'fireTrigger');
      expect(fired.body).toEqual({ activationId: expect.stringMatching(ACTIVATION_ID) });
      const triggerId = fired.body.activationId as string;

      const record = (await pollActivation(platform.url, triggerId)).body;
      expect(record).toEqual(expect.objectContaining({
        namespace: 'guest', name: 't', activationId: triggerId, subject: 'guest',
        response: expect.objectContaining({ status: 'success', success: true, result: { a: 'b', sim_fail: 'none' } }),
      }));
      const logs = (record.logs as string[]).map((line) => JSON.parse(line));
      const on = logs.find((l) => l.rule === 'guest/on');
      const off = logs.find((l) => l.rule === 'guest/off');
      expect(logs).toHaveLength(2);
      expect(on).toEqual({ statusCode: 0, success: true, activationId: expect.stringMatching(ACTIVATION_ID), rule: 'guest/on', action: 'guest/echo' });
      expect(Object.keys(on)).toEqual(['statusCode', 'success', 'activationId', 'rule', 'action']);
      expect(off).toEqual({
        statusCode: 1, success: false, rule: 'guest/off', action: 'guest/other',
        error: "Rule 'guest/off' is inactive, action 'guest/other' was not activated.",
      });

      const action = (await pollActivation(platform.url, on.activationId)).body;
      expect(action).toEqual(expect.objectContaining({ name: 'echo', cause: triggerId }));
      // the fire body overrode the trigger's sim_fail (the simulation backend fails on 'application')
      expect(action.response).toEqual(expect.objectContaining({ status: 'success', success: true }));
    });

    it('fires without a body (trigger parameters only); a rule whose action is gone logs the error', async () => {
      await api('put', '/actions/doomed').send(wskActionBody('doomed', ECHO)).expect(200);
      await api('put', '/triggers/t2').send({ parameters: [{ key: 'sim_fail', value: 'application' }] }).expect(200);
      await api('put', '/rules/r2').send({ trigger: '/_/t2', action: '/_/echo' }).expect(200);
      await api('put', '/rules/r3').send({ trigger: '/_/t2', action: '/_/doomed' }).expect(200);
      await api('delete', '/actions/doomed').expect(200);
      const fired = await api('post', '/triggers/t2').expect(202);
      const record = (await pollActivation(platform.url, fired.body.activationId)).body;
      expect(record.response.result).toEqual({});
      const logs = (record.logs as string[]).map((line) => JSON.parse(line));
      const ok = logs.find((l) => l.rule === 'guest/r2');
      expect(logs.find((l) => l.rule === 'guest/r3')).toEqual({
        statusCode: 1, success: false, error: 'The requested resource does not exist.', rule: 'guest/r3', action: 'guest/doomed',
      });
      const action = (await pollActivation(platform.url, ok.activationId)).body;
      // the trigger's parameters reached the action (the simulation backend fails on sim_fail: 'application')
      expect(action.response).toEqual(expect.objectContaining({ status: 'application error', result: { error: 'simulated application error' } }));
    });

    it('400 for a fire body that is not an object', async () => {
      await api('post', '/triggers/t2').send([1, 2]).expect(400);
    });

    it('deleting the trigger leaves its rules, inactive', async () => {
      await api('put', '/triggers/t3').send({}).expect(200);
      await api('put', '/rules/r4').send({ trigger: '/_/t3', action: '/_/echo' }).expect(200);
      await api('delete', '/triggers/t3').expect(200);
      const rule = await api('get', '/rules/r4').expect(200);
      expect(rule.body.status).toBe('inactive');
      const enable = await api('post', '/rules/r4').send({ status: 'active' }).expect(404);
      expect(enable.body.error).toBe('Only rules with existing triggers can be activated');
    });
  });
});
