/** The in-process WorkerClient: standalone mode's direct call into a Worker in the same process (no hop). */
import type { ActivationRecord } from '../../common/types/entities.js';
import type { Invocation, RunnableAction } from '../../worker/invocation/invocation.js';
import type { FunctionStats } from '../../worker/characteristics/function-characteristics.js';
import type { Worker, WorkerStatus } from '../../worker/worker.js';
import type { WorkerClient } from './worker-client.js';

export class InProcessWorkerClient implements WorkerClient {
  constructor(private readonly worker: Worker) {}

  get workerId(): string {
    return this.worker.id;
  }

  invoke(invocation: Invocation): Promise<ActivationRecord> {
    return this.worker.invoke(invocation);
  }

  prewarm(action: RunnableAction, count: number): Promise<number> {
    return this.worker.prewarm(action, count);
  }

  async status(): Promise<WorkerStatus> {
    return this.worker.status();
  }

  async characteristics(): Promise<Record<string, FunctionStats>> {
    return this.worker.characteristics();
  }

  async health(): Promise<boolean> {
    return true;
  }
}
