/**
 * Size limits as OpenWhisk answers them: create/update bodies by field (LimitedWhiskEntityPut: exec, then
 * parameters, then annotations; "<field> larger than allowed: N > M bytes.") for actions, packages, triggers and
 * rules; invoke, fire and web action bodies by the request (ValidateRequestSize: "Request larger than allowed").
 * The code limit is lowered here so the suite need not send 48 MB.
 */
import request from 'supertest';
import { authed, NODE_CODE } from '../../test/helpers/api-client';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/test-platform';
import { checkEntitySize } from './entity-size';

const MB = 1_048_576;
const CODE_MAX = 2 * MB;
const NS = '/api/v1/namespaces/_';
const tooBig = (field: string, size: number, limit: number) => ({ error: `${field} larger than allowed: ${size} > ${limit} bytes.`, code: expect.any(String) });
/** One parameter `p` whose size (key + JSON value, quotes included) is exactly `size` bytes. */
const paramOfSize = (size: number) => [{ key: 'p', value: 'x'.repeat(size - 3) }];

describe('entity and request size limits', () => {
  let platform: TestPlatform;
  const put = (path: string, body: object) => authed(platform.url, 'put', `${NS}/${path}`).send(body);

  beforeAll(async () => {
    platform = await startTestPlatform({ config: { limits: { codeMaxBytes: CODE_MAX } } });
    await put('actions/echo', { exec: { kind: 'nodejs:default', code: NODE_CODE }, annotations: [{ key: 'web-export', value: true }] }).expect(200);
    await put('triggers/t', {}).expect(200);
  });
  afterAll(() => platform.cleanup());

  describe('create/update bodies', () => {
    it('weighs parameters as key bytes + compact JSON value bytes, and accepts exactly the limit', async () => {
      await put('actions/at-limit', { exec: { kind: 'nodejs:default', code: NODE_CODE }, parameters: paramOfSize(MB) }).expect(200);
      const res = await put('actions/over', { exec: { kind: 'nodejs:default', code: NODE_CODE }, parameters: paramOfSize(MB + 1) }).expect(413);
      expect(res.body).toEqual(tooBig('parameters', MB + 1, MB));
      await authed(platform.url, 'get', `${NS}/actions/over`).expect(404);
    });

    it('checks annotations against the same limit', async () => {
      const annotations = [{ key: 'a', value: { nested: 'y'.repeat(MB) } }];
      const size = 1 + JSON.stringify(annotations[0]!.value).length;
      const res = await put('actions/noted', { exec: { kind: 'nodejs:default', code: NODE_CODE }, annotations }).expect(413);
      expect(res.body).toEqual(tooBig('annotations', size, MB));
    });

    it('checks the exec (code + main) against the code limit, before parameters', async () => {
      const code = 'z'.repeat(CODE_MAX - 3);
      const res = await put('actions/fat', { exec: { kind: 'nodejs:default', code, main: 'mainly' }, parameters: paramOfSize(MB + 1) }).expect(413);
      expect(res.body).toEqual(tooBig('exec', CODE_MAX + 3, CODE_MAX));
    });

    it('accepts code over the 1 MB payload limit (a PUT body may be up to 50 MB)', async () => {
      const code = `// ${'c'.repeat(MB)}\n${NODE_CODE}`;
      await put('actions/roomy', { exec: { kind: 'nodejs:default', code } }).expect(200);
    });

    it('counts a repeated key once (the last value), as OpenWhisk reads the list into a map', async () => {
      const parameters = [{ key: 'p', value: 'x'.repeat(MB) }, { key: 'p', value: 'small' }];
      await put('actions/repeated', { exec: { kind: 'nodejs:default', code: NODE_CODE }, parameters }).expect(200);
    });

    it.each([
      ['package parameters', 'packages/big', { parameters: paramOfSize(MB + 1) }, 'parameters'],
      ['package annotations', 'packages/big', { annotations: paramOfSize(MB + 1) }, 'annotations'],
      ['trigger parameters', 'triggers/big', { parameters: paramOfSize(MB + 1) }, 'parameters'],
      ['trigger annotations', 'triggers/big', { annotations: paramOfSize(MB + 1) }, 'annotations'],
      ['rule annotations', 'rules/big', { trigger: '/_/t', action: '/_/echo', annotations: paramOfSize(MB + 1) }, 'annotations'],
    ])('answers 413 for %s over 1 MB, and stores nothing', async (_what, path, body, field) => {
      const res = await put(path, body).expect(413);
      expect(res.body).toEqual(tooBig(field, MB + 1, MB));
      await authed(platform.url, 'get', `${NS}/${path}`).expect(404);
    });
  });

  describe('payloads', () => {
    const overPayload = { big: 'x'.repeat(MB) };
    const size = Buffer.byteLength(JSON.stringify(overPayload));

    it('answers 413 "Request larger than allowed" for an invoke', async () => {
      const res = await authed(platform.url, 'post', `${NS}/actions/echo?blocking=true`).send(overPayload).expect(413);
      expect(res.body).toEqual(tooBig('Request', size, MB));
    });

    it('answers 413 "Request larger than allowed" for a fire', async () => {
      const res = await authed(platform.url, 'post', `${NS}/triggers/t`).send(overPayload).expect(413);
      expect(res.body).toEqual(tooBig('Request', size, MB));
    });

    it('answers 413 "Request larger than allowed" for a web action body', async () => {
      const res = await request(platform.url).post('/api/v1/web/guest/default/echo.json').send(overPayload).expect(413);
      expect(res.body).toEqual(tooBig('Request', size, MB));
    });
  });

  it('ignores bodies that are not objects and fields of the wrong type (validation answers those)', () => {
    const limits = { codeMaxBytes: 10, parametersMaxBytes: 10 };
    expect(() => checkEntitySize(undefined, limits)).not.toThrow();
    expect(() => checkEntitySize({ exec: 'x'.repeat(100), parameters: { p: 'x'.repeat(100) } }, limits)).not.toThrow();
    expect(() => checkEntitySize({ exec: { image: 'i'.repeat(11) } }, limits)).toThrow('exec larger than allowed: 11 > 10 bytes.');
  });
});
