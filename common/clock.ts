/**
 * Time, injected. Worker and balancer code reads time and sleeps only through a Clock, so tests and simulations
 * can run on virtual time (Ilúvatar's clock.rs). `now()` is epoch milliseconds (fractional allowed).
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  setTimer(ms: number, fn: () => void): Timer;
}

export const realClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};

/**
 * A virtual clock: time moves only when `advance` or `runUntilIdle` is called. Timers fire in time order.
 * Used by unit tests and by long simulations ("timeskip").
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: { at: number; seq: number; fn: () => void; cancelled: boolean }[] = [];

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(ms, resolve));
  }

  setTimer(ms: number, fn: () => void): Timer {
    const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return { cancel: () => { timer.cancelled = true; } };
  }

  /** Moves time forward by `ms`, firing due timers in order and letting promise callbacks run between them. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.timers.find((t) => !t.cancelled && t.at <= target);
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due && !t.cancelled);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Jumps from timer to timer until none is pending (bounded, so a periodic loop cannot spin forever). */
  async runUntilIdle(maxSteps = 100_000): Promise<void> {
    for (let i = 0; i < maxSteps; i++) {
      await flushMicrotasks();
      const due = this.timers.find((t) => !t.cancelled);
      if (!due) return;
      await this.advance(due.at - this.current);
    }
  }

  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}
