/**
 * EEDF: earliest effective deadline first, the paper's default (Ilúvatar §4.2, worker-design.md §4).
 * Key = arrival time + E(f), both in ms on the worker's clock: size-aware, yet an old large item eventually beats
 * a new small one, so nothing starves.
 *
 * Worked example: `big` arrives at t=0 with E=900 (key 900); `tiny` arrives at t=10 with E=5 (key 15) and pops
 * first; a `tiny` arriving at t=950 (key 955) pops after `big`: by then `big` has waited long enough.
 *
 * Known caveats: a bursty function that is also tiny gets the cold-start estimate for most of its burst (no idle
 * container), which pushes the burst back: the paper measured EEDF 2× worse than FCFS there (Fig. 9). Paper ≠ code:
 * Ilúvatar's code keys on the blended average execution time; we follow the paper (availability-aware E(f)).
 */
import { KeyedHeapQueue } from './keyed-heap.js';
import type { QueueItem, QueuePolicy } from './queue-policy.js';

export function createEedfQueue<T extends QueueItem>(): QueuePolicy<T> {
  return new KeyedHeapQueue<T>('eedf', (item) => item.arrivedAt + item.expectedMs);
}
