/**
 * RARE: the most unexpected function first (Ilúvatar §4.2, worker-design.md §4). Key = −(mean inter-arrival time):
 * the function with the highest IAT, i.e. the least frequent, runs first; a function with no IAT sample yet
 * (Infinity: seen at most once) counts as infinitely rare and goes to the front.
 *
 * Worked example: `hot` (mean IAT 10 ms, key −10), `daily` (mean IAT 86 400 000 ms, key −86 400 000) and `first`
 * (no IAT, key −Infinity) queued in that order → pops first, daily, hot. Equal keys pop in arrival order.
 *
 * Known caveats: a frequent function starves while rarer ones keep arriving. Paper ≠ code: Ilúvatar's `minheap_iat`
 * runs the lowest IAT first; we follow the paper (a `frequent` policy would be the code's variant).
 */
import { KeyedHeapQueue } from './keyed-heap.js';
import type { QueueItem, QueuePolicy } from './queue-policy.js';

export function createRareQueue<T extends QueueItem>(): QueuePolicy<T> {
  return new KeyedHeapQueue<T>('rare', (item) => -item.iatMs);
}
