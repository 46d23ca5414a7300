/**
 * AIMD concurrency regulator: a TCP-like dynamic limit (Ilúvatar §4.1, worker-design.md §5). It starts at minLimit;
 * every periodMs it reads the congestion signal s (per core) and
 *   s > maxLoad               → limit ← limit − ⌈(limit − minLimit) ÷ 2⌉   (halve the headroom above the floor)
 *   else if limit < maxLimit  → limit ← limit + 1                          (and wake the dispatcher)
 * Lowering the limit never stops running work: slots are simply not handed out until running drops below it.
 *
 * Worked example (minLimit 4, maxLimit 16, maxLoad 1.0): calm for 6 periods → 5, 6, 7, 8, 9, 10; then s = 1.3 →
 * 10 − ⌈6 ÷ 2⌉ = 7; s = 1.2 again → 7 − ⌈3 ÷ 2⌉ = 5 → 4 → 4 (never below the floor); calm → 5, …
 *
 * Known caveats: with the load-average signal the reaction lags a burst by the kernel's 1-minute window, so the
 * limit overshoots and then oscillates; a faster signal (runningEwma, or stretch) is better. Paper ≠ code: none
 * known; the multiplicative step keeps the floor, as Ilúvatar's does.
 */
import type { Clock, Timer } from '../../common/clock.js';
import type { CongestionSignal } from './congestion-signal.js';
import { SlotRegulator } from './slot-regulator.js';

export interface AimdOptions {
  minLimit: number;
  maxLimit: number;
  periodMs: number;
  maxLoad: number;
}

/** One AIMD step: the new limit given the current one and the signal. Pure, for tables. */
export function aimdStep(limit: number, signal: number, o: Pick<AimdOptions, 'minLimit' | 'maxLimit' | 'maxLoad'>): number {
  if (signal > o.maxLoad) return limit - Math.ceil((limit - o.minLimit) / 2);
  return limit < o.maxLimit ? limit + 1 : limit;
}

export class AimdRegulator extends SlotRegulator {
  readonly name = 'aimd';
  private current: number;
  private timer: Timer | undefined;

  constructor(private readonly options: AimdOptions, private readonly signal: CongestionSignal, private readonly clock: Clock) {
    super();
    if (options.minLimit < 1 || options.maxLimit < options.minLimit) {
      throw new RangeError(`AIMD needs 1 ≤ minLimit ≤ maxLimit (got ${options.minLimit}, ${options.maxLimit})`);
    }
    this.current = options.minLimit;
  }

  limit(): number {
    return this.current;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.adjust();
      this.timer = this.clock.setTimer(this.options.periodMs, tick);
    };
    this.timer = this.clock.setTimer(this.options.periodMs, tick);
  }

  close(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** One period's adjustment (the timer calls it; public so a test or an operator can step it). */
  adjust(): void {
    const before = this.current;
    this.current = aimdStep(before, this.signal.read(), this.options);
    if (this.current > before) this.wake();
  }
}
