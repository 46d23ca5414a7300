/**
 * createWorker: the worker's composition root. Wires the characteristics tracker, queue policy, concurrency
 * regulator (and its congestion signal), warm pool (with its keep-alive policy) and activation runner around one
 * container backend. `start()` removes orphans of an earlier run and starts background eviction and the
 * regulator's adjustment (AIMD); `close()` lets accepted activations end (bounded), then destroys every container.
 *
 * Cores: the host's, or `simulation.cores` on the simulation backend when set. The fixed limit is
 * concurrencyLimit, or 2 × cores when 0; the `none` queue policy runs with no regulator (an unlimited one).
 */
import { cpus, loadavg } from 'node:os';
import type { Clock } from '../common/clock.js';
import type { Config } from '../common/config/config.js';
import type { Logger } from '../common/log.js';
import type { ActivationRecord } from '../common/types/entities.js';
import type { ContainerBackend } from './backends/container-backend.js';
import { FunctionCharacteristics, type FunctionStats } from './characteristics/function-characteristics.js';
import type { Invocation, RunnableAction } from './invocation/invocation.js';
import { Invoker, type InvokerStatus } from './invoker/invoker.js';
import { ActivationRunner, type ActivationSink } from './invoker/run-activation.js';
import { ContainerPool, type PoolStatus } from './pool/container-pool.js';
import { evictionPolicies } from './pool/keepalive/index.js';
import { queuePolicies, UNREGULATED_POLICIES } from './queue/index.js';
import { FixedRegulator } from './regulator/fixed.js';
import { congestionSignals, regulators } from './regulator/index.js';

export interface WorkerStatus extends InvokerStatus {
  workerId: string;
  backend: string;
  pool: PoolStatus;
  /**
   * (running + queued) ÷ limit: the load the balancer sees (worker-design.md §11). Bypassed invocations count as
   * running; with no regulator (`none`) it divides by the fixed limit the worker would otherwise have.
   */
  load: number;
}

export interface Worker {
  readonly id: string;
  readonly backend: ContainerBackend;
  invoke(invocation: Invocation): Promise<ActivationRecord>;
  prewarm(action: RunnableAction, count: number): Promise<number>;
  status(): WorkerStatus;
  characteristics(): Record<string, FunctionStats>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface WorkerDeps {
  backend: ContainerBackend;
  clock: Clock;
  logger: Logger;
  /** Where finished activation records go (the batched recorder in standalone). */
  sink: ActivationSink;
  /** The host as the worker sees it (tests inject it): core count and os.loadavg. */
  host?: { cores: number; loadavg: () => number[] };
}

export interface WorkerSettings {
  worker: Config['worker'];
  payloadMaxBytes: number;
  apiHost: string;
}

/** After the containers are gone, how long cut-short and never-started activations get to write their records. */
const SHUTDOWN_SETTLE_MS = 2_000;

/** Resolves when `work` settles or after `ms`, whichever is first. */
function settledWithin(work: Promise<void>, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); });
  return Promise.race([work, bound]).finally(() => clearTimeout(timer));
}

export function createWorker(settings: WorkerSettings, deps: WorkerDeps): Worker {
  const cfg = settings.worker;
  const log = deps.logger.child({ component: 'worker', workerId: cfg.id });
  const characteristics = new FunctionCharacteristics(cfg.characteristicsAlpha);
  const pool = new ContainerPool(
    deps.backend,
    evictionPolicies[cfg.evictionPolicy]({ idleTtlMs: cfg.idleTtlMs }),
    deps.clock,
    {
      workerId: cfg.id, memoryMb: cfg.memoryMb, freeBufferMb: cfg.freeBufferMb, evictionIntervalMs: cfg.evictionIntervalMs, reclaimBatchMb: cfg.reclaimBatchMb,
      logCollectTimeoutMs: cfg.logCollectTimeoutMs, apiHost: settings.apiHost,
    },
    log,
  );
  const hostCores = deps.host?.cores ?? cpus().length;
  const cores = deps.backend.name === 'simulation' && cfg.simulation.cores > 0 ? cfg.simulation.cores : hostCores;
  const fixedLimit = cfg.concurrencyLimit > 0 ? cfg.concurrencyLimit : 2 * cores;
  const runner = new ActivationRunner(pool, characteristics, deps.sink, deps.clock, {
    payloadMaxBytes: settings.payloadMaxBytes, logCollectTimeoutMs: cfg.logCollectTimeoutMs,
  }, log);
  let running = () => 0; // bound to the invoker below (the signal is built first)
  const signal = congestionSignals[cfg.aimd.signal]({
    cores, periodMs: cfg.aimd.periodMs, running: () => running(), now: () => deps.clock.now(),
    loadavg: deps.host?.loadavg ?? loadavg,
  });
  const regulator = UNREGULATED_POLICIES.has(cfg.queuePolicy)
    ? new FixedRegulator(0)
    : regulators[cfg.regulator]({ fixedLimit, aimd: cfg.aimd }, { clock: deps.clock, signal });
  const invoker = new Invoker({
    queue: queuePolicies[cfg.queuePolicy](), regulator, pool, characteristics, runner, clock: deps.clock, signal,
    options: {
      bypassMs: cfg.bypassMs, bypassMaxLoad: cfg.bypassMaxLoad, dispatchSafetyMs: cfg.dispatchSafetyMs,
      defaultColdStartMs: cfg.defaultColdStartMs,
    },
  });
  running = () => invoker.runningNow();

  return {
    id: cfg.id,
    backend: deps.backend,
    invoke: (invocation) => invoker.invoke(invocation),
    prewarm: (action, count) => pool.prewarm(action, count),
    status() {
      const s = invoker.status();
      return {
        ...s, workerId: cfg.id, backend: deps.backend.name, pool: pool.status(),
        load: (s.running + s.queueLength) / (s.limit > 0 ? s.limit : fixedLimit),
      };
    },
    characteristics: () => characteristics.snapshot(),
    async start() {
      const removed = await deps.backend.removeOrphans();
      if (removed > 0) log.info({ tid: 'startup', removed }, 'removed containers left by an earlier run');
      pool.startEvictionLoop();
      regulator.start();
    },
    async close() {
      // Every accepted activation ends with a record: those running or queued get shutdownGraceMs to finish; then
      // the containers go (a run cut short is recorded as failed) and what is still queued is admitted into the
      // closed pool (recorded as "the worker is shutting down"). Wall-clock bounds: shutdown is real time even
      // when a test drives the worker on a virtual clock.
      await settledWithin(invoker.whenIdle(), cfg.shutdownGraceMs);
      regulator.close();
      invoker.close();
      await pool.close();
      invoker.admitAllQueued();
      await settledWithin(invoker.whenIdle(), SHUTDOWN_SETTLE_MS);
      await deps.backend.close();
    },
  };
}
