/**
 * QueuePolicy: orders queued invocations. No I/O, no timers: the dispatcher (invoker/) owns waking and admission.
 * Each item's key is computed once at insertion; ties go to the earlier arrival (Ilúvatar §4.2,
 * worker-design.md §4). Adding a policy is one file here plus one line in index.ts.
 */
export interface QueueItem {
  functionKey: string;
  /** Arrival at the worker (clock ms). */
  arrivedAt: number;
  /** Expected execution time E(f) at insertion, ms (see worker-design.md §3). */
  expectedMs: number;
  /** Mean inter-arrival time of the function, ms (Infinity when unknown). */
  iatMs: number;
}

export interface QueuePolicy<T extends QueueItem = QueueItem> {
  readonly name: string;
  /**
   * Queues an item. Pushing an item that was queued before (the same object, popped since) puts it back with its
   * original key and tie-break: the dispatcher's re-queue after a cold start found no memory (worker-design.md §4).
   * Single-threaded: called by the invoker only.
   */
  push(item: T): void;
  peek(): T | undefined;
  pop(): T | undefined;
  size(): number;
  /** Sum of expected execution times of what is queued, ms (for wait estimates). */
  queuedWorkMs(): number;
}
