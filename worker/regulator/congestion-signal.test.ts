import { createLoadAverageSignal } from './load-average.js';
import { createRunningEwmaSignal } from './running-ewma.js';

describe('loadAverage signal', () => {
  it.each([
    { loadavg: [8, 4, 2], cores: 16, expected: 0.5 },
    { loadavg: [24, 0, 0], cores: 16, expected: 1.5 },
    { loadavg: [3, 9, 9], cores: 0, expected: 3 }, // cores 0 is taken as 1
    { loadavg: [], cores: 4, expected: 0 },
  ])('1-minute load $loadavg ÷ $cores cores → $expected', ({ loadavg, cores, expected }) => {
    const s = createLoadAverageSignal({ cores, loadavg: () => loadavg });
    expect(s.name).toBe('loadAverage');
    expect(s.read()).toBe(expected);
  });
});

describe('runningEwma signal', () => {
  function setup(cores: number, periodMs = 1_000) {
    let now = 0;
    let running = 0;
    const s = createRunningEwmaSignal({ cores, periodMs, running: () => running, now: () => now });
    return { s, at: (t: number) => { now = t; }, run: (n: number) => { running = n; } };
  }

  it('follows the header example: 6 running on 4 cores', () => {
    const { s, at, run } = setup(4);
    run(6);
    expect(s.name).toBe('runningEwma');
    const values = [1_000, 2_000, 3_000].map((t) => { at(t); return s.read(); });
    expect(values).toEqual([0.8125, 1.21875, 1.421875]);
  });

  it.each([
    { name: 'no step before a full period', reads: [[999, 6]], expected: 0 },
    { name: 'one step per elapsed period, reads in between change nothing', reads: [[1_000, 2], [1_500, 9], [1_999, 9]], expected: 0.5 * 2.5 },
    { name: 'decays when idle', reads: [[1_000, 4], [2_000, 0]], expected: 0.5 * 0.5 + 0.5 * (0.5 * 4.5) },
    { name: 'missed periods use the running count seen now', reads: [[3_000, 2]], expected: 2.5 * (1 - 0.125) },
    { name: 'long silence converges to running + 0.5', reads: [[1_000_000, 3]], expected: 3.5 },
  ])('$name', ({ reads, expected }) => {
    const { s, at, run } = setup(1);
    let value = 0;
    for (const [t, running] of reads) {
      run(running!);
      at(t!);
      value = s.read();
    }
    expect(value).toBeCloseTo(expected, 10);
  });
});
