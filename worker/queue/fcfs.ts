/** FCFS: first come, first served — key = arrival time. Fair, but small functions wait behind big ones (Fig. 7c). */
import { KeyedHeapQueue } from './keyed-heap.js';
import type { QueueItem, QueuePolicy } from './queue-policy.js';

export function createFcfsQueue<T extends QueueItem>(): QueuePolicy<T> {
  return new KeyedHeapQueue<T>('fcfs', (item) => item.arrivedAt);
}
