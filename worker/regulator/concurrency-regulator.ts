/**
 * ConcurrencyRegulator: caps how many invocations run at once; the queue holds the rest (Ilúvatar §4.1).
 * `tryAcquire` never waits: the dispatcher retries when something is released or the limit changes.
 */
export interface ConcurrencyRegulator {
  tryAcquire(): boolean;
  release(): void;
  /** Current limit (0 = unlimited). */
  limit(): number;
  running(): number;
  /** Called when the limit grows or a slot frees, so the dispatcher can try again. */
  onChange(listener: () => void): void;
}
