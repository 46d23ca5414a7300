import { loadConfig } from '../common/config/load-config';
import { runOpen } from './run-open';
import { createInProcessTarget } from './targets/in-process-target';
import { buildTrace, DEFAULT_SPEC } from './trace/build-trace';

/**
 * 5 s of trace, ~150 req/s of 5–100 ms functions, expected concurrency 3 on a worker limited to 4: queueing to
 * check, and waits short against the window so its edges do not blur Little's law.
 */
const trace = buildTrace({
  ...DEFAULT_SPEC,
  seed: 3,
  functions: 6,
  durationMs: 5_000,
  targetLoad: 3,
  warm: { medianMs: 20, sigma: 0.8, minMs: 5, maxMs: 100 },
  iatCv: { min: 0.5, max: 1.5 },
  init: { medianMs: 100, sigma: 0.3, minMs: 50, maxMs: 200 },
});

describe('open loop against an in-process simulated worker (virtual clock)', () => {
  it.each(['fcfs', 'eedf'])("replays the trace with policy %s and passes the Little's-law check", async (policy) => {
    const config = loadConfig({
      env: {},
      overrides: { logLevel: 'silent', worker: { queuePolicy: policy, concurrencyLimit: 4, memoryMb: 65_536 } },
    });
    const target = createInProcessTarget({ config, clock: 'virtual' });
    try {
      const began = target.clock.now();
      const { records, summary, prewarmed } = await runOpen({ target, trace, label: policy, sampleMs: 10, warmupMs: 500, progress: false });
      expect(records).toHaveLength(trace.events.length);
      expect(summary.errors).toBe(0);
      // Prewarmed by Little's law, so almost every start is warm.
      expect(Object.values(prewarmed).every((p) => p.ready === p.requested && p.ready >= 1)).toBe(true);
      expect(summary.coldStarts).toBeLessThan(records.length * 0.05);
      // Arrivals follow the schedule exactly on a virtual clock.
      expect(records.map((r) => r.arrivalMs).sort((a, b) => a - b)[0]).toBeCloseTo(trace.events[0]!.timeMs, 0);
      const l = summary.littlesLaw!;
      expect(l.limit).toBe(4);
      expect(l.stable).toBe(true);
      expect(l.samples).toBeGreaterThan(400);
      expect(l.queue.predicted).toBeGreaterThan(0.05); // there was queueing to check
      expect(l).toMatchObject({ pass: true, samplingAgrees: true });
      expect(Math.abs(l.concurrency.measured - trace.info.expectedConcurrency) / trace.info.expectedConcurrency).toBeLessThan(0.15);
      expect(summary.weightedNormalizedLatency).toBeGreaterThanOrEqual(1);
      expect(target.clock.now() - began).toBeLessThan(10_000); // bounded: the trace plus its drain
    } finally {
      await target.close();
    }
  });
});
