/**
 * A binary min-heap ordered by (key, insertion sequence): the one data structure behind every queue policy.
 * Policies differ only in the key they compute at insertion. An item pushed again after a pop (a re-queue after a
 * cold start found no memory) keeps the key and sequence number of its first insertion, so it returns to its place.
 *
 *          [k=1,s=4]            parent i, children 2i+1 and 2i+2;
 *         /         \           equal keys pop in insertion order.
 *   [k=3,s=1]     [k=2,s=7]
 */
import type { QueueItem, QueuePolicy } from './queue-policy.js';

interface Entry<T> { key: number; seq: number; item: T }

export class KeyedHeapQueue<T extends QueueItem> implements QueuePolicy<T> {
  private readonly heap: Entry<T>[] = [];
  /** Key and sequence number of every item ever pushed, for re-queues (weak: popped items can be collected). */
  private readonly placed = new WeakMap<T, { key: number; seq: number }>();
  private seq = 0;
  private work = 0;

  constructor(readonly name: string, private readonly keyOf: (item: T) => number) {}

  push(item: T): void {
    let place = this.placed.get(item);
    if (!place) {
      place = { key: this.keyOf(item), seq: this.seq++ };
      this.placed.set(item, place);
    }
    this.heap.push({ key: place.key, seq: place.seq, item });
    this.work += item.expectedMs;
    this.up(this.heap.length - 1);
  }

  peek(): T | undefined {
    return this.heap[0]?.item;
  }

  pop(): T | undefined {
    const top = this.heap[0];
    if (!top) return undefined;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    // Reset when empty so rounding in the running sum never leaves phantom work behind.
    this.work = this.heap.length === 0 ? 0 : this.work - top.item.expectedMs;
    return top.item;
  }

  size(): number {
    return this.heap.length;
  }

  queuedWorkMs(): number {
    return Math.max(0, this.work);
  }

  private less(a: Entry<T>, b: Entry<T>): boolean {
    return a.key < b.key || (a.key === b.key && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
