import { startTestPlatform, type TestPlatform } from '../../test/helpers/test-platform';
import { runOpen } from '../run-open';
import { createHttpTarget, outcomeOf } from './http-target';
import type { LoadTarget } from './target';

describe('HTTP target against a standalone platform (simulation backend)', () => {
  let platform: TestPlatform;
  let target: LoadTarget;
  beforeAll(async () => {
    platform = await startTestPlatform({ config: { worker: { concurrencyLimit: 4 } } });
    target = createHttpTarget({ apihost: platform.url });
  });
  afterAll(async () => {
    await target.close();
    await platform.cleanup();
  });

  it('deploys, prewarms, invokes and reads worker status', async () => {
    await target.deploy([{ name: 'lg-a', warmMs: 20, coldMs: 60, memoryMb: 128 }]);
    expect(await target.prewarm('lg-a', 2)).toBe(2);
    const o = await target.invoke('lg-a', { warm_dur_ms: 20 });
    expect(o).toMatchObject({ error: '', cold: false });
    expect(o.endAt! - o.startAt!).toBeGreaterThanOrEqual(19);
    expect(o.receivedAt - o.sentAt).toBeGreaterThanOrEqual(19);
    const status = await target.status();
    expect(status).toMatchObject({ running: 0, queued: 0, limit: 4, workers: ['worker0'] });
  });

  it('replays a one-second trace on the wall clock', async () => {
    const events = Array.from({ length: 20 }, (_, i) => ({ timeMs: i * 50, fn: i % 2 ? 'lg-b' : 'lg-c' }));
    const functions = [{ name: 'lg-b', warmMs: 10, coldMs: 30, memoryMb: 128 }, { name: 'lg-c', warmMs: 30, coldMs: 60, memoryMb: 128 }];
    const { records, summary } = await runOpen({ target, trace: { events, functions }, label: 'http', sampleMs: 50, progress: false });
    expect(records).toHaveLength(20);
    expect(summary.errors).toBe(0);
    expect(summary.functions.map((f) => f.function)).toEqual(['lg-b', 'lg-c']);
    expect(summary.normalizedLatency.p50).toBeGreaterThanOrEqual(1);
    expect(summary.littlesLaw!.samples).toBeGreaterThan(5);
  });

  it('reports a missing action as an error, not a rejection', async () => {
    const o = await target.invoke('lg-missing', {});
    expect(o.error).toBe('http 404');
  });
});

describe('outcomeOf', () => {
  it.each([
    [202, { activationId: 'x' }, 'blocking wait exceeded'],
    [503, { error: 'busy' }, 'http 503'],
    [0, { error: 'ECONNREFUSED' }, 'connection error'],
    [502, { start: 1, end: 2, annotations: [], response: { status: 'application error', success: false } }, 'application error'],
  ])('status %p with %j → error %p', (status, body, error) => {
    expect(outcomeOf({ status, body }, 0, 1, '').error).toBe(error);
  });

  it('reads waitTime and initTime (a cold start) from the record', () => {
    const o = outcomeOf({
      status: 200,
      body: { start: 100, end: 180, annotations: [{ key: 'waitTime', value: 7 }, { key: 'initTime', value: 50 }], response: { status: 'success', success: true } },
    }, 90, 185, 'w0');
    expect(o).toEqual({ sentAt: 90, receivedAt: 185, startAt: 100, endAt: 180, waitMs: 7, initMs: 50, cold: true, worker: 'w0', error: '' });
  });
});
