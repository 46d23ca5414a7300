/** Fixed concurrency limit: a counter of free slots (worker-design.md §5). limit 0 means unlimited. */
import type { ConcurrencyRegulator } from './concurrency-regulator.js';

export class FixedRegulator implements ConcurrencyRegulator {
  readonly name = 'fixed';
  private inUse = 0;
  private listener: (() => void) | undefined;

  constructor(private readonly max: number) {}

  tryAcquire(): boolean {
    if (this.max > 0 && this.inUse >= this.max) return false;
    this.inUse++;
    return true;
  }

  release(): void {
    if (this.inUse > 0) this.inUse--;
    this.listener?.();
  }

  limit(): number {
    return this.max;
  }

  running(): number {
    return this.inUse;
  }

  onChange(listener: () => void): void {
    this.listener = listener;
  }

  start(): void {}

  close(): void {}
}
