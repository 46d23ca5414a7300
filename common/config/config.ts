/** The validated, frozen config object every component receives. Mirrors schema.ts. */
import type { BACKENDS, CONGESTION_SIGNALS, EVICTION_POLICIES, QUEUE_POLICIES, REGULATORS, STORES } from './schema.js';

export interface LimitRange {
  min: number;
  max: number;
  std: number;
}

export interface AimdConfig {
  minLimit: number;
  maxLimit: number;
  periodMs: number;
  maxLoad: number;
  signal: (typeof CONGESTION_SIGNALS)[number];
}

export interface Config {
  host: string;
  port: number;
  apiHost: string;
  logLevel: string;
  store: (typeof STORES)[number];
  dataDir: string;
  backend: (typeof BACKENDS)[number];
  runtimesFile: string;
  seedSubjects: boolean;
  seedCatalog: boolean;
  limits: {
    timeoutMs: LimitRange;
    memoryMb: LimitRange;
    logsMb: LimitRange;
    concurrency: LimitRange;
    payloadMaxBytes: number;
    codeMaxBytes: number;
    parametersMaxBytes: number;
    entityBodyMaxBytes: number;
    blockingWaitMs: number;
    listMax: number;
    listDefault: number;
    prewarmMax: number;
    invocationsPerMinute: number;
    concurrentInvocations: number;
    firesPerMinute: number;
  };
  activations: {
    flushIntervalMs: number;
    batchSize: number;
    stream: { ringSize: number; resumeWindowMs: number; heartbeatMs: number; maxBufferedBytes: number };
  };
  worker: {
    id: string;
    memoryMb: number;
    concurrencyLimit: number;
    queuePolicy: (typeof QUEUE_POLICIES)[number];
    regulator: (typeof REGULATORS)[number];
    aimd: AimdConfig;
    bypassMs: number;
    bypassMaxLoad: number;
    shutdownGraceMs: number;
    dispatchSafetyMs: number;
    defaultColdStartMs: number;
    evictionPolicy: (typeof EVICTION_POLICIES)[number];
    idleTtlMs: number;
    evictionIntervalMs: number;
    freeBufferMb: number;
    reclaimBatchMb: number;
    logCollectTimeoutMs: number;
    characteristicsAlpha: number;
    docker: { network: string; pullTimeoutMs: number; startTimeoutMs: number };
    simulation: { coldMs: number; warmMs: number; agentOverheadMs: number; cores: number };
  };
}
