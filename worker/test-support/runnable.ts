/**
 * Test builders for the worker: a RunnableAction and an Invocation with sensible defaults, pool options and
 * worker settings. Every default can be overridden; limits merge field by field.
 */
import type { ActionLimits, JsonObject } from '../../common/types/entities.js';
import type { Invocation, RunnableAction } from '../invocation/invocation.js';
import type { PoolOptions } from '../pool/container-pool.js';
import type { WorkerSettings } from '../worker.js';

export const DEFAULT_LIMITS: ActionLimits = { timeout: 60_000, memory: 256, logs: 10, concurrency: 1 };

export type ActionOverrides = Partial<Omit<RunnableAction, 'limits'>> & { limits?: Partial<ActionLimits> };

/** An action `guest/<name>@0.0.1` on the nodejs:20 image, speaking the OpenWhisk protocol. */
export function runnableAction(name = 'hello', overrides: ActionOverrides = {}): RunnableAction {
  const { limits, ...rest } = overrides;
  const version = rest.version ?? '0.0.1';
  return {
    functionKey: `guest/${name}@${version}`,
    namespace: 'guest',
    name,
    path: `guest/${name}`,
    version,
    kind: 'nodejs:20',
    image: 'nodejs',
    protocol: 'openwhisk',
    code: 'function main(params) { return params }',
    binary: false,
    main: 'main',
    initEnv: {},
    ...rest,
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
}

let nextActivation = 0;

/** One invocation of `action`, arriving now (pass the clock's `now()`). Activation ids are unique per process. */
export function invocationOf(
  action: RunnableAction,
  arrivedAt: number,
  params: JsonObject = {},
  overrides: Partial<Invocation> = {},
): Invocation {
  const n = ++nextActivation;
  return {
    activationId: `act${String(n).padStart(29, '0')}`,
    tid: `tid-${n}`,
    action,
    params,
    namespace: 'guest',
    subject: 'guest',
    arrivedAt,
    ...overrides,
  };
}

export function poolOptions(overrides: Partial<PoolOptions> = {}): PoolOptions {
  return {
    workerId: 'w-test',
    memoryMb: 1024,
    freeBufferMb: 0,
    evictionIntervalMs: 500,
    logCollectTimeoutMs: 100,
    apiHost: '',
    ...overrides,
  };
}

export type WorkerOverrides = Partial<Omit<WorkerSettings['worker'], 'simulation' | 'aimd' | 'docker'>> & {
  simulation?: Partial<WorkerSettings['worker']['simulation']>;
  docker?: Partial<WorkerSettings['worker']['docker']>;
  aimd?: Partial<WorkerSettings['worker']['aimd']>;
};

/**
 * Worker settings for tests: FCFS, fixed regulator, LRU, 4 GB, limit 2, no bypass, simulated cold 500 ms and warm
 * 10 ms, no agent overhead.
 */
export function workerSettings(overrides: WorkerOverrides = {}, payloadMaxBytes = 1_048_576): WorkerSettings {
  const { simulation, aimd, docker, ...rest } = overrides;
  return {
    worker: {
      docker: { network: 'bridge', pullTimeoutMs: 120_000, startTimeoutMs: 10_000, ...docker },
      id: 'w-test',
      memoryMb: 4096,
      concurrencyLimit: 2,
      queuePolicy: 'fcfs',
      evictionPolicy: 'lru',
      idleTtlMs: 600_000,
      evictionIntervalMs: 500,
      freeBufferMb: 0,
      reclaimBatchMb: 0,
      logCollectTimeoutMs: 100,
      characteristicsAlpha: 0.2,
      regulator: 'fixed',
      bypassMs: 0,
      bypassMaxLoad: 1,
      dispatchSafetyMs: 500,
      defaultColdStartMs: 500,
      shutdownGraceMs: 0,
      ...rest,
      aimd: { minLimit: 0, maxLimit: 0, periodMs: 1_000, maxLoad: 1, signal: 'runningEwma', ...aimd },
      simulation: { coldMs: 500, warmMs: 10, agentOverheadMs: 0, cores: 0, ...simulation },
    },
    payloadMaxBytes,
    apiHost: '',
  };
}
