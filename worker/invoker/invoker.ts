/**
 * The worker's invoke path (Ilúvatar §4, worker-design.md §1): ingest → record arrival → queue → regulator admits →
 * run the activation (invoker/run-activation.ts) → release the slot → dispatch the next.
 *
 * The dispatcher keeps strict head-of-line order: it admits the queue's head while the regulator grants slots and
 * never backfills smaller items, so the policy's order is what runs. With an empty queue and a free slot an
 * invocation is admitted at once without touching the heap (same order, less work).
 */
import type { Clock } from '../../common/clock.js';
import type { ActivationRecord } from '../../common/types/entities.js';
import type { FunctionCharacteristics } from '../characteristics/function-characteristics.js';
import type { Invocation } from '../invocation/invocation.js';
import type { ContainerPool } from '../pool/container-pool.js';
import type { QueueItem, QueuePolicy } from '../queue/queue-policy.js';
import type { ConcurrencyRegulator } from '../regulator/concurrency-regulator.js';
import type { ActivationRunner } from './run-activation.js';

interface QueuedInvocation extends QueueItem {
  admit: () => void;
}

export interface InvokerStatus {
  queueLength: number;
  running: number;
  limit: number;
  queuedWorkMs: number;
}

export class Invoker {
  private running = 0;

  constructor(
    private readonly queue: QueuePolicy<QueuedInvocation>,
    private readonly regulator: ConcurrencyRegulator,
    private readonly pool: ContainerPool,
    private readonly characteristics: FunctionCharacteristics,
    private readonly runner: ActivationRunner,
    private readonly clock: Clock,
  ) {
    regulator.onChange(() => this.dispatch());
  }

  /** Runs the invocation to completion. Never rejects: every failure is a recorded activation. */
  async invoke(inv: Invocation): Promise<ActivationRecord> {
    const key = inv.action.functionKey;
    const arrivedAt = this.clock.now();
    this.characteristics.recordArrival(key, arrivedAt);
    if (inv.action.expected) this.characteristics.seed(key, inv.action.expected);
    if (this.queue.size() > 0 || !this.regulator.tryAcquire()) {
      await new Promise<void>((admit) => {
        this.queue.push({ functionKey: key, arrivedAt, expectedMs: this.expectedMs(key), iatMs: this.iatMs(key), admit });
      });
    }
    this.running++;
    try {
      return await this.runner.run(inv, this.clock.now() - arrivedAt);
    } finally {
      this.running--;
      this.regulator.release();
    }
  }

  status(): InvokerStatus {
    return {
      queueLength: this.queue.size(),
      running: this.running,
      limit: this.regulator.limit(),
      queuedWorkMs: this.queue.queuedWorkMs(),
    };
  }

  private dispatch(): void {
    while (this.queue.size() > 0) {
      if (!this.regulator.tryAcquire()) return;
      this.queue.pop()!.admit();
    }
  }

  /** E(f): warm time when a warm container is free, else the cold time (worker-design.md §3); 0 when unseen. */
  private expectedMs(functionKey: string): number {
    const s = this.characteristics.get(functionKey);
    if (!s) return 0;
    if (this.pool.hasWarm(functionKey)) return s.warmMs.avg;
    return s.coldMs.samples > 0 ? s.coldMs.avg : s.initMs.avg + s.warmMs.avg;
  }

  private iatMs(functionKey: string): number {
    const s = this.characteristics.get(functionKey);
    return s && s.iatMs.samples > 0 ? s.iatMs.avg : Infinity;
  }
}
