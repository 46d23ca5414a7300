/**
 * A short deterministic simulation on the virtual clock (worker-design.md §12): three functions with known warm
 * times, open-loop arrivals at fixed rates, prewarmed by Little's law so no cold start distorts the run. The
 * worker's own running and queue counts, sampled every millisecond, must match Little's law within 10%:
 *   L_run = Σ λ·S = 0.1·25 + 0.02·60 + 0.01·130 = 5.0 running on average (limit 6: stable, with some queueing).
 */
import { VirtualClock } from '../../common/clock.js';
import { silentLogger } from '../../common/log.js';
import type { ActivationRecord } from '../../common/types/entities.js';
import { SimulationBackend } from '../backends/simulation/simulation-backend.js';
import {
  agrees, functionRates, measuredConcurrency, predictedConcurrency, timeAverage, type InvocationSpan,
} from '../characteristics/littles-law.js';
import { invocationOf, runnableAction, workerSettings } from '../test-support/runnable.js';
import { drive, flush } from '../test-support/virtual-time.js';
import { createWorker } from '../worker.js';

const MIX = [
  { name: 'f25', everyMs: 10, warmMs: 25 },
  { name: 'f60', everyMs: 50, warmMs: 60 },
  { name: 'f130', everyMs: 100, warmMs: 130 },
];
const EXPECTED_RUNNING = MIX.reduce((sum, f) => sum + f.warmMs / f.everyMs, 0); // 5.0
const DURATION_MS = 3_000;
const WARMUP_MS = 500;

async function simulate(queuePolicy: 'fcfs' | 'sjf' | 'eedf' | 'rare' | 'none', limit: number) {
  const clock = new VirtualClock();
  const settings = workerSettings({ queuePolicy, concurrencyLimit: limit, simulation: { coldMs: 500, warmMs: 1 } });
  const backend = new SimulationBackend(clock, settings.worker.simulation);
  const worker = createWorker(settings, { backend, clock, logger: silentLogger, sink: () => {} });
  const actions = MIX.map((f) => ({ ...f, action: runnableAction(f.name, { expected: { coldMs: 500, warmMs: f.warmMs } }) }));

  // Prewarm by Little's law: ⌈λ·S⌉ + 1 containers each, so every arrival finds one (no cold start).
  await drive(clock, Promise.all(actions.map((f) => worker.prewarm(f.action, Math.ceil(f.warmMs / f.everyMs) + 1))));

  const t0 = clock.now();
  const arrivals = new Map<string, number>();
  const pending: Promise<ActivationRecord>[] = [];
  const running: { atMs: number; value: number }[] = [];
  const queued: { atMs: number; value: number }[] = [];
  for (let dt = 0; dt < DURATION_MS; dt++) {
    for (const f of actions) {
      if (dt % f.everyMs !== 0) continue;
      const inv = invocationOf(f.action, clock.now());
      arrivals.set(inv.activationId, clock.now());
      pending.push(worker.invoke(inv));
    }
    // Sample the state at this instant once its finishes and arrivals are through (right-continuous).
    await flush(clock);
    const s = worker.status();
    running.push({ atMs: clock.now(), value: s.running });
    queued.push({ atMs: clock.now(), value: s.queueLength });
    await clock.advance(1);
  }
  const records = await drive(clock, Promise.all(pending));
  const spans: InvocationSpan[] = records.map((r) => ({
    functionKey: `${r.namespace}/${r.name}`, arrivedAt: arrivals.get(r.activationId)!, startedAt: r.start, endedAt: r.end,
  }));
  const window = { fromMs: t0 + WARMUP_MS, toMs: t0 + DURATION_MS };
  return { worker, records, spans, window, running, queued };
}

describe("Little's law on a deterministic simulated run (3 functions, fixed rates, 390 invocations)", () => {
  it.each([
    { policy: 'fcfs', limit: 6 },
    { policy: 'sjf', limit: 6 },
    { policy: 'eedf', limit: 6 },
    { policy: 'rare', limit: 6 },
    { policy: 'none', limit: 6 },
    { policy: 'fcfs', limit: 10 },
  ] as const)('$policy, limit $limit: measured mean running ≈ Σ λ·S within 10%', async ({ policy, limit }) => {
    const { worker, records, spans, window, running, queued } = await simulate(policy, limit);
    expect(records).toHaveLength(390);
    expect(records.every((r) => r.statusCode === 0 && !r.annotations.some((a) => a.key === 'initTime'))).toBe(true);
    expect(worker.characteristics()['guest/f25@0.0.1']).toMatchObject({ cold: 0, invocations: 300 });

    // The worker's sampled running count against the known rates and warm times…
    const measuredRunning = timeAverage(running, window);
    expect(agrees(measuredRunning, EXPECTED_RUNNING, 0.1)).toBe(true);
    // …and against the rates and service times of the records themselves.
    const predicted = predictedConcurrency(functionRates(spans, window));
    expect(agrees(measuredRunning, predicted.running, 0.1)).toBe(true);
    expect(agrees(measuredConcurrency(spans, window).running, predicted.running, 0.1)).toBe(true);
    // The queue obeys the law too (L_q = Σ λ·W), whatever the policy; none never queues.
    const measuredQueued = timeAverage(queued, window);
    expect(agrees(measuredQueued, predicted.queued, 0.1, 1e-3)).toBe(true);
    if (policy === 'none') expect(measuredQueued).toBe(0);
    // Stable: never more admitted than the limit, except with no regulator.
    if (policy !== 'none') expect(Math.max(...running.map((s) => s.value))).toBeLessThanOrEqual(limit);
  });
});
