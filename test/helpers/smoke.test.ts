import request from 'supertest';
import { basicAuth, startTestPlatform, type TestPlatform } from './test-platform';

describe('test platform', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform.cleanup());

  it('answers authenticated requests and invokes on the simulation backend', async () => {
    await request(platform.url).get('/api/v1/namespaces').set('authorization', basicAuth()).expect(200, ['guest']);
    await request(platform.url)
      .put('/api/v1/namespaces/_/actions/a')
      .set('authorization', basicAuth())
      .send({ exec: { kind: 'nodejs:default', code: 'function main() { return {} }' } })
      .expect(200);
    const res = await request(platform.url)
      .post('/api/v1/namespaces/_/actions/a?blocking=true')
      .set('authorization', basicAuth())
      .send({})
      .expect(200);
    expect(res.body.response.success).toBe(true);
    expect(res.body.response.result.was_cold).toBe(true);
  });
});
