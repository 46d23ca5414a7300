/**
 * WorkerClient: how the gateway (or the balancer) reaches a worker, in-process or over HTTP
 * (Ilúvatar's WorkerAPI). Standalone uses in-process.ts; the HTTP client comes with remote workers.
 *
 * Contract: `invoke` resolves with the finished activation record once the worker has run it (the worker has
 * already handed the record to its sink); it rejects only when the worker cannot be reached.
 */
import type { ActivationRecord } from '../../common/types/entities.js';
import type { RunnableAction, Invocation } from '../../worker/invocation/invocation.js';
import type { FunctionStats } from '../../worker/characteristics/function-characteristics.js';
import type { WorkerStatus } from '../../worker/worker.js';

export interface WorkerClient {
  readonly workerId: string;
  invoke(invocation: Invocation): Promise<ActivationRecord>;
  /** Starts `count` containers of the action ahead of invocations; resolves with how many became ready. */
  prewarm(action: RunnableAction, count: number): Promise<number>;
  status(): Promise<WorkerStatus>;
  /** Per-function characteristics, keyed by function key (worker-design.md §2). */
  characteristics(): Promise<Record<string, FunctionStats>>;
  health(): Promise<boolean>;
}
