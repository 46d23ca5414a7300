/**
 * The dispatcher through createWorker on the simulation backend and a virtual clock: queue policies end to end,
 * E(f) as the worker computes it, bypass, the `none` policy, AIMD, memory re-queues, the safety timer, load.
 */
import { VirtualClock } from '../../common/clock.js';
import { silentLogger } from '../../common/log.js';
import type { ActivationRecord, JsonObject } from '../../common/types/entities.js';
import { SimulationBackend } from '../backends/simulation/simulation-backend.js';
import type { RunnableAction } from '../invocation/invocation.js';
import { invocationOf, runnableAction, workerSettings, type WorkerOverrides } from '../test-support/runnable.js';
import { drive, flush } from '../test-support/virtual-time.js';
import { createWorker } from '../worker.js';

const COLD_MS = 500;
const WARM_MS = 10;

function setup(overrides: WorkerOverrides = {}, host = { cores: 4, load: 0 }) {
  const clock = new VirtualClock();
  const settings = workerSettings({ ...overrides, simulation: { coldMs: COLD_MS + WARM_MS, warmMs: WARM_MS, ...overrides.simulation } });
  const backend = new SimulationBackend(clock, settings.worker.simulation);
  const sunk: ActivationRecord[] = [];
  const worker = createWorker(settings, {
    backend, clock, logger: silentLogger, sink: (r) => sunk.push(r),
    host: { cores: host.cores, loadavg: () => [host.load * host.cores, 0, 0] },
  });
  const start = (a: RunnableAction, params: JsonObject = {}) => worker.invoke(invocationOf(a, clock.now(), params));
  const run = (a: RunnableAction, params: JsonObject = {}) => drive(clock, start(a, params));
  const stats = (a: RunnableAction) => worker.characteristics()[a.functionKey]!;
  return { clock, worker, sunk, start, run, stats, host };
}

const at = async (clock: VirtualClock, t: number) => clock.advance(t - clock.now());
const blocker = runnableAction('blocker');
const LONG = { warm_dur_ms: 5_000 };

describe('queue policies through the worker (limit 1, one blocker running)', () => {
  // hot: seen 3 times (IAT known), idle warm container, E = warm 10.   big: seeded, no container, E = cold 900.
  // tiny: seeded, no container, E = cold 50.   new: never seen, E = 0.   Arrivals: big +1, hot +500, tiny +900, new +950.
  it.each([
    { policy: 'fcfs', expected: ['big', 'hot', 'tiny', 'new'] }, // arrival
    { policy: 'sjf', expected: ['new', 'hot', 'tiny', 'big'] }, // E: 0, 10, 50, 900
    { policy: 'eedf', expected: ['hot', 'big', 'tiny', 'new'] }, // arrival + E: 510, 901, 950, 950 (tie: arrival)
    { policy: 'rare', expected: ['big', 'tiny', 'new', 'hot'] }, // unknown IAT first (in arrival order), hot last
  ] as const)('$policy runs $expected', async ({ policy, expected }) => {
    const { clock, worker, sunk, start, run } = setup({ concurrencyLimit: 1, queuePolicy: policy });
    const hot = runnableAction('hot');
    for (let i = 0; i < 3; i++) {
      await run(hot);
      await clock.advance(100);
    }
    const done: Promise<ActivationRecord>[] = [start(blocker, LONG)];
    const t0 = clock.now();
    const arrivals: [number, RunnableAction][] = [
      [1, runnableAction('big', { expected: { coldMs: 900, warmMs: 800 } })],
      [500, hot],
      [900, runnableAction('tiny', { expected: { coldMs: 50, warmMs: 5 } })],
      [950, runnableAction('new')],
    ];
    for (const [dt, a] of arrivals) {
      await at(clock, t0 + dt);
      done.push(start(a));
    }
    expect(worker.status()).toMatchObject({ running: 1, queueLength: 4 });
    await drive(clock, Promise.all(done));
    const names = sunk.map((r) => r.name);
    expect(names.slice(names.indexOf('blocker') + 1)).toEqual(expected);
  });
});

describe('E(f) as the worker computes it at insertion (worker-design.md §3)', () => {
  const seeded = runnableAction('f', { expected: { coldMs: 300, warmMs: 40 } });
  it.each([
    { name: 'idle warm container → warm time', prepare: 'run', action: seeded, expected: 40 },
    { name: 'idle prewarmed container, no prewarm sample → warm time', prepare: 'prewarm', action: seeded, expected: 40 },
    { name: 'no idle container → cold time', prepare: 'nothing', action: seeded, expected: 300 },
    {
      name: 'no cold sample → default cold start (500) + warm time',
      prepare: 'nothing', action: runnableAction('w', { expected: { warmMs: 40 } }), expected: 540,
    },
    { name: 'never seen → 0', prepare: 'nothing', action: runnableAction('unseen'), expected: 0 },
  ] as const)('$name', async ({ prepare, action, expected }) => {
    const { clock, worker, start, run } = setup({ concurrencyLimit: 1 });
    if (prepare === 'run') await run(action);
    if (prepare === 'prewarm') await drive(clock, worker.prewarm(action, 1));
    const done = [start(blocker, LONG), start(action)];
    await flush(clock);
    expect(worker.status()).toMatchObject({ queueLength: 1, queuedWorkMs: expected });
    await drive(clock, Promise.all(done));
  });
});

describe('short-function bypass (worker-design.md §6)', () => {
  it.each([
    { name: 'all conditions hold', warmMs: 5, prepare: 'run', load: 0.5, bypassMs: 20, bypassed: true },
    { name: 'bypass off', warmMs: 5, prepare: 'run', load: 0.5, bypassMs: 0, bypassed: false },
    { name: 'warm time over bypassMs', warmMs: 30, prepare: 'run', load: 0.5, bypassMs: 20, bypassed: false },
    { name: 'only a prewarmed container', warmMs: 5, prepare: 'prewarm', load: 0.5, bypassMs: 20, bypassed: false },
    { name: 'no idle container: never into a cold start', warmMs: 5, prepare: 'nothing', load: 0.5, bypassMs: 20, bypassed: false },
    { name: 'congestion signal over bypassMaxLoad', warmMs: 5, prepare: 'run', load: 1.5, bypassMs: 20, bypassed: false },
  ] as const)('$name → bypassed: $bypassed', async ({ warmMs, prepare, load, bypassMs, bypassed }) => {
    const { clock, worker, start, run, stats } = setup(
      { concurrencyLimit: 1, bypassMs, bypassMaxLoad: 1, aimd: { signal: 'loadAverage' } }, { cores: 4, load },
    );
    const f = runnableAction('f', { expected: { coldMs: 50, warmMs } });
    if (prepare === 'run') await run(f);
    if (prepare === 'prewarm') await drive(clock, worker.prewarm(f, 1));
    const held = start(blocker, LONG);
    await flush(clock);
    const t1 = clock.now();
    const record = start(f);
    await flush(clock);
    expect(worker.status()).toMatchObject(
      bypassed ? { running: 2, queueLength: 0, bypassed: 1 } : { running: 1, queueLength: 1, bypassed: 0 },
    );
    expect(stats(f).bypassed).toBe(bypassed ? 1 : 0);
    await drive(clock, Promise.all([held, record]));
    const r = await record;
    expect(r.statusCode).toBe(0);
    expect(r.start === t1).toBe(bypassed); // a bypass runs at once, past the busy slot
    // Only the row with no container ever cold-starts, and then only through the queue.
    expect(r.annotations.some((a) => a.key === 'initTime')).toBe(prepare === 'nothing');
  });

  it('with one idle container, only the first of two arrivals bypasses; the second queues', async () => {
    const { clock, worker, start, run, stats } = setup({ concurrencyLimit: 1, bypassMs: 20, aimd: { signal: 'runningEwma' } });
    const f = runnableAction('f', { expected: { coldMs: 50, warmMs: 5 } });
    await run(f);
    const done = [start(blocker, LONG), start(f), start(f)];
    await flush(clock);
    expect(worker.status()).toMatchObject({ running: 2, queueLength: 1, bypassed: 1 });
    // Load counts the bypassed invocation as running: (2 + 1) ÷ 1.
    expect(worker.status().load).toBe(3);
    await drive(clock, Promise.all(done));
    expect(stats(f)).toMatchObject({ bypassed: 1, cold: 1, warm: 2 });
  });
});

describe('the none policy: no queue, no regulator', () => {
  it.each([
    { policy: 'none', limit: 2, running: 6, queued: 0, reportedLimit: 0, cold: 6 },
    { policy: 'fcfs', limit: 2, running: 2, queued: 4, reportedLimit: 2, cold: 2 },
  ] as const)('$policy: a burst of 6 runs $running at once with $cold cold starts', async ({ policy, limit, running, queued, reportedLimit, cold }) => {
    const { clock, worker, start, stats } = setup({ queuePolicy: policy, concurrencyLimit: limit });
    const a = runnableAction('a');
    const done = Array.from({ length: 6 }, () => start(a));
    await flush(clock);
    // Load divides by the fixed limit even when nothing regulates (none): 6 ÷ 2.
    expect(worker.status()).toMatchObject({ running, queueLength: queued, limit: reportedLimit, load: 3 });
    await drive(clock, Promise.all(done));
    expect(stats(a).cold).toBe(cold); // no queue: the thundering herd (paper Fig. 7a)
  });

  it('admits a hundred invocations of different functions in the same instant', async () => {
    const { clock, worker, start, sunk } = setup({ queuePolicy: 'none', concurrencyLimit: 1, memoryMb: 100 * 256 });
    const t0 = clock.now();
    const done = Array.from({ length: 100 }, (_, i) => start(runnableAction(`f${i}`)));
    await flush(clock);
    expect(worker.status()).toMatchObject({ running: 100, queueLength: 0 });
    await drive(clock, Promise.all(done));
    expect(sunk.every((r) => r.start === t0 && r.statusCode === 0)).toBe(true);
  });
});

describe('AIMD through the worker', () => {
  it('reports the current limit and admits queued work the moment the limit grows', async () => {
    const { clock, worker, start } = setup({
      regulator: 'aimd', dispatchSafetyMs: 60_000, simulation: { cores: 100 },
      aimd: { minLimit: 1, maxLimit: 3, periodMs: 100, maxLoad: 1, signal: 'runningEwma' },
    });
    await worker.start();
    const t0 = clock.now();
    const done = [start(blocker, LONG), start(blocker, LONG), start(blocker, LONG)];
    await flush(clock);
    expect(worker.status()).toMatchObject({ limit: 1, running: 1, queueLength: 2 });
    await clock.advance(250);
    expect(worker.status()).toMatchObject({ limit: 3, running: 3, queueLength: 0 });
    await clock.advance(6_000);
    const records = await Promise.all(done);
    expect(records.map((r) => r.start - t0)).toEqual([0, 100, 200]);
    await worker.close();
  });

  it('backs off under load without stopping running work, never below minLimit', async () => {
    const { clock, worker, start } = setup({
      regulator: 'aimd', simulation: { cores: 2 },
      aimd: { minLimit: 1, maxLimit: 6, periodMs: 100, maxLoad: 1, signal: 'runningEwma' },
    });
    await worker.start();
    await clock.advance(500);
    expect(worker.status().limit).toBe(6);
    const done = Array.from({ length: 10 }, () => start(blocker, LONG));
    const seen: { limit: number; running: number; queueLength: number }[] = [];
    for (let i = 0; i < 10; i++) {
      await clock.advance(100);
      const { limit, running, queueLength } = worker.status();
      seen.push({ limit, running, queueLength });
    }
    expect(seen.map((s) => s.limit)).toEqual([3, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(seen.every((s) => s.running === 6 && s.queueLength === 4)).toBe(true);
    await clock.advance(20_000);
    await Promise.all(done);
    await worker.close();
  });
});

describe('cold starts that find no memory are re-queued (worker-design.md §4 step 4)', () => {
  it('gives the slot back, waits in the queue, and runs when a container is released', async () => {
    const { clock, worker, start, sunk } = setup({ concurrencyLimit: 4, memoryMb: 512, simulation: { coldMs: 100 + WARM_MS } });
    const t0 = clock.now();
    const first = [start(runnableAction('a'), { warm_dur_ms: 1_000 }), start(runnableAction('b'), { warm_dur_ms: 1_000 })];
    await clock.advance(1);
    const c = start(runnableAction('c'));
    await clock.advance(1);
    const d = start(runnableAction('d'));
    await flush(clock);
    // c holds no slot while it waits (running 2, not 3); d waits behind it (strict head-of-line order).
    expect(worker.status()).toMatchObject({ running: 2, queueLength: 2, memoryRequeues: 1 });
    expect(sunk).toHaveLength(0);
    const [rc, rd] = await drive(clock, Promise.all([c, d, ...first]));
    expect(rc).toMatchObject({ statusCode: 0, start: t0 + 1_100 });
    expect(rd).toMatchObject({ statusCode: 0 });
    expect(rd!.start).toBeGreaterThanOrEqual(rc!.start);
    expect(sunk.map((r) => r.name).slice(0, 2).sort()).toEqual(['a', 'b']);
    expect(worker.status()).toMatchObject({ running: 0, queueLength: 0 });
  });

  it('is retried by the safety timer when no invocation finishes (memory held by a prewarm)', async () => {
    const { clock, worker, start } = setup({ memoryMb: 512, dispatchSafetyMs: 300, simulation: { coldMs: 100 } });
    const a = runnableAction('a');
    const t0 = clock.now();
    const prewarmed = worker.prewarm(a, 2); // reserves all 512 MB now, ready at +100
    const c = start(runnableAction('c'));
    await flush(clock);
    expect(worker.status()).toMatchObject({ running: 0, queueLength: 1, memoryRequeues: 1 });
    const [record, ready] = await drive(clock, Promise.all([c, prewarmed]));
    expect(ready).toBe(2);
    expect(record).toMatchObject({ statusCode: 0, start: t0 + 300 }); // the safety tick, not the prewarm's end
  });
});

describe('load reporting', () => {
  it('reports exact queue length, running count, queued work and the wait estimate', async () => {
    const { clock, worker, start } = setup({ concurrencyLimit: 2 });
    const a = runnableAction('a', { expected: { coldMs: 300, warmMs: 40 } });
    const done = Array.from({ length: 5 }, () => start(a));
    await flush(clock);
    // 3 queued with the cold estimate (no idle container at insertion): 900 ms ÷ min(2, 3).
    expect(worker.status()).toMatchObject({
      running: 2, queueLength: 3, limit: 2, load: 2.5, queuedWorkMs: 900, estimatedWaitMs: 450,
    });
    await drive(clock, Promise.all(done));
    expect(worker.status()).toMatchObject({ running: 0, queueLength: 0, load: 0, queuedWorkMs: 0, estimatedWaitMs: 0 });
  });

  it('cancels the safety timer once the queue is empty (nothing left to drive)', async () => {
    const { clock, start } = setup({ concurrencyLimit: 1 });
    const done = [start(blocker), start(blocker)];
    await flush(clock);
    expect(clock.pendingTimers()).toBeGreaterThan(0);
    await drive(clock, Promise.all(done));
    expect(clock.pendingTimers()).toBe(0);
  });
});
