/**
 * ConcurrencyRegulator: caps how many invocations run at once; the queue holds the rest (Ilúvatar §4.1).
 * `tryAcquire` never waits: the dispatcher retries when something is released or the limit changes.
 * Single-threaded: only the invoker calls it. `start()` and `close()` run once, at worker start-up and shutdown.
 */
export interface ConcurrencyRegulator {
  readonly name: string;
  tryAcquire(): boolean;
  release(): void;
  /** Current limit (0 = unlimited). Lowering it never stops running work: slots are just not handed out again. */
  limit(): number;
  /** Slots held now (bypassed invocations hold none). */
  running(): number;
  /** Called when a slot frees or the limit grows, so the dispatcher can try again. One listener. */
  onChange(listener: () => void): void;
  /** Starts any periodic adjustment (through the injected Clock). */
  start(): void;
  /** Stops it. */
  close(): void;
}
