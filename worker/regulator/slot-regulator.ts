/**
 * The slot counting every regulator shares: invocations take a slot while the running count is under `limit()`
 * (0 = unlimited) and give it back when they end, waking the dispatcher. Subclasses only decide the limit.
 */
import type { ConcurrencyRegulator } from './concurrency-regulator.js';

export abstract class SlotRegulator implements ConcurrencyRegulator {
  abstract readonly name: string;
  private inUse = 0;
  private listener: (() => void) | undefined;

  abstract limit(): number;
  abstract start(): void;
  abstract close(): void;

  tryAcquire(): boolean {
    const max = this.limit();
    if (max > 0 && this.inUse >= max) return false;
    this.inUse++;
    return true;
  }

  release(): void {
    if (this.inUse > 0) this.inUse--;
    this.wake();
  }

  running(): number {
    return this.inUse;
  }

  onChange(listener: () => void): void {
    this.listener = listener;
  }

  /** Lets the dispatcher try again (a slot freed or the limit grew). */
  protected wake(): void {
    this.listener?.();
  }
}
