import { VirtualClock } from '../../common/clock.js';
import { AimdRegulator, aimdStep, type AimdOptions } from './aimd.js';
import type { CongestionSignal } from './congestion-signal.js';

const OPTS: AimdOptions = { minLimit: 4, maxLimit: 16, periodMs: 1_000, maxLoad: 1 };

/** A synthetic signal whose value the test sets. */
function syntheticSignal(initial = 0) {
  let value = initial;
  const signal: CongestionSignal = { name: 'synthetic', read: () => value };
  return { signal, set: (v: number) => { value = v; } };
}

function setup(options: Partial<AimdOptions> = {}, initialSignal = 0) {
  const clock = new VirtualClock();
  const s = syntheticSignal(initialSignal);
  const r = new AimdRegulator({ ...OPTS, ...options }, s.signal, clock);
  /** Advances n periods and returns the limit after each. */
  const periods = async (n: number) => {
    const limits: number[] = [];
    for (let i = 0; i < n; i++) {
      await clock.advance(OPTS.periodMs);
      limits.push(r.limit());
    }
    return limits;
  };
  return { clock, r, set: s.set, periods };
}

describe('aimdStep', () => {
  it.each([
    { limit: 4, signal: 0.5, expected: 5, why: 'calm: +1' },
    { limit: 15, signal: 1, expected: 16, why: 'exactly maxLoad is not congestion' },
    { limit: 16, signal: 0, expected: 16, why: 'calm at the ceiling: stays' },
    { limit: 10, signal: 1.3, expected: 7, why: '10 − ⌈6 ÷ 2⌉' },
    { limit: 7, signal: 1.2, expected: 5, why: '7 − ⌈3 ÷ 2⌉' },
    { limit: 5, signal: 2, expected: 4, why: '5 − ⌈1 ÷ 2⌉' },
    { limit: 4, signal: 9, expected: 4, why: 'never below the floor' },
    { limit: 16, signal: 1.01, expected: 10, why: '16 − ⌈12 ÷ 2⌉' },
  ])('limit $limit, signal $signal → $expected ($why)', ({ limit, signal, expected }) => {
    expect(aimdStep(limit, signal, OPTS)).toBe(expected);
  });
});

describe('AimdRegulator', () => {
  it('starts at minLimit and does nothing before start()', async () => {
    const { r, periods } = setup();
    expect(r.limit()).toBe(4);
    expect(await periods(3)).toEqual([4, 4, 4]);
  });

  it('grows by one per period under a low signal, up to maxLimit and no further', async () => {
    const { r, periods } = setup({ minLimit: 2, maxLimit: 6 }, 0.2);
    r.start();
    expect(await periods(7)).toEqual([3, 4, 5, 6, 6, 6, 6]);
  });

  it('backs off multiplicatively on a high signal, never below minLimit (the header example)', async () => {
    const { r, set, periods } = setup({}, 0.1);
    r.start();
    expect(await periods(6)).toEqual([5, 6, 7, 8, 9, 10]);
    set(1.3);
    expect(await periods(4)).toEqual([7, 5, 4, 4]);
    set(0.5);
    expect(await periods(2)).toEqual([5, 6]);
  });

  it.each([
    { signals: [0, 0, 0, 5, 0, 5, 5, 0], expected: [5, 6, 7, 5, 6, 5, 4, 5] },
    { signals: [5, 5, 0, 0], expected: [4, 4, 5, 6] },
  ])('follows the signal sequence $signals', async ({ signals, expected }) => {
    const { r, set, periods } = setup();
    r.start();
    const limits: number[] = [];
    for (const s of signals) {
      set(s);
      limits.push(...(await periods(1)));
    }
    expect(limits).toEqual(expected);
  });

  it('enforces the current limit, and lowering it never stops running work', async () => {
    const { r, set, periods } = setup({ minLimit: 1, maxLimit: 8 });
    r.start();
    await periods(5); // limit 6
    for (let i = 0; i < 6; i++) expect(r.tryAcquire()).toBe(true);
    expect(r.tryAcquire()).toBe(false);
    set(2);
    expect(await periods(1)).toEqual([3]);
    expect(r.running()).toBe(6); // nothing was taken back
    r.release();
    r.release();
    r.release();
    expect(r.tryAcquire()).toBe(false); // 3 running, limit 3
    r.release();
    expect(r.tryAcquire()).toBe(true);
  });

  it('notifies the listener when the limit grows (the dispatcher can admit more) and on release', async () => {
    const { r, set, periods } = setup();
    const listener = jest.fn();
    r.onChange(listener);
    r.start();
    await periods(2);
    expect(listener).toHaveBeenCalledTimes(2);
    set(3);
    await periods(1); // shrinking: no wake-up needed
    expect(listener).toHaveBeenCalledTimes(2);
    r.tryAcquire();
    r.release();
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('stops adjusting after close()', async () => {
    const { r, clock, periods } = setup();
    r.start();
    await periods(2);
    r.close();
    expect(clock.pendingTimers()).toBe(0);
    expect(await periods(3)).toEqual([6, 6, 6]);
  });

  it.each([
    { minLimit: 0, maxLimit: 4 },
    { minLimit: 5, maxLimit: 4 },
  ])('refuses minLimit $minLimit, maxLimit $maxLimit', ({ minLimit, maxLimit }) => {
    expect(() => new AimdRegulator({ ...OPTS, minLimit, maxLimit }, syntheticSignal().signal, new VirtualClock())).toThrow(RangeError);
  });
});
