import { VirtualClock } from '../../common/clock.js';
import { Messages } from '../../common/errors/messages.js';
import { silentLogger } from '../../common/log.js';
import type { ActivationRecord, JsonObject } from '../../common/types/entities.js';
import type { ContainerBackend } from '../backends/container-backend.js';
import { SimulationBackend } from '../backends/simulation/simulation-backend.js';
import type { RunnableAction } from '../invocation/invocation.js';
import { FakeBackend } from '../test-support/fake-backend.js';
import { invocationOf, runnableAction, workerSettings, type WorkerOverrides } from '../test-support/runnable.js';
import { drive, flush } from '../test-support/virtual-time.js';
import { createWorker, type Worker } from '../worker.js';

const COLD_MS = 500;
const WARM_MS = 10;

function setup(overrides: WorkerOverrides = {}, makeBackend?: (clock: VirtualClock) => ContainerBackend) {
  const clock = new VirtualClock();
  const settings = workerSettings({ ...overrides, simulation: { coldMs: COLD_MS + WARM_MS, warmMs: WARM_MS, ...overrides.simulation } });
  const backend = makeBackend?.(clock) ?? new SimulationBackend(clock, settings.worker.simulation);
  const sunk: ActivationRecord[] = [];
  const worker = createWorker(settings, { backend, clock, logger: silentLogger, sink: (r) => sunk.push(r) });
  /** Invokes now and lets virtual time run until the activation is done. */
  const invoke = (action: RunnableAction, params: JsonObject = {}) =>
    drive(clock, worker.invoke(invocationOf(action, clock.now(), params)));
  return { clock, backend, worker, sunk, invoke };
}

const annotation = (r: ActivationRecord, key: string) => r.annotations.find((a) => a.key === key)?.value;

/** Starts n invocations at once (same virtual instant) and returns their promises in arrival order. */
function burst(worker: Worker, clock: VirtualClock, actions: RunnableAction[], params: JsonObject[] = []) {
  return actions.map((a, i) => worker.invoke(invocationOf(a, clock.now(), params[i] ?? {})));
}

describe('Invoker through createWorker (simulation backend, virtual clock)', () => {
  it('runs a cold start, then a warm start, and records them as OpenWhisk does', async () => {
    const { invoke, clock, worker } = setup();
    const a = runnableAction('hello');
    const t0 = clock.now();
    const cold = await invoke(a);
    expect(cold).toMatchObject({
      namespace: 'guest', name: 'hello', version: '0.0.1', subject: 'guest', statusCode: 0, publish: false,
      start: t0, end: t0 + COLD_MS + WARM_MS, duration: COLD_MS + WARM_MS, logs: [],
      response: { status: 'success', success: true, statusCode: 0 },
    });
    expect(cold.response.result).toMatchObject({ was_cold: true, duration_ms: WARM_MS });
    expect(cold.annotations).toEqual([
      { key: 'path', value: 'guest/hello' },
      { key: 'waitTime', value: 0 },
      { key: 'kind', value: 'nodejs:20' },
      { key: 'timeout', value: false },
      { key: 'limits', value: { timeout: 60_000, memory: 256, logs: 10, concurrency: 1 } },
      { key: 'initTime', value: COLD_MS },
    ]);

    await clock.advance(100);
    const t1 = clock.now();
    const warm = await invoke(a);
    expect(warm).toMatchObject({ start: t1, end: t1 + WARM_MS, duration: WARM_MS, statusCode: 0 });
    expect(warm.response.result).toMatchObject({ was_cold: false });
    expect(annotation(warm, 'initTime')).toBeUndefined();
    expect(annotation(warm, 'waitTime')).toBe(0);
    expect(annotation(warm, 'timeout')).toBe(false);
    expect(worker.status().pool).toMatchObject({ containers: 1, idle: 1, busy: 0 });
  });

  it('counts time spent queued (and before reaching the worker) as waitTime', async () => {
    const { worker, clock } = setup({ concurrencyLimit: 1 });
    const a = runnableAction('a');
    const gatewayAt = clock.now() - 3; // the gateway received it 3 ms before the worker did
    const first = worker.invoke(invocationOf(a, gatewayAt));
    const second = worker.invoke(invocationOf(a, clock.now()));
    await clock.runUntilIdle();
    expect(annotation(await first, 'waitTime')).toBe(3);
    expect(annotation(await second, 'waitTime')).toBe(COLD_MS + WARM_MS); // waited for the first to finish
    expect(annotation(await second, 'initTime')).toBeUndefined(); // and then ran warm
  });

  it('passes the parameters and the activation context to /run', async () => {
    const { clock, worker, backend } = setup({}, (c) => new FakeBackend(c, { runMs: 5 }));
    const a = runnableAction('echo', { limits: { timeout: 3_000 } });
    const inv = invocationOf(a, clock.now(), { name: 'Ada', nested: { n: [1, 2] } }, { apiKey: 'uuid:key' });
    const record = await drive(clock, worker.invoke(inv));
    expect(record.response.result).toEqual({ echo: { name: 'Ada', nested: { n: [1, 2] } } });
    expect((backend as FakeBackend).runPayloads).toEqual([{
      value: { name: 'Ada', nested: { n: [1, 2] } },
      namespace: 'guest',
      action_name: '/guest/echo',
      action_version: '0.0.1',
      activation_id: inv.activationId,
      transaction_id: inv.tid,
      deadline: String(clock.now() - 5 + 3_000),
      api_key: 'uuid:key',
    }]);
    for (const [k, v] of Object.entries((backend as FakeBackend).runPayloads[0]!)) {
      if (k !== 'value') expect(typeof v).toBe('string');
    }
  });

  it('omits api_key when the invocation has none', async () => {
    const { clock, worker, backend } = setup({}, (c) => new FakeBackend(c));
    await drive(clock, worker.invoke(invocationOf(runnableAction('a'), clock.now())));
    expect((backend as FakeBackend).runPayloads[0]).not.toHaveProperty('api_key');
  });

  it('runs a burst in arrival order under concurrency limit 1 (FCFS), whatever the sizes', async () => {
    const { worker, clock, sunk } = setup({ concurrencyLimit: 1 });
    const warmTimes = [50, 5, 30, 1, 20];
    const actions = warmTimes.map((ms, i) => runnableAction(`f${i}`, { expected: { coldMs: 100, warmMs: ms } }));
    const promises: Promise<ActivationRecord>[] = [];
    for (const a of actions) {
      promises.push(worker.invoke(invocationOf(a, clock.now())));
      await clock.advance(1); // f0 is still cold-starting: the rest queue behind it
    }
    expect(worker.status()).toMatchObject({ running: 1, queueLength: 4 });
    await clock.runUntilIdle();
    const records = await Promise.all(promises);
    expect(sunk.map((r) => r.name)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    // One at a time: each starts when the previous ended.
    for (let i = 1; i < records.length; i++) expect(records[i]!.start).toBe(records[i - 1]!.end);
  });

  it('keeps arrival order when a burst of one action queues behind its own cold start', async () => {
    const { worker, clock, sunk } = setup({ concurrencyLimit: 1 });
    const a = runnableAction('a');
    const promises = burst(worker, clock, Array.from({ length: 6 }, () => a));
    const ids = (await drive(clock, Promise.all(promises))).map((r) => r.activationId);
    expect(sunk.map((r) => r.activationId)).toEqual(ids);
    expect(worker.characteristics()[a.functionKey]).toMatchObject({ cold: 1, warm: 5 }); // no thundering herd
  });

  it.each([1, 2, 3, 5])('never runs more than the limit (%i) at once under a burst', async (limit) => {
    const { worker, clock } = setup({ concurrencyLimit: limit });
    const actions = Array.from({ length: 12 }, (_, i) => runnableAction(`f${i % 4}`));
    const params = actions.map((_, i) => ({ warm_dur_ms: 10 + ((i * 17) % 40) }));
    let done = false;
    const all = Promise.all(burst(worker, clock, actions, params)).then((r) => { done = true; return r; });
    const running: number[] = [];
    const queued: number[] = [];
    while (!done) {
      await clock.advance(1);
      const s = worker.status();
      running.push(s.running);
      queued.push(s.queueLength);
      if (running.length > 100_000) throw new Error('burst never finished');
    }
    const records = await all;
    expect(records).toHaveLength(12);
    expect(Math.max(...running)).toBe(limit);
    expect(running.every((r) => r <= limit)).toBe(true);
    expect(Math.max(...queued)).toBe(12 - limit);
    expect(worker.status()).toMatchObject({ running: 0, queueLength: 0, load: 0 });
  });

  it('reports queue length, running count, limit and load', async () => {
    const { worker, clock } = setup({ concurrencyLimit: 2 });
    const a = runnableAction('a');
    expect(worker.status()).toMatchObject({ queueLength: 0, running: 0, limit: 2, load: 0, workerId: 'w-test', backend: 'simulation' });
    const promises = burst(worker, clock, Array.from({ length: 5 }, () => a));
    await flush(clock);
    expect(worker.status()).toMatchObject({ queueLength: 3, running: 2, limit: 2, load: 2.5 });
    await clock.advance(COLD_MS + WARM_MS);
    expect(worker.status()).toMatchObject({ queueLength: 1, running: 2, load: 1.5 });
    await clock.runUntilIdle();
    await Promise.all(promises);
    expect(worker.status()).toMatchObject({ queueLength: 0, running: 0, load: 0 });
  });

  it('reports the expected work queued (cold estimate for a function with no idle container)', async () => {
    const { worker, clock } = setup({ concurrencyLimit: 1 });
    const a = runnableAction('a', { expected: { coldMs: 300, warmMs: 40 } });
    const promises = burst(worker, clock, [a, a, a]);
    await flush(clock);
    expect(worker.status()).toMatchObject({ queueLength: 2, queuedWorkMs: 600 });
    await clock.runUntilIdle();
    await Promise.all(promises);
    expect(worker.status().queuedWorkMs).toBe(0);
  });

  it.each([
    {
      fail: 'application', statusCode: 1, status: 'application error',
      result: { error: 'simulated application error' }, logs: [], reused: true,
    },
    {
      fail: 'developer', statusCode: 2, status: 'action developer error',
      result: { error: 'simulated developer error' }, logs: [Messages.logsMissing], reused: false,
    },
    {
      fail: 'crash', statusCode: 2, status: 'action developer error',
      result: { error: Messages.abnormalRun }, logs: [Messages.logsMissing], reused: false,
    },
  ])('records the $fail failure case with status code $statusCode (container reused: $reused)', async ({ fail, statusCode, status, result, logs, reused }) => {
    const { invoke, worker, backend } = setup();
    const a = runnableAction('a');
    await invoke(a); // warm it up
    const failed = await invoke(a, { sim_fail: fail });
    expect(failed).toMatchObject({ statusCode, response: { status, statusCode, success: false, result }, logs });
    expect(annotation(failed, 'initTime')).toBeUndefined();
    expect(annotation(failed, 'timeout')).toBe(false);
    expect((backend as SimulationBackend).liveCount()).toBe(reused ? 1 : 0);

    const next = await invoke(a);
    expect(next.statusCode).toBe(0);
    expect(annotation(next, 'initTime') === undefined).toBe(reused); // cold again after a developer error
    expect(worker.characteristics()[a.functionKey]).toMatchObject({ errors: 1, cold: reused ? 1 : 2 });
  });

  it('times out a run longer than limits.timeout: developer error, timeout annotation, container destroyed', async () => {
    const { invoke, clock, backend } = setup({ simulation: { coldMs: 50 + WARM_MS } });
    const a = runnableAction('slow', { limits: { timeout: 1_000 } });
    await invoke(a);
    const t0 = clock.now();
    const record = await invoke(a, { warm_dur_ms: 5_000 });
    expect(record).toMatchObject({
      statusCode: 2,
      response: { status: 'action developer error', result: { error: 'The action exceeded its time limits of 1000 milliseconds.' } },
      start: t0, end: t0 + 1_000, duration: 1_000,
    });
    expect(annotation(record, 'timeout')).toBe(true);
    expect(record.logs).toEqual([Messages.logsMissing]);
    expect((backend as SimulationBackend).liveCount()).toBe(0);
    expect(annotation(await invoke(a), 'initTime')).toBe(50);
  });

  it('records an init timeout with "…during initialization." and the timeout annotation', async () => {
    const { invoke } = setup();
    const record = await invoke(runnableAction('slowinit', { limits: { timeout: 200 }, expected: { coldMs: 1_000 } }));
    expect(record).toMatchObject({
      statusCode: 2, duration: 200,
      response: { result: { error: 'The action exceeded its time limits of 200 milliseconds during initialization.' } },
    });
    expect(annotation(record, 'timeout')).toBe(true);
    expect(annotation(record, 'initTime')).toBe(200);
  });

  it('records an action bigger than the worker as a whisk internal error', async () => {
    const { invoke } = setup({ memoryMb: 512 });
    const record = await invoke(runnableAction('huge', { limits: { memory: 1024 } }));
    expect(record).toMatchObject({ statusCode: 3, response: { status: 'whisk internal error', success: false } });
  });

  it('hands every record to the sink exactly once, failures included', async () => {
    const { worker, clock, sunk } = setup({ concurrencyLimit: 3, memoryMb: 1024 });
    const ok = runnableAction('ok');
    const huge = runnableAction('huge', { limits: { memory: 2048 } });
    const slow = runnableAction('slow', { limits: { timeout: 100 }, expected: { coldMs: 10 } });
    const plan: [RunnableAction, JsonObject][] = [
      [ok, {}], [ok, { sim_fail: 'application' }], [huge, {}], [ok, { sim_fail: 'developer' }], [slow, { warm_dur_ms: 500 }],
      [ok, { sim_fail: 'crash' }], [ok, {}], [slow, {}], [ok, {}], [ok, {}],
    ];
    const records = await drive(clock, Promise.all(plan.map(([a, p]) => worker.invoke(invocationOf(a, clock.now(), p)))));
    expect(sunk).toHaveLength(plan.length);
    expect(new Set(sunk.map((r) => r.activationId)).size).toBe(plan.length);
    expect(sunk.map((r) => r.activationId).sort()).toEqual(records.map((r) => r.activationId).sort());
    for (const r of records) expect(sunk).toContain(r);
    expect(records.map((r) => r.statusCode)).toEqual([0, 1, 3, 2, 2, 2, 0, 0, 0, 0]);
  });

  it('tracks characteristics: arrivals, cold and warm times, counts', async () => {
    const { invoke, clock, worker } = setup();
    const a = runnableAction('a');
    await invoke(a); // cold: arrives at t0, ends at t0 + 510
    await clock.advance(100);
    await invoke(a); // warm: arrives at t0 + 610
    await clock.advance(200);
    await invoke(a, { warm_dur_ms: 30 }); // warm: arrives at t0 + 820
    const s = worker.characteristics()[a.functionKey]!;
    expect(s).toMatchObject({ invocations: 3, cold: 1, warm: 2, prewarm: 0, errors: 0 });
    expect(s.iatMs).toMatchObject({ samples: 2, min: 210, max: 610, latest: 210, avg: 0.8 * 610 + 0.2 * 210 });
    expect(s.coldMs).toMatchObject({ samples: 1, avg: COLD_MS + WARM_MS });
    expect(s.initMs).toMatchObject({ samples: 1, avg: COLD_MS });
    expect(s.warmMs).toMatchObject({ samples: 2, min: 10, max: 30, latest: 30, avg: 0.8 * 10 + 0.2 * 30 });
    expect(s.execMs).toMatchObject({ samples: 3, min: 10, max: 30 });
    expect(s.queueMs).toMatchObject({ samples: 3, max: 0 });
    expect(s.e2eMs).toMatchObject({ samples: 3, max: COLD_MS + WARM_MS });
  });

  it('counts a run on a prewarmed container as a prewarm start', async () => {
    const { worker, clock, invoke } = setup();
    const a = runnableAction('a');
    expect(await drive(clock, worker.prewarm(a, 1))).toBe(1);
    const record = await invoke(a);
    expect(annotation(record, 'initTime')).toBeUndefined();
    expect(record.duration).toBe(WARM_MS);
    expect(worker.characteristics()[a.functionKey]).toMatchObject({ prewarm: 1, cold: 0, prewarmMs: { samples: 1, avg: WARM_MS } });
  });

  it('seeds characteristics from the action’s expected times', async () => {
    const { worker, clock } = setup();
    const a = runnableAction('a', { expected: { coldMs: 321, warmMs: 12 } });
    const p = worker.invoke(invocationOf(a, clock.now()));
    expect(worker.characteristics()[a.functionKey]).toMatchObject({ coldMs: { avg: 321 }, warmMs: { avg: 12 } });
    await drive(clock, p);
  });

  it('at close, lets running and queued activations finish within the grace, each recorded', async () => {
    const { worker, clock, sunk } = setup({ concurrencyLimit: 1, shutdownGraceMs: 10_000 });
    const [running, queued] = burst(worker, clock, [runnableAction('a'), runnableAction('a')]) as [Promise<ActivationRecord>, Promise<ActivationRecord>];
    await flush(clock);
    let closed = false;
    const closing = worker.close().then(() => { closed = true; });
    await flush(clock);
    expect(closed).toBe(false); // waiting for the two activations, not for the grace to run out
    await clock.runUntilIdle();
    await closing;
    expect((await running).response.success).toBe(true);
    expect((await queued).response.success).toBe(true);
    expect(sunk.map((r) => r.response.success)).toEqual([true, true]);
  });

  it('at close, records an activation still queued after the grace as failed instead of leaving it queued', async () => {
    const { worker, clock, sunk } = setup({ concurrencyLimit: 1, shutdownGraceMs: 0 });
    const [running, queued] = burst(worker, clock, [runnableAction('a'), runnableAction('b')]) as [Promise<ActivationRecord>, Promise<ActivationRecord>];
    await flush(clock);
    const closing = worker.close();
    const record = await queued;
    expect(record.response).toMatchObject({ success: false, status: 'whisk internal error' });
    expect(JSON.stringify(record.response.result)).toContain('shutting down');
    expect(sunk).toContain(record);
    await clock.runUntilIdle();
    await Promise.all([closing, running]);
  });

  it('destroys every container on close', async () => {
    const { worker, invoke, backend } = setup();
    await invoke(runnableAction('a'));
    await invoke(runnableAction('b'));
    expect((backend as SimulationBackend).liveCount()).toBe(2);
    await worker.close();
    expect((backend as SimulationBackend).liveCount()).toBe(0);
    expect(worker.status().pool).toMatchObject({ containers: 0, reservedMb: 0 });
  });
});
