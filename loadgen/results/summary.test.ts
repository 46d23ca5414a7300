import type { InvocationRecord } from './invocation-record';
import { parseRecordsCsv, recordsToCsv, toRecord } from './invocation-record';
import { summarize } from './summary';

/** A successful invocation arriving at `arrival`, queued `queue` ms, running `exec` ms, answered at once. */
function row(fn: string, arrival: number, queue: number, exec: number, extra: Partial<InvocationRecord> = {}): InvocationRecord {
  const start = arrival + queue;
  return {
    function: fn, arrivalMs: arrival, startMs: start, endMs: start + exec, responseMs: start + exec,
    queueMs: queue, execMs: exec, flowMs: queue + exec, cold: false, worker: 'w', error: '', ...extra,
  };
}

describe('summarize', () => {
  // f: warm 10 ms, flows 10, 20, 30 → stretches 1, 2, 3. g: warm 100 ms, flow 500 → 5; plus one error (ignored).
  const records = [
    row('f', 0, 0, 10),
    row('f', 100, 10, 10),
    row('f', 200, 20, 10, { cold: true }),
    row('g', 300, 0, 500, { cold: true }),
    row('g', 400, 0, 0, { error: 'application error' }),
  ];
  const warmMs = new Map([['f', 10], ['g', 100]]);
  const s = summarize({ label: 'x', target: 't', records, warmMs });

  it('weights normalized latency per invocation, and also reports the plain mean over functions', () => {
    expect(s.weightedNormalizedLatency).toBeCloseTo((1 + 2 + 3 + 5) / 4);
    expect(s.functionMeanNormalizedLatency).toBeCloseTo((2 + 5) / 2);
    expect(s.normalizedLatency).toMatchObject({ count: 4, p50: 2, p99: 5, max: 5 });
  });

  it('summarizes each function, sorted by warm time', () => {
    expect(s.functions.map((f) => f.function)).toEqual(['f', 'g']);
    const [f, g] = s.functions;
    expect(f).toMatchObject({ invocations: 3, errors: 0, cold: 1, warmMs: 10 });
    expect(f!.normalizedLatency).toMatchObject({ mean: 2, p50: 2, p99: 3 });
    expect(f!.queueMs.mean).toBeCloseTo(10);
    expect(g).toMatchObject({ invocations: 2, errors: 1, cold: 1 });
    expect(g!.flowMs.p50).toBe(500);
  });

  it('counts errors, cold starts and throughput', () => {
    expect(s).toMatchObject({ invocations: 5, errors: 1, coldStarts: 2, durationMs: 800 });
    expect(s.throughputPerSec).toBeCloseTo(4 / 0.8);
    // Warm overhead: flow − exec of successful warm invocations (f's first two): 0 and 10.
    expect(s.warmOverheadMs).toMatchObject({ count: 2, p50: 0, max: 10 });
  });

  it("checks Little's law against status samples", () => {
    // One function arriving every 100 ms, waiting 50 and running 100: L_run = 1, L_q = 0.5.
    const steady = Array.from({ length: 100 }, (_, i) => row('f', i * 100, 50, 100));
    // The counts over time: from 150 ms on, one running always; queued half the time (50 of every 100 ms).
    const samples = Array.from({ length: 1000 }, (_, i) => ({
      tMs: i * 10, running: i * 10 >= 50 ? 1 : 0, queued: (i * 10) % 100 < 50 ? 1 : 0, limit: 4,
    }));
    const ok = summarize({ label: 'x', target: 't', records: steady, warmMs, samples, window: { fromMs: 1000, toMs: 9000 } });
    expect(ok.littlesLaw).toMatchObject({ arrivals: 80, limit: 4, stable: true, pass: true, samplingAgrees: true });
    expect(ok.littlesLaw!.ratePerSec).toBeCloseTo(10);
    expect(ok.littlesLaw!.concurrency.predicted).toBeCloseTo(1);
    expect(ok.littlesLaw!.queue.predicted).toBeCloseTo(0.5);
    expect(ok.littlesLaw!.queue.measured).toBeCloseTo(0.5);

    // A worker that under-reports its queue by half fails the check, and the sampling cross-check says so.
    const halved = samples.map((x, i) => ({ ...x, queued: i % 2 === 0 ? x.queued : 0 }));
    const bad = summarize({ label: 'x', target: 't', records: steady, warmMs, samples: halved, window: { fromMs: 1000, toMs: 9000 } });
    expect(bad.littlesLaw).toMatchObject({ pass: false, samplingAgrees: false });
    expect(bad.littlesLaw!.concurrency.pass).toBe(true);
    expect(bad.littlesLaw!.queue.pass).toBe(false);
  });
});

describe('invocation records', () => {
  it('takes the platform arrival from waitTime, never before the send nor after the start', () => {
    const r = toRecord('f', { sentAt: 1000, receivedAt: 1300, startAt: 1100, endAt: 1250, waitMs: 60, cold: false, worker: 'w', error: '' }, 1000);
    expect(r).toMatchObject({ arrivalMs: 40, startMs: 100, endMs: 250, responseMs: 300, queueMs: 60, execMs: 150, flowMs: 300 });
    const noWait = toRecord('f', { sentAt: 1000, receivedAt: 1300, startAt: 1100, endAt: 1250, cold: true, worker: 'w', error: '' }, 1000);
    expect(noWait).toMatchObject({ arrivalMs: 0, queueMs: 100, cold: true });
  });

  it('keeps a failure without worker times as a row with its error', () => {
    const r = toRecord('f', { sentAt: 10, receivedAt: 20, cold: false, worker: '', error: 'http 503' }, 0);
    expect(r).toMatchObject({ arrivalMs: 10, flowMs: 10, execMs: 0, error: 'http 503' });
  });

  it('round-trips through CSV', () => {
    const rows = [row('f', 0, 1.5, 10, { cold: true }), row('g', 3, 0, 7, { error: 'application error' })];
    expect(parseRecordsCsv(recordsToCsv(rows))).toEqual(rows);
  });
});
