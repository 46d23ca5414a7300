/**
 * SJF: shortest job first (Ilúvatar §4.2, worker-design.md §4). Key = E(f), the expected execution time computed
 * at insertion (warm time when an idle warm container exists, else prewarm, else cold; 0 for an unseen function).
 *
 * Worked example: queued at t=0 `big` (E=900), at t=1 `tiny` (E=5), at t=2 `cold` (E=400, no idle container),
 * at t=3 `new` (unseen, E=0) → pops new, tiny, cold, big. Equal keys pop in arrival order.
 *
 * Known caveats: best mean latency, but a large function starves while smaller ones keep arriving (use EEDF for
 * bounded waiting). The key is fixed at insertion: a container freed later does not lower a queued cold estimate.
 */
import { KeyedHeapQueue } from './keyed-heap.js';
import type { QueueItem, QueuePolicy } from './queue-policy.js';

export function createSjfQueue<T extends QueueItem>(): QueuePolicy<T> {
  return new KeyedHeapQueue<T>('sjf', (item) => item.expectedMs);
}
