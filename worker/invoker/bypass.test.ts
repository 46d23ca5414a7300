import type { IdleState } from '../characteristics/expected-time.js';
import { FunctionCharacteristics } from '../characteristics/function-characteristics.js';
import { shouldBypass } from './bypass.js';

const F = 'guest/f@0.0.1';

function stats(warmMs: number | undefined) {
  const c = new FunctionCharacteristics(0.2);
  c.recordArrival(F, 1_000);
  if (warmMs !== undefined) c.record(F, 'warmMs', warmMs);
  return c.get(F);
}

const base = { warmMs: 8 as number | undefined, idle: 'warm' as IdleState, signal: 0.6, bypassMs: 20, bypassMaxLoad: 1 };

describe('shouldBypass (worker-design.md §6)', () => {
  it.each([
    { name: 'all conditions hold (header example)', ...base, expected: true },
    { name: 'off (bypassMs 0)', ...base, bypassMs: 0, expected: false },
    { name: 'unknown function', ...base, warmMs: undefined, expected: false },
    { name: 'warm average 0', ...base, warmMs: 0, expected: false },
    { name: 'warm average equal to bypassMs', ...base, warmMs: 20, expected: false },
    { name: 'warm average over bypassMs', ...base, warmMs: 35, expected: false },
    { name: 'only a prewarmed container', ...base, idle: 'prewarm' as IdleState, expected: false },
    { name: 'no idle container: never into a cold start', ...base, idle: 'none' as IdleState, expected: false },
    { name: 'signal at the limit', ...base, signal: 1, expected: false },
    { name: 'signal over the limit', ...base, signal: 1.1, expected: false },
    { name: 'signal just under the limit', ...base, signal: 0.99, expected: true },
    { name: 'tiny function, idle system', ...base, warmMs: 0.5, signal: 0, expected: true },
  ])('$name → $expected', ({ warmMs, idle, signal, bypassMs, bypassMaxLoad, expected }) => {
    expect(shouldBypass({ stats: stats(warmMs), idle, signal: () => signal, bypassMs, bypassMaxLoad })).toBe(expected);
  });

  it('reads the signal only when the cheaper checks pass', () => {
    const signal = jest.fn(() => 0);
    shouldBypass({ stats: stats(8), idle: 'none', signal, bypassMs: 20, bypassMaxLoad: 1 });
    shouldBypass({ stats: stats(50), idle: 'warm', signal, bypassMs: 20, bypassMaxLoad: 1 });
    expect(signal).not.toHaveBeenCalled();
  });
});
