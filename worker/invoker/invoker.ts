/**
 * The worker's invoke path (Ilúvatar §4, worker-design.md §1, §4, §6): ingest → record arrival → bypass? → queue →
 * regulator admits → run the activation (invoker/run-activation.ts) → release the slot → dispatch the next.
 *
 * The dispatcher (worker-design.md §4):
 *   1. wakes on an enqueue, a finish (the regulator's release), a limit increase (the regulator's onChange) and,
 *      while anything is queued, a safety timer every dispatchSafetyMs (through the Clock);
 *   2. admits the queue's head while the regulator grants slots — strict head-of-line order, never backfilling a
 *      smaller item, so the policy's order is what runs;
 *   3. when an admitted cold start finds no memory (even after on-demand eviction), the invocation gives its slot
 *      back, goes back in the queue with the same key and place, and the dispatcher admits nothing until an
 *      invocation finishes (a container came back: it can be reused or evicted) or the safety timer fires.
 * With an empty queue and a free slot an invocation is admitted at once without touching the heap (same order).
 *
 * Known caveats: items admitted in the same round as a head that then finds no memory still run (the dispatcher
 * does not wait for a start's outcome, as in the design); a re-queued invocation waits with no deadline, like any
 * queued one. Bypassed invocations hold no slot, so `running` may exceed `limit`.
 */
import type { Clock, Timer } from '../../common/clock.js';
import type { ActivationRecord } from '../../common/types/entities.js';
import { expectedExecutionMs } from '../characteristics/expected-time.js';
import type { FunctionCharacteristics } from '../characteristics/function-characteristics.js';
import type { Invocation } from '../invocation/invocation.js';
import type { ContainerPool } from '../pool/container-pool.js';
import type { QueueItem, QueuePolicy } from '../queue/queue-policy.js';
import { estimateWaitMs } from '../queue/wait-estimate.js';
import type { ConcurrencyRegulator } from '../regulator/concurrency-regulator.js';
import type { CongestionSignal } from '../regulator/congestion-signal.js';
import { shouldBypass } from './bypass.js';
import { NO_MEMORY, type ActivationRunner } from './run-activation.js';

export interface QueuedInvocation extends QueueItem {
  admit: () => void;
}

export interface InvokerStatus {
  queueLength: number;
  /** Invocations running now: those the regulator admitted plus bypassed ones. */
  running: number;
  /** The regulator's current limit (0 = unlimited). */
  limit: number;
  /** Sum of E(f) over the queued invocations, ms. */
  queuedWorkMs: number;
  /** queuedWorkMs ÷ min(limit, queue length), or 0 when free slots cover the queue (queue/wait-estimate.ts). */
  estimatedWaitMs: number;
  /** Invocations that bypassed queue and regulator since start. */
  bypassed: number;
  /** Cold starts put back in the queue for lack of memory since start. */
  memoryRequeues: number;
}

export interface InvokerOptions {
  bypassMs: number;
  bypassMaxLoad: number;
  dispatchSafetyMs: number;
  defaultColdStartMs: number;
}

export interface InvokerParts {
  queue: QueuePolicy<QueuedInvocation>;
  regulator: ConcurrencyRegulator;
  pool: ContainerPool;
  characteristics: FunctionCharacteristics;
  runner: ActivationRunner;
  clock: Clock;
  signal: CongestionSignal;
  options: InvokerOptions;
}

export class Invoker {
  /** Invocations accepted by invoke() and not yet ended (queued, running or bypassed). */
  private accepted = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private running = 0;
  private bypassed = 0;
  private memoryRequeues = 0;
  private blockedOnMemory = false;
  private safetyTimer: Timer | undefined;
  private readonly queue: QueuePolicy<QueuedInvocation>;
  private readonly regulator: ConcurrencyRegulator;

  constructor(private readonly parts: InvokerParts) {
    this.queue = parts.queue;
    this.regulator = parts.regulator;
    this.regulator.onChange(() => this.dispatch());
  }

  /** Runs the invocation to completion. Never rejects: every failure is a recorded activation. */
  async invoke(inv: Invocation): Promise<ActivationRecord> {
    this.accepted++;
    try {
      return await this.runToEnd(inv);
    } finally {
      if (--this.accepted === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Resolves once no accepted invocation is queued or running (at once when none is). */
  whenIdle(): Promise<void> {
    return this.accepted === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Shutdown: admits every queued invocation at once, regulator or not. Called after the pool closed, so each gets
   * a record saying the worker is shutting down instead of waiting in the queue forever.
   */
  admitAllQueued(): void {
    this.cancelSafetyTimer();
    for (let item = this.queue.pop(); item; item = this.queue.pop()) {
      this.regulator.tryAcquire();
      this.running++;
      item.admit();
    }
  }

  private async runToEnd(inv: Invocation): Promise<ActivationRecord> {
    const { characteristics, clock, runner } = this.parts;
    const key = inv.action.functionKey;
    const arrivedAt = clock.now();
    characteristics.recordArrival(key, arrivedAt);
    if (inv.action.expected) characteristics.seed(key, inv.action.expected);
    // No await before this point: a bypass takes the warm container it saw in this same tick.
    if (this.bypassNow(key)) return this.runBypassed(inv, arrivedAt);

    let item: QueuedInvocation | undefined;
    if (this.queue.size() === 0 && !this.blockedOnMemory && this.regulator.tryAcquire()) {
      this.running++;
    } else {
      item = this.newItem(key, arrivedAt);
      await this.enqueue(item);
    }
    for (;;) {
      let outcome: ActivationRecord | typeof NO_MEMORY;
      try {
        outcome = await runner.run(inv, clock.now() - arrivedAt, { requeueOnNoMemory: true });
      } catch (err) {
        this.finish(true);
        throw err;
      }
      if (outcome !== NO_MEMORY) {
        this.finish(true);
        return outcome;
      }
      // Re-queue before giving the slot back, so the release's dispatch cannot overtake it.
      this.memoryRequeues++;
      this.blockedOnMemory = true;
      item ??= this.newItem(key, arrivedAt);
      const readmitted = this.enqueue(item);
      this.finish(false);
      await readmitted;
    }
  }

  status(): InvokerStatus {
    const limit = this.regulator.limit();
    const queueLength = this.queue.size();
    const queuedWorkMs = this.queue.queuedWorkMs();
    return {
      queueLength,
      running: this.running,
      limit,
      queuedWorkMs,
      estimatedWaitMs: estimateWaitMs({ queuedWorkMs, queueLength, limit, freeSlots: limit - this.regulator.running() }),
      bypassed: this.bypassed,
      memoryRequeues: this.memoryRequeues,
    };
  }

  /** Invocations running now (for the congestion signal). */
  runningNow(): number {
    return this.running;
  }

  /** Stops the safety timer (worker shutdown). */
  close(): void {
    this.cancelSafetyTimer();
  }

  private bypassNow(functionKey: string): boolean {
    const { options, characteristics, pool, signal } = this.parts;
    if (options.bypassMs <= 0) return false;
    return shouldBypass({
      stats: characteristics.get(functionKey), idle: pool.idleState(functionKey), signal: () => signal.read(),
      bypassMs: options.bypassMs, bypassMaxLoad: options.bypassMaxLoad,
    });
  }

  private async runBypassed(inv: Invocation, arrivedAt: number): Promise<ActivationRecord> {
    this.running++;
    this.bypassed++;
    this.parts.characteristics.count(inv.action.functionKey, 'bypassed');
    try {
      return await this.parts.runner.run(inv, this.parts.clock.now() - arrivedAt);
    } finally {
      this.running--;
      this.blockedOnMemory = false; // its container came back
      this.dispatch();
    }
  }

  private newItem(functionKey: string, arrivedAt: number): QueuedInvocation {
    const { characteristics, pool, options } = this.parts;
    const stats = characteristics.get(functionKey);
    return {
      functionKey,
      arrivedAt,
      expectedMs: expectedExecutionMs(stats, pool.idleState(functionKey), options.defaultColdStartMs),
      iatMs: stats && stats.iatMs.samples > 0 ? stats.iatMs.avg : Infinity,
      admit: () => {},
    };
  }

  /** Queues the item (synchronously) and resolves once the dispatcher admits it (slot taken, counted running). */
  private enqueue(item: QueuedInvocation): Promise<void> {
    const admitted = new Promise<void>((admit) => {
      item.admit = admit;
      this.queue.push(item);
    });
    this.armSafetyTimer();
    this.dispatch();
    return admitted;
  }

  /** A regulated invocation ended: free its slot (which wakes the dispatcher through onChange). */
  private finish(unblock: boolean): void {
    this.running--;
    if (unblock) this.blockedOnMemory = false;
    this.regulator.release();
  }

  private dispatch(): void {
    if (this.blockedOnMemory) return;
    while (this.queue.size() > 0 && this.regulator.tryAcquire()) {
      const item = this.queue.pop()!;
      this.running++;
      item.admit();
    }
    if (this.queue.size() === 0) this.cancelSafetyTimer();
  }

  private cancelSafetyTimer(): void {
    this.safetyTimer?.cancel();
    this.safetyTimer = undefined;
  }

  private armSafetyTimer(): void {
    if (this.safetyTimer) return;
    this.safetyTimer = this.parts.clock.setTimer(this.parts.options.dispatchSafetyMs, () => {
      this.safetyTimer = undefined;
      this.blockedOnMemory = false;
      this.dispatch();
      if (this.queue.size() > 0) this.armSafetyTimer();
    });
  }
}
