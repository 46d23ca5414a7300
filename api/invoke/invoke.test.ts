/**
 * Invoking actions (openwhisk-api.md "Invoke semantics"): 202 {activationId} when non-blocking or when a blocking
 * wait runs out, 200 with the record on success, 502 for application and developer errors (timeouts and crashes
 * included), result=true, the `timeout` query, parameter merging and `final`, and the errors around them. Runs on
 * the simulation backend: `sim_fail` injects failures, `sim-warm-ms` sets the run time.
 */
import request from 'supertest';
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { ACTIVATION_ID, authed, keyValues, pollActivation, wskActionBody } from '../../test/helpers/api-client';
import { startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const ACTIONS = '/api/v1/namespaces/_/actions';
const TIMEOUT_MESSAGE = 'Timeout must be number of milliseconds up to 60000.';

describe('invoke API', () => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  const create = (name: string, extra: Record<string, unknown> = {}) =>
    authed(platform.url, 'put', `${ACTIONS}/${name}`).send({ ...wskActionBody(name), ...extra }).expect(200);
  const invoke = (name: string, query = '') => authed(platform.url, 'post', `${ACTIONS}/${name}${query}`);

  beforeAll(async () => {
    platform = await startTestPlatform();
    spec = await createResponseValidator();
    await create('echo');
  });
  afterAll(() => platform.cleanup());

  describe('non-blocking', () => {
    it('answers 202 {activationId} and the x-openwhisk-activation-id header (wsk: blocking=false&result=false)', async () => {
      const res = await invoke('echo', '?blocking=false&result=false').send({}).expect(202);
      spec.expectValid(res, 'invokeAction');
      expect(res.body).toEqual({ activationId: expect.stringMatching(ACTIVATION_ID) });
      expect(res.headers['x-openwhisk-activation-id']).toBe(res.body.activationId);
    });

    it('is the default, with or without a body', async () => {
      const withBody = await invoke('echo').send({ a: 1 }).expect(202);
      expect(withBody.body.activationId).toMatch(ACTIVATION_ID);
      const noBody = await invoke('echo').expect(202);
      expect(noBody.body.activationId).toMatch(ACTIVATION_ID);
      expect(noBody.body.activationId).not.toBe(withBody.body.activationId);
    });

    it('stays non-blocking with result=true but without blocking', async () => {
      const res = await invoke('echo', '?result=true').send({}).expect(202);
      expect(res.body).toEqual({ activationId: expect.stringMatching(ACTIVATION_ID) });
    });

    it('makes the activation readable once it completes', async () => {
      const { body } = await invoke('echo').send({}).expect(202);
      const res = await pollActivation(platform.url, body.activationId);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ activationId: body.activationId, name: 'echo', namespace: 'guest' }));
      expect(res.body.response).toEqual(expect.objectContaining({ status: 'success', statusCode: 0, success: true }));
    });
  });

  describe('blocking', () => {
    it('answers 200 with the full activation record, initTime only on the cold start', async () => {
      await create('fresh');
      const cold = await invoke('fresh', '?blocking=true&result=false').send({}).expect(200);
      spec.expectValid(cold, 'invokeAction');
      const record = cold.body;
      expect(record).toEqual(expect.objectContaining({
        namespace: 'guest',
        name: 'fresh',
        version: '0.0.1',
        subject: 'guest',
        activationId: expect.stringMatching(ACTIVATION_ID),
        start: expect.any(Number),
        end: expect.any(Number),
        duration: expect.any(Number),
        logs: expect.any(Array),
        publish: false,
      }));
      expect(cold.headers['x-openwhisk-activation-id']).toBe(record.activationId);
      expect(record.end).toBeGreaterThanOrEqual(record.start);
      expect(record.duration).toBe(record.end - record.start);
      expect(record.response).toEqual(expect.objectContaining({ status: 'success', statusCode: 0, success: true }));
      expect(record.response.result).toEqual(expect.objectContaining({ was_cold: true }));
      const annotations = keyValues(record.annotations);
      expect(annotations).toEqual(expect.objectContaining({
        path: 'guest/fresh',
        kind: 'nodejs:20',
        timeout: false,
        limits: { timeout: 60000, memory: 256, logs: 10, concurrency: 1 },
        waitTime: expect.any(Number),
        initTime: expect.any(Number),
      }));

      const warm = await invoke('fresh', '?blocking=true').send({}).expect(200);
      expect(warm.body.response.result.was_cold).toBe(false);
      expect(Object.keys(keyValues(warm.body.annotations))).not.toContain('initTime');
      expect(warm.body.activationId).not.toBe(record.activationId);
    });

    it('answers only the result with result=true (wsk -r)', async () => {
      const res = await invoke('echo', '?blocking=true&result=true').send({}).expect(200);
      spec.expectValid(res, 'invokeAction');
      expect(res.body).toEqual({ start: expect.any(Number), end: expect.any(Number), duration_ms: expect.any(Number), was_cold: expect.any(Boolean) });
      expect(res.headers['x-openwhisk-activation-id']).toMatch(ACTIVATION_ID);
    });

    it('ignores unknown query parameters on an invoke (as OpenWhisk)', async () => {
      const res = await invoke('echo', '?blocking=true&result=true&cachebust=1&docs=true').send({}).expect(200);
      expect(res.body).toEqual(expect.objectContaining({ was_cold: expect.any(Boolean) }));
    });

    it('accepts no body at all (the npm client may send none)', async () => {
      const res = await invoke('echo', '?blocking=true').expect(200);
      expect(res.body.response.success).toBe(true);
    });

    it('makes the blocking activation readable right away', async () => {
      const res = await invoke('echo', '?blocking=true').send({}).expect(200);
      const fetched = await authed(platform.url, 'get', `/api/v1/namespaces/_/activations/${res.body.activationId}`).expect(200);
      expect(fetched.body).toEqual(res.body);
    });

    it('answers 502 with the record for an application error', async () => {
      const res = await invoke('echo', '?blocking=true').send({ sim_fail: 'application' }).expect(502);
      spec.expectValid(res, 'invokeAction');
      expect(res.body.activationId).toMatch(ACTIVATION_ID);
      expect(res.body.response).toEqual(expect.objectContaining({
        status: 'application error', statusCode: 1, success: false, result: { error: 'simulated application error' },
      }));
      expect(res.body.statusCode).toBe(1);
    });

    it('answers 502 with only the result for an application error with result=true', async () => {
      const res = await invoke('echo', '?blocking=true&result=true').send({ sim_fail: 'application' }).expect(502);
      spec.expectValid(res, 'invokeAction');
      expect(res.body).toEqual({ error: 'simulated application error' });
    });

    it('answers 502 with the record for a developer error', async () => {
      const res = await invoke('echo', '?blocking=true').send({ sim_fail: 'developer' }).expect(502);
      spec.expectValid(res, 'invokeAction');
      expect(res.body.response).toEqual(expect.objectContaining({ status: 'action developer error', statusCode: 2, success: false }));
      expect(res.body.response.result).toEqual({ error: expect.any(String) });
    });

    it('answers 502 developer error when the action crashes', async () => {
      const res = await invoke('echo', '?blocking=true').send({ sim_fail: 'crash' }).expect(502);
      spec.expectValid(res, 'invokeAction');
      expect(res.body.response).toEqual(expect.objectContaining({
        status: 'action developer error', statusCode: 2, success: false,
        result: { error: 'The action did not produce a valid response and exited unexpectedly.' },
      }));
      // The next invocation still works (a fresh container).
      await invoke('echo', '?blocking=true').send({}).expect(200);
    });

    it('answers 502 developer error when the action exceeds its time limit', async () => {
      await create('slow', {
        limits: { timeout: 100 },
        annotations: [{ key: 'sim-warm-ms', value: 500 }, { key: 'sim-cold-ms', value: 0 }],
      });
      const res = await invoke('slow', '?blocking=true').send({}).expect(502);
      spec.expectValid(res, 'invokeAction');
      expect(res.body.response).toEqual(expect.objectContaining({
        status: 'action developer error', statusCode: 2, success: false,
        result: { error: 'The action exceeded its time limits of 100 milliseconds.' },
      }));
      const annotations = keyValues(res.body.annotations);
      expect(annotations.timeout).toBe(true);
      expect(annotations.limits).toEqual(expect.objectContaining({ timeout: 100 }));
    });

    // OpenWhisk's timeout unmarshaller answers this message for anything that is not an integer in 1..max
    // (its own tests check that the error includes it).
    it.each([
      ['0', '0'],
      ['above the maximum', '60001'],
      ['negative', '-1'],
      ['not a number', 'soon'],
      ['fractional', '1.5'],
    ])('answers 400 "Timeout must be number of milliseconds up to …" for a timeout that is %s', async (_what, value) => {
      const res = await invoke('echo', `?blocking=true&timeout=${value}`).send({}).expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
      expect(res.body.error).toContain(TIMEOUT_MESSAGE);
      spec.expectValid(res, 'invokeAction');
    });

    it('accepts a timeout within the maximum', async () => {
      await invoke('echo', '?blocking=true&timeout=60000').send({}).expect(200);
      await invoke('echo', '?blocking=true&timeout=1').send({}).expect((res) => expect([200, 202]).toContain(res.status));
    });
  });

  describe('parameters', () => {
    // The simulation backend reads `sim_fail` from the merged parameters: a default makes every run fail, and a
    // request that overrides it runs cleanly, which shows the request's parameters win over the action's.
    beforeAll(async () => {
      await create('failing', { parameters: [{ key: 'sim_fail', value: 'application' }] });
      await create('sealed', {
        parameters: [{ key: 'sim_fail', value: 'application' }, { key: 'unset', value: null }],
        annotations: [{ key: 'final', value: true }],
      });
    });

    it('merges the request over the action’s default parameters', async () => {
      const defaults = await invoke('failing', '?blocking=true').send({ other: 1 }).expect(502);
      expect(defaults.body.response.status).toBe('application error');
      const overridden = await invoke('failing', '?blocking=true').send({ sim_fail: 'none' }).expect(200);
      expect(overridden.body.response.status).toBe('success');
    });

    it('answers 400 when a request overrides a parameter of a final action', async () => {
      const res = await invoke('sealed', '?blocking=true').send({ sim_fail: 'none' }).expect(400);
      expect(res.body).toEqual({
        error: 'Request defines parameters that are not allowed (e.g., reserved properties).',
        code: expect.any(String),
      });
      spec.expectValid(res, 'invokeAction');
    });

    it('lets a request set a parameter of a final action that is bound without a value (annotations.md)', async () => {
      const res = await invoke('sealed', '?blocking=true').send({ unset: 'given' }).expect(502);
      expect(res.body.response.status).toBe('application error');
    });

    it('lets a final action take new parameters that are not bound', async () => {
      const res = await invoke('sealed', '?blocking=true').send({ fresh: 1 }).expect(502);
      expect(res.body.response.status).toBe('application error');
    });

    it.each<[string, string]>([
      ['an array', '[{"a": 1}]'],
      ['a string', '"params"'],
      ['a number', '42'],
      ['malformed JSON', '{"a": '],
    ])('answers 400 for a body that is %s', async (_what, raw) => {
      const res = await invoke('echo', '?blocking=true').set('content-type', 'application/json').send(raw).expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
      spec.expectValid(res, 'invokeAction');
    });

    it('answers 413 for parameters over 1 MB', async () => {
      const res = await invoke('echo', '?blocking=true').send({ big: 'x'.repeat(1_048_577) }).expect(413);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
      spec.expectValid(res, 'invokeAction');
    });
  });

  describe('errors', () => {
    it('answers 404 for a missing action', async () => {
      const res = await invoke('missing', '?blocking=true').send({}).expect(404);
      expect(res.body).toEqual({ error: 'The requested resource does not exist.', code: expect.any(String) });
      spec.expectValid(res, 'invokeAction');
    });

    it('answers 404 for a deleted action', async () => {
      await create('gone');
      await invoke('gone', '?blocking=true').send({}).expect(200);
      await authed(platform.url, 'delete', `${ACTIONS}/gone`).expect(200);
      await invoke('gone', '?blocking=true').send({}).expect(404);
    });

    it('invokes the updated action after an update', async () => {
      await create('changing');
      const first = await invoke('changing', '?blocking=true').send({}).expect(200);
      expect(first.body.version).toBe('0.0.1');
      await authed(platform.url, 'put', `${ACTIONS}/changing?overwrite=true`)
        .send({ parameters: [{ key: 'sim_fail', value: 'application' }] }).expect(200);
      const second = await invoke('changing', '?blocking=true').send({}).expect(502);
      expect(second.body.version).toBe('0.0.2');
    });

    it('answers 404 for an action in a package that does not exist', async () => {
      const res = await invoke('nopkg/echo', '?blocking=true').send({}).expect(404);
      spec.expectValid(res, 'invokeActionInPackage');
    });

    it('answers 400 for an invalid action name', async () => {
      const res = await invoke('%20echo').send({}).expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
    });

    it('answers 401 without credentials', async () => {
      const res = await request(platform.url).post(`${ACTIONS}/echo?blocking=true`).send({}).expect(401);
      expect(res.body).toEqual({ error: 'The supplied authentication is invalid.', code: expect.any(String) });
      spec.expectValid(res, 'invokeAction');
    });

    it("answers 403 on another subject's namespace", async () => {
      await authed(platform.url, 'put', `${ACTIONS}/sys`, WHISK_SYSTEM_KEY).send(wskActionBody('sys')).expect(200);
      const direct = await authed(platform.url, 'post', '/api/v1/namespaces/whisk.system/actions/sys?blocking=true').send({}).expect(403);
      expect(direct.body).toEqual({
        error: 'The supplied authentication is not authorized to access this resource.', code: expect.any(String),
      });
      spec.expectValid(direct, 'invokeAction');
    });

    it.each([
      ['blocking=maybe'],
      ['result=1x'],
    ])('answers 400 for a malformed query %s', async (query) => {
      const res = await invoke('echo', `?${query}`).send({}).expect(400);
      expect(res.body).toEqual({ error: expect.any(String), code: expect.any(String) });
    });
  });
});

describe('invoke API with a short blocking wait', () => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  beforeAll(async () => {
    platform = await startTestPlatform({ config: { limits: { blockingWaitMs: 50 } } });
    spec = await createResponseValidator();
    await authed(platform.url, 'put', `${ACTIONS}/lingering`)
      .send({ ...wskActionBody('lingering'), annotations: [{ key: 'sim-warm-ms', value: 300 }] })
      .expect(200);
  });
  afterAll(() => platform.cleanup());

  it('answers 202 {activationId} when the wait runs out, and the activation still completes', async () => {
    const res = await authed(platform.url, 'post', `${ACTIONS}/lingering?blocking=true`).send({}).expect(202);
    spec.expectValid(res, 'invokeAction');
    expect(res.body).toEqual({ activationId: expect.stringMatching(ACTIVATION_ID) });
    expect(res.headers['x-openwhisk-activation-id']).toBe(res.body.activationId);

    const done = await pollActivation(platform.url, res.body.activationId);
    expect(done.status).toBe(200);
    expect(done.body.response).toEqual(expect.objectContaining({ status: 'success', success: true }));
  });

  it('answers 202 with result=true as well', async () => {
    const res = await authed(platform.url, 'post', `${ACTIONS}/lingering?blocking=true&result=true`).send({}).expect(202);
    expect(res.body).toEqual({ activationId: expect.stringMatching(ACTIVATION_ID) });
  });

  it('bounds the timeout query by the configured wait', async () => {
    const res = await authed(platform.url, 'post', `${ACTIONS}/lingering?blocking=true&timeout=51`).send({}).expect(400);
    expect(res.body.error).toBe('Timeout must be number of milliseconds up to 50.');
  });
});
