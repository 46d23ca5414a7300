/**
 * Who a web action runs as (webactions.md: "Web action activations will be associated with the user that created
 * the action"; WebActions.scala invokes as the namespace owner's identity): the activation, __OW_NAMESPACE and,
 * with `provide-api-key`, __OW_API_KEY are the owner's — whoever calls, with or without credentials. The API
 * invoke path hands the caller's key instead. Real nodejs code on the process backend reads its environment.
 * Also: web-exported sequences, and a blocking wait that runs out (simulation backend).
 */
import request from 'supertest';
import { authed, pollActivation } from '../../test/helpers/api-client';
import { basicAuth, GUEST_KEY, startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const ENV = `function main(p) {
  return { ns: process.env.__OW_NAMESPACE, key: process.env.__OW_API_KEY || null, user: p.__ow_user || null };
}`;

type Annotations = Record<string, unknown>;

async function putAction(url: string, path: string, exec: object, annotations: Annotations, key = GUEST_KEY): Promise<void> {
  await authed(url, 'put', `/api/v1/namespaces/_/actions/${path}?overwrite=true`, key)
    .send({ exec, annotations: Object.entries(annotations).map(([k, value]) => ({ key: k, value })) })
    .expect(200);
}

describe('web actions run as their owner', () => {
  let platform: TestPlatform;
  const node = (code: string) => ({ kind: 'nodejs:default', code });

  beforeAll(async () => {
    platform = await startTestPlatform({ backend: 'process' });
    const url = platform.url;
    await putAction(url, 'envy', node(ENV), { 'web-export': true, 'provide-api-key': true });
    await putAction(url, 'envless', node(ENV), { 'web-export': true });
    await putAction(url, 'envapi', node(ENV), { 'provide-api-key': true });
    await authed(url, 'put', '/api/v1/namespaces/_/packages/shared', WHISK_SYSTEM_KEY).send({ publish: true }).expect(200);
    await putAction(url, 'shared/envy', node(ENV), { 'web-export': true, 'provide-api-key': true }, WHISK_SYSTEM_KEY);
    await putAction(url, 'shared/envapi', node(ENV), { 'provide-api-key': true }, WHISK_SYSTEM_KEY);
  }, 60_000);
  afterAll(() => platform.cleanup());

  it('anonymous: the activation, __OW_NAMESPACE and __OW_API_KEY are the owner\'s', async () => {
    const res = await request(platform.url).get('/api/v1/web/guest/default/envy.json').expect(200);
    expect(res.body).toEqual({ ns: 'guest', key: GUEST_KEY, user: null });
    const record = await pollActivation(platform.url, String(res.headers['x-openwhisk-activation-id']));
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ namespace: 'guest', subject: 'guest', name: 'envy' });
  });

  it('a caller with credentials of another subject is __ow_user, but the key is still the owner\'s', async () => {
    const res = await request(platform.url).get('/api/v1/web/guest/default/envy.json').set('authorization', basicAuth(WHISK_SYSTEM_KEY)).expect(200);
    expect(res.body).toEqual({ ns: 'guest', key: GUEST_KEY, user: 'whisk.system' });
  });

  it('another namespace\'s web action runs as that namespace\'s owner', async () => {
    const res = await request(platform.url).get('/api/v1/web/whisk.system/shared/envy.json').set('authorization', basicAuth()).expect(200);
    expect(res.body).toEqual({ ns: 'whisk.system', key: WHISK_SYSTEM_KEY, user: 'guest' });
    const record = await pollActivation(platform.url, String(res.headers['x-openwhisk-activation-id']), { key: WHISK_SYSTEM_KEY });
    expect(record.body).toMatchObject({ namespace: 'whisk.system', subject: 'whisk.system' });
  });

  it('no key without provide-api-key (new actions get provide-api-key: false)', async () => {
    const res = await request(platform.url).get('/api/v1/web/guest/default/envless.json').expect(200);
    expect(res.body).toEqual({ ns: 'guest', key: null, user: null });
  });

  it('an API invoke runs as the caller, with the caller\'s key, even of another namespace\'s shared action', async () => {
    const own = await authed(platform.url, 'post', '/api/v1/namespaces/_/actions/envapi?blocking=true&result=true').send({}).expect(200);
    expect(own.body).toEqual({ ns: 'guest', key: GUEST_KEY, user: null });
    const shared = await authed(platform.url, 'post', '/api/v1/namespaces/whisk.system/actions/shared/envapi?blocking=true&result=true').send({}).expect(200);
    expect(shared.body).toEqual({ ns: 'guest', key: GUEST_KEY, user: null });
  });
});

describe('web-exported sequences', () => {
  let platform: TestPlatform;
  const seq = (components: string[]) => ({ kind: 'sequence', components });

  beforeAll(async () => {
    platform = await startTestPlatform({ backend: 'process' });
    const url = platform.url;
    await putAction(url, 'inc', { kind: 'nodejs:default', code: 'function main(p) { return { n: (Number(p.n) || 0) + 1 } }' }, {});
    await putAction(url, 'wrap', { kind: 'nodejs:default', code: 'function main(p) { return { body: "<b>" + p.n + "</b>" } }' }, {});
    await putAction(url, 'teapot', { kind: 'nodejs:default', code: 'function main() { return { error: { statusCode: 418, body: "short and stout" } } }' }, {});
    await putAction(url, 'page', seq(['/_/inc', '/_/wrap']), { 'web-export': true });
    await putAction(url, 'hiddenseq', seq(['/_/inc']), {});
    await putAction(url, 'brews', seq(['/_/inc', '/_/teapot']), { 'web-export': true });
  }, 60_000);
  afterAll(() => platform.cleanup());

  it('runs at /api/v1/web/... with the request as parameters, shaped like a web action', async () => {
    const html = await request(platform.url).get('/api/v1/web/guest/default/page.html?n=1').expect(200).expect('content-type', /text\/html/);
    expect(html.text).toBe('<b>2</b>');
    const json = await request(platform.url).post('/api/v1/web/guest/default/page.json').send({ n: 41 }).expect(200);
    expect(json.body).toEqual({ body: '<b>42</b>' });
    const record = await pollActivation(platform.url, String(json.headers['x-openwhisk-activation-id']));
    expect(record.body).toMatchObject({ namespace: 'guest', name: 'page', subject: 'guest' });
    expect(record.body.logs).toHaveLength(2);
  });

  it('answers a component\'s application error through the extension', async () => {
    const res = await request(platform.url).get('/api/v1/web/guest/default/brews.http').expect(418);
    expect(res.text).toBe('short and stout');
  });

  it('404s a sequence that is not web-exported', async () => {
    await request(platform.url).get('/api/v1/web/guest/default/hiddenseq.json').expect(404);
  });
});

describe('a web action whose blocking wait runs out', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform({ config: { limits: { blockingWaitMs: 50 } } });
    await putAction(platform.url, 'slow', { kind: 'nodejs:default', code: 'function main() { return {} }' },
      { 'web-export': true, 'sim-cold-ms': 1_000, 'sim-warm-ms': 1_000 });
  });
  afterAll(() => platform.cleanup());

  it('answers 202 "Response not yet ready." with the activation id', async () => {
    const res = await request(platform.url).get('/api/v1/web/guest/default/slow.json').expect(202);
    expect(res.body).toEqual({ error: 'Response not yet ready.', code: expect.any(String) });
    expect(String(res.headers['x-openwhisk-activation-id'])).toMatch(/^[0-9a-f]{32}$/);
  });
});
