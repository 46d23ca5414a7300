/**
 * The namespace throttles through the API: 429 with OpenWhisk's messages and retry-after for invokes per minute,
 * invocations in flight and fires per minute; GET …/limits answers the effective values.
 */
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { authed, pollActivation, wskActionBody } from '../../test/helpers/api-client';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/test-platform';

const NS = '/api/v1/namespaces/_';

describe('namespace throttles (API)', () => {
  let spec: ResponseValidator;
  beforeAll(async () => {
    spec = await createResponseValidator();
  });

  describe('per minute', () => {
    let platform: TestPlatform;
    const api = (method: 'get' | 'put' | 'post', path: string) => authed(platform.url, method, `${NS}${path}`);
    beforeAll(async () => {
      platform = await startTestPlatform({ config: { limits: { invocationsPerMinute: 2, firesPerMinute: 1 } } });
      await api('put', '/actions/hello').send(wskActionBody('hello')).expect(200);
      await api('put', '/triggers/t').send({}).expect(200);
      await api('put', '/rules/r').send({ trigger: '/_/t', action: '/_/hello' }).expect(200);
    });
    afterAll(() => platform.cleanup());

    it('GET limits answers the effective values', async () => {
      const res = await api('get', '/limits').expect(200);
      spec.expectValid(res, 'getLimits');
      expect(res.body).toEqual({ invocationsPerMinute: 2, concurrentInvocations: 0, firesPerMinute: 1 });
    });

    it('the third invoke in a minute answers 429 with retry-after', async () => {
      await api('post', '/actions/hello').send({}).expect(202);
      await api('post', '/actions/hello').send({}).expect(202);
      const res = await api('post', '/actions/hello').send({}).expect(429);
      spec.expectValid(res, 'invokeAction');
      expect(res.body).toEqual({ error: 'Too many requests in the last minute (count: 3, allowed: 2).', code: expect.any(String) });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('the second fire in a minute answers 429; the rule invocation it caused is throttled too', async () => {
      const first = await api('post', '/triggers/t').send({}).expect(202);
      const res = await api('post', '/triggers/t').send({}).expect(429);
      spec.expectValid(res, 'fireTrigger');
      expect(res.body.error).toBe('Too many requests in the last minute (count: 2, allowed: 1).');
      const record = (await pollActivation(platform.url, first.body.activationId)).body;
      expect(JSON.parse(record.logs[0])).toEqual({
        statusCode: 1, success: false, error: 'Too many requests in the last minute (count: 4, allowed: 2).', rule: 'guest/r', action: 'guest/hello',
      });
    });
  });

  describe('in flight', () => {
    let platform: TestPlatform;
    const api = (method: 'get' | 'put' | 'post', path: string) => authed(platform.url, method, `${NS}${path}`);
    beforeAll(async () => {
      platform = await startTestPlatform({ config: { limits: { concurrentInvocations: 1 } } });
      const slow = { ...wskActionBody('slow'), annotations: [{ key: 'sim-warm-ms', value: 300 }, { key: 'sim-cold-ms', value: 300 }] };
      await api('put', '/actions/slow').send(slow).expect(200);
    });
    afterAll(() => platform.cleanup());

    it('a second invocation while the first runs answers 429; once it completes, invokes pass again', async () => {
      const running = api('post', '/actions/slow?blocking=true').send({}).then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const res = await api('post', '/actions/slow').send({}).expect(429);
      expect(res.body.error).toBe('Too many concurrent requests in flight (count: 1, allowed: 1).');
      expect((await running).status).toBe(200);
      await api('post', '/actions/slow?blocking=true').send({}).expect(200);
    });
  });
});
