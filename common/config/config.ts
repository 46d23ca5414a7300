/** The validated, frozen config object every component receives. Mirrors schema.ts. */
import type { BACKENDS, EVICTION_POLICIES, QUEUE_POLICIES, STORES } from './schema.js';

export interface LimitRange {
  min: number;
  max: number;
  std: number;
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
  limits: {
    timeoutMs: LimitRange;
    memoryMb: LimitRange;
    logsMb: LimitRange;
    concurrency: LimitRange;
    payloadMaxBytes: number;
    codeMaxBytes: number;
    blockingWaitMs: number;
    listMax: number;
    listDefault: number;
    prewarmMax: number;
  };
  activations: { flushIntervalMs: number; batchSize: number };
  worker: {
    id: string;
    memoryMb: number;
    concurrencyLimit: number;
    queuePolicy: (typeof QUEUE_POLICIES)[number];
    evictionPolicy: (typeof EVICTION_POLICIES)[number];
    idleTtlMs: number;
    evictionIntervalMs: number;
    freeBufferMb: number;
    logCollectTimeoutMs: number;
    characteristicsAlpha: number;
    simulation: { coldMs: number; warmMs: number; agentOverheadMs: number };
  };
}
