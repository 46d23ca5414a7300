/**
 * `none`: no queue and no regulator, the "processor sharing" baseline of the paper's plots (Ilúvatar §6.2,
 * worker-design.md §4). createWorker pairs it with an unlimited regulator, so every invocation is admitted at once
 * and this queue stays empty. It only ever holds an invocation whose cold start found no memory (re-queued until
 * a container is released), in arrival order.
 *
 * Known caveats: no overcommit control at all: without the queue the paper saw more than 3× the cold starts (a
 * burst creates one container per invocation). Load reports divide by the nominal limit (worker.ts).
 */
import { KeyedHeapQueue } from './keyed-heap.js';
import type { QueueItem, QueuePolicy } from './queue-policy.js';

export function createNoQueue<T extends QueueItem>(): QueuePolicy<T> {
  return new KeyedHeapQueue<T>('none', (item) => item.arrivedAt);
}
