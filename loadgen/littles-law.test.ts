import { agree, expectedConcurrency, predictFromIntervals, prewarmCount, sampledAverage } from './littles-law';

describe("Little's law helpers", () => {
  it.each([
    // rate/s, warm, cold, cap → n
    [10, 100, 600, 50, 6], // ⌈10 × 0.6⌉
    [10, 2000, 600, 50, 20], // the larger of warm and cold
    [0.01, 100, 500, 50, 1], // rare but invoked: one container
    [0, 100, 500, 50, 0], // never invoked: none
    [100, 1000, 2000, 50, 50], // capped
  ])('prewarmCount(%p/s, warm %p, cold %p, cap %p) = %p', (rate, warm, cold, cap, n) => {
    expect(prewarmCount(rate, warm, cold, cap)).toBe(n);
  });

  it('expected concurrency is Σ λ·S', () => {
    expect(expectedConcurrency([{ ratePerSec: 10, serviceMs: 100 }, { ratePerSec: 0.5, serviceMs: 4000 }])).toBeCloseTo(3);
  });

  it('predicts from the window\'s arrivals and measures exactly from overlaps', () => {
    // Window [0, 100): two arrivals of f at 0 and 50, each waiting 10 and running 20; one arrival before the window.
    const intervals = [
      { fn: 'f', arrivalMs: 0, startMs: 10, endMs: 30 },
      { fn: 'f', arrivalMs: 50, startMs: 60, endMs: 80 },
      { fn: 'g', arrivalMs: -20, startMs: -10, endMs: 5 },
    ];
    const p = predictFromIntervals(intervals, 0, 100);
    expect(p.arrivals).toBe(2);
    expect(p.ratePerSec).toBeCloseTo(20);
    expect(p.concurrency).toBeCloseTo(0.4); // 2/100 ms × 20 ms
    expect(p.queue).toBeCloseTo(0.2); // 2/100 ms × 10 ms
    expect(p.concurrencyFromIntervals).toBeCloseTo((20 + 20 + 5) / 100);
    expect(p.queueFromIntervals).toBeCloseTo(0.2);
  });

  it('time-averages a sampled step function over the window', () => {
    const samples = [{ tMs: 0, value: 2 }, { tMs: 10, value: 4 }, { tMs: 30, value: 0 }];
    expect(sampledAverage(samples, 0, 40)).toBeCloseTo((2 * 10 + 4 * 20) / 40);
    expect(sampledAverage(samples, 5, 20)).toBeCloseTo((2 * 5 + 4 * 10) / 15);
  });

  it.each([
    [10, 10.9, true],
    [10, 11.1, false],
    [10, 8.95, false],
    [0.02, 0.06, true], // tiny: the absolute tolerance applies
    [0, 0, true],
  ])('agree(%p, %p) passes: %p', (predicted, measured, pass) => {
    expect(agree(predicted, measured).pass).toBe(pass);
  });
});
