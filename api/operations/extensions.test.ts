import request from 'supertest';
import { WHISK_SYSTEM_KEY, basicAuth, startTestPlatform, type TestPlatform } from '../../test/helpers/test-platform';

describe('extensions: prewarm and worker reports', () => {
  let platform: TestPlatform;
  const guest = basicAuth();
  const admin = basicAuth(WHISK_SYSTEM_KEY);

  beforeAll(async () => {
    platform = await startTestPlatform({ config: { limits: { prewarmMax: 4 } } });
    await request(platform.url)
      .put('/api/v1/namespaces/_/actions/warmme')
      .set('authorization', guest)
      .send({ exec: { kind: 'nodejs:default', code: 'function main() { return {} }' } })
      .expect(200);
  });
  afterAll(() => platform.cleanup());

  it('prewarms containers so the first invocation is warm', async () => {
    const res = await request(platform.url)
      .post('/api/v1/namespaces/_/prewarm')
      .set('authorization', guest)
      .send({ action: 'warmme', count: 2 })
      .expect(200);
    expect(res.body).toEqual({ action: '/guest/warmme', requested: 2, ready: 2 });

    const invoked = await request(platform.url)
      .post('/api/v1/namespaces/_/actions/warmme?blocking=true')
      .set('authorization', guest)
      .send({})
      .expect(200);
    const keys = invoked.body.annotations.map((a: { key: string }) => a.key);
    expect(keys).not.toContain('initTime');
    expect(invoked.body.response.result.was_cold).toBe(true); // first run on a prewarmed sandbox

    const [report] = (await request(platform.url).get('/api/v1/admin/workers').set('authorization', admin).expect(200)).body;
    const stats = report.functions['guest/warmme@0.0.1'];
    expect(stats.prewarm).toBe(1);
    expect(stats.cold).toBe(0);
    expect(report.pool.idle).toBeGreaterThanOrEqual(1);
  });

  it.each([
    [{ action: 'warmme', count: 5 }, 400, /exceeds the allowed maximum of 4/],
    [{ action: 'warmme', count: 0 }, 400, /malformed/],
    [{ action: 'warmme' }, 400, /malformed/],
    [{ action: '-bad', count: 1 }, 400, /illegal characters/],
    [{ action: 'nothere', count: 1 }, 404, /does not exist/],
  ])('refuses %j with %i', async (body, status, message) => {
    const res = await request(platform.url).post('/api/v1/namespaces/_/prewarm').set('authorization', guest).send(body);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatch(message);
    expect(typeof res.body.code).toBe('string');
  });

  it('refuses to prewarm in another namespace', async () => {
    await request(platform.url)
      .post('/api/v1/namespaces/whisk.system/prewarm')
      .set('authorization', guest)
      .send({ action: 'warmme', count: 1 })
      .expect(403);
  });

  it('shows worker reports to whisk.system only', async () => {
    await request(platform.url).get('/api/v1/admin/workers').set('authorization', guest).expect(403);
    await request(platform.url).get('/api/v1/admin/workers').expect(401);
    const res = await request(platform.url).get('/api/v1/admin/workers').set('authorization', admin).expect(200);
    expect(res.body[0]).toMatchObject({ backend: 'simulation', queueLength: 0 });
  });
});
