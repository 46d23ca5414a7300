/**
 * LoadTarget: what the load generator drives. Two implementations: HTTP against any OpenWhisk-API endpoint
 * (http-target.ts) and a worker in this process on the simulation backend (in-process-target.ts), which runs the
 * same worker code without HTTP and can use a virtual clock. Loops and samplers read time only through `clock`.
 */
import type { Clock } from '../../common/clock.js';
import type { JsonObject } from '../../common/types/entities.js';
import type { FunctionMeta } from '../trace/trace-files.js';

/** One invocation's outcome. Times are epoch ms on the target's clock; worker times may be missing on errors. */
export interface InvokeOutcome {
  sentAt: number;
  receivedAt: number;
  /** Activation start (a cold start's container acquisition; otherwise the run) as the worker recorded it. */
  startAt?: number;
  endAt?: number;
  /** Time between the platform receiving the request and `startAt` (the `waitTime` annotation). */
  waitMs?: number;
  /** Creation + init on a cold start (the `initTime` annotation). */
  initMs?: number;
  cold: boolean;
  worker: string;
  /** Empty when the activation succeeded; else a short kind (`application error`, `http 503`, …). */
  error: string;
}

export interface TargetStatus {
  running: number;
  queued: number;
  /** Sum of the workers' concurrency limits (0 = unlimited or unknown). */
  limit: number;
  workers: string[];
}

export interface LoadTarget {
  readonly name: string;
  readonly clock: Clock;
  /** Creates (or overwrites) the functions, carrying their expected times for the simulation backend. */
  deploy(functions: readonly FunctionMeta[]): Promise<void>;
  /** Starts `count` containers of the function ahead of time; resolves with how many became ready. */
  prewarm(fn: string, count: number): Promise<number>;
  /** Invokes and waits for the result (blocking). Never rejects: failures come back in `error`. */
  invoke(fn: string, params: JsonObject): Promise<InvokeOutcome>;
  status(): Promise<TargetStatus>;
  /**
   * Runs `work` to completion. On a virtual clock this is what moves time (jumping from timer to timer); on the
   * wall clock it only awaits. Everything that sleeps on `clock` must happen inside it.
   */
  drive<T>(work: Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The per-invocation parameter the simulation backend and the busy-wait action both read. */
export function invokeParams(fn: FunctionMeta): JsonObject {
  return { warm_dur_ms: Math.round(fn.warmMs * 1000) / 1000 };
}
