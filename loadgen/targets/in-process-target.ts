/**
 * In-process target: a worker built by createWorker on the simulation backend, in this process — the in-silico
 * set-up of Ilúvatar §3.4. The worker code path is the same as behind the API (queue, regulator, pool,
 * characteristics, records); only HTTP and real sandboxes are gone, so one process can simulate hundreds of cores.
 * On a VirtualClock, time jumps from timer to timer and a 10-minute trace replays in seconds.
 */
import { realClock, VirtualClock, type Clock } from '../../common/clock.js';
import type { Config } from '../../common/config/config.js';
import { silentLogger, type Logger } from '../../common/log.js';
import type { ActivationRecord, JsonObject } from '../../common/types/entities.js';
import { SimulationBackend } from '../../worker/backends/simulation/simulation-backend.js';
import type { RunnableAction } from '../../worker/invocation/invocation.js';
import { createWorker, type Worker } from '../../worker/worker.js';
import type { FunctionMeta } from '../trace/trace-files.js';
import type { InvokeOutcome, LoadTarget, TargetStatus } from './target.js';

export interface InProcessTargetOptions {
  /** The platform config: `worker.*` (queue policy, limit, memory, …) and `worker.simulation` are used. */
  config: Config;
  clock: 'virtual' | 'real';
  logger?: Logger;
  /** Virtual clock only: give up when a drive() has moved time by this much (a lost wake-up, not a slow run). */
  maxVirtualMs?: number;
}

export interface InProcessTarget extends LoadTarget {
  readonly worker: Worker;
}

export function createInProcessTarget(options: InProcessTargetOptions): InProcessTarget {
  const clock: Clock = options.clock === 'virtual' ? new VirtualClock() : realClock;
  const backend = new SimulationBackend(clock, options.config.worker.simulation);
  const worker = createWorker(
    { worker: options.config.worker, payloadMaxBytes: options.config.limits.payloadMaxBytes, apiHost: '' },
    { backend, clock, logger: options.logger ?? silentLogger, sink: () => {} },
  );
  const actions = new Map<string, RunnableAction>();
  let started: Promise<void> | undefined;
  let nextId = 0;

  const actionOf = (fn: string) => {
    const action = actions.get(fn);
    if (!action) throw new Error(`function ${fn} was not deployed`);
    return action;
  };

  return {
    name: `in-process worker (${options.clock} clock)`,
    clock,
    worker,
    async deploy(functions: readonly FunctionMeta[]) {
      started ??= worker.start();
      await started;
      for (const f of functions) actions.set(f.name, simulatedAction(f));
    },
    prewarm: (fn, count) => worker.prewarm(actionOf(fn), count),
    async invoke(fn: string, params: JsonObject): Promise<InvokeOutcome> {
      const action = actionOf(fn);
      const n = ++nextId;
      const sentAt = clock.now();
      const record = await worker.invoke({
        activationId: n.toString(16).padStart(32, '0'), tid: `loadgen-${n}`, action, params,
        namespace: 'guest', subject: 'guest', arrivedAt: sentAt,
      });
      return outcomeOfRecord(record, sentAt, clock.now(), worker.id);
    },
    async status(): Promise<TargetStatus> {
      const s = worker.status();
      return { running: s.running, queued: s.queueLength, limit: s.limit, workers: [s.workerId] };
    },
    drive: (work) => (clock instanceof VirtualClock ? driveVirtual(clock, work, options.maxVirtualMs ?? 24 * 3_600_000) : work),
    async close() {
      await worker.close();
    },
  };
}

/** The action a trace function becomes: its times ride on `expected` exactly as the sim-* annotations would set them. */
export function simulatedAction(f: FunctionMeta): RunnableAction {
  return {
    functionKey: `guest/${f.name}@0.0.1`,
    namespace: 'guest',
    name: f.name,
    path: `guest/${f.name}`,
    version: '0.0.1',
    kind: 'nodejs:20',
    image: 'simulated',
    protocol: 'openwhisk',
    code: '',
    binary: false,
    main: 'main',
    limits: { timeout: Math.max(60_000, Math.ceil(3 * f.coldMs)), memory: f.memoryMb, logs: 0, concurrency: 1 },
    initEnv: {},
    // `coldMs` is the whole cold invocation, as the simulation backend and the characteristics both read it.
    expected: { warmMs: f.warmMs, coldMs: f.coldMs },
  };
}

export function outcomeOfRecord(record: ActivationRecord, sentAt: number, receivedAt: number, worker: string): InvokeOutcome {
  const annotation = (key: string) => record.annotations.find((a) => a.key === key)?.value;
  const waitMs = annotation('waitTime');
  const initMs = annotation('initTime');
  return {
    sentAt, receivedAt, startAt: record.start, endAt: record.end, worker,
    ...(typeof waitMs === 'number' ? { waitMs } : {}),
    ...(typeof initMs === 'number' ? { initMs } : {}),
    cold: typeof initMs === 'number',
    error: record.response.success ? '' : record.response.status,
  };
}

/** Moves virtual time in steps until `work` settles; timers inside a step still fire one by one, in order. */
async function driveVirtual<T>(clock: VirtualClock, work: Promise<T>, maxVirtualMs: number, stepMs = 1_000): Promise<T> {
  let settled = false;
  const tracked = work.finally(() => { settled = true; });
  tracked.catch(() => {});
  const began = clock.now();
  await clock.advance(0);
  while (!settled) {
    if (clock.now() - began > maxVirtualMs) throw new Error(`still running after ${maxVirtualMs} ms of virtual time`);
    await clock.advance(stepMs);
  }
  return tracked;
}
