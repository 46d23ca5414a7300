/**
 * createWorker: the worker's composition root. Wires the characteristics tracker, queue policy, concurrency
 * regulator, warm pool (with its keep-alive policy) and activation runner around one container backend.
 * `start()` removes orphans of an earlier run and starts background eviction; `close()` destroys every container.
 */
import { cpus } from 'node:os';
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
import { queuePolicies } from './queue/index.js';
import { FixedRegulator } from './regulator/fixed.js';

export interface WorkerStatus extends InvokerStatus {
  workerId: string;
  backend: string;
  pool: PoolStatus;
  /** (running + queued) ÷ limit: the load the balancer sees (worker-design.md §11). */
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
}

export interface WorkerSettings {
  worker: Config['worker'];
  payloadMaxBytes: number;
  apiHost: string;
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
      workerId: cfg.id, memoryMb: cfg.memoryMb, freeBufferMb: cfg.freeBufferMb, evictionIntervalMs: cfg.evictionIntervalMs,
      logCollectTimeoutMs: cfg.logCollectTimeoutMs, apiHost: settings.apiHost,
    },
    log,
  );
  const limit = cfg.concurrencyLimit > 0 ? cfg.concurrencyLimit : 2 * cpus().length;
  const runner = new ActivationRunner(pool, characteristics, deps.sink, deps.clock, {
    payloadMaxBytes: settings.payloadMaxBytes, logCollectTimeoutMs: cfg.logCollectTimeoutMs,
  }, log);
  const invoker = new Invoker(queuePolicies[cfg.queuePolicy](), new FixedRegulator(limit), pool, characteristics, runner, deps.clock);

  return {
    id: cfg.id,
    backend: deps.backend,
    invoke: (invocation) => invoker.invoke(invocation),
    prewarm: (action, count) => pool.prewarm(action, count),
    status() {
      const s = invoker.status();
      return {
        ...s, workerId: cfg.id, backend: deps.backend.name, pool: pool.status(),
        load: s.limit > 0 ? (s.running + s.queueLength) / s.limit : 0,
      };
    },
    characteristics: () => characteristics.snapshot(),
    async start() {
      const removed = await deps.backend.removeOrphans();
      if (removed > 0) log.info({ tid: 'startup', removed }, 'removed containers left by an earlier run');
      pool.startEvictionLoop();
    },
    async close() {
      await pool.close();
      await deps.backend.close();
    },
  };
}
