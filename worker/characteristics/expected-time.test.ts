import { expectedExecutionMs, isKnown, type IdleState } from './expected-time.js';
import { FunctionCharacteristics, type MetricName } from './function-characteristics.js';

const F = 'guest/f@0.0.1';
const DEFAULT_COLD = 500;

/** Stats for F with exactly these averages (one sample each; alpha is irrelevant with one sample). */
function statsWith(samples: Partial<Record<MetricName, number>>, arrivals = 0) {
  const c = new FunctionCharacteristics(0.2);
  for (let i = 0; i < arrivals; i++) c.recordArrival(F, 1_000 + i);
  for (const [metric, value] of Object.entries(samples)) c.record(F, metric as MetricName, value);
  return c.get(F);
}

describe('E(f): expected execution time at insertion (worker-design.md §3)', () => {
  it.each<{ name: string; samples: Partial<Record<MetricName, number>>; idle: IdleState; expected: number }>([
    { name: 'idle warm → warmMs', samples: { warmMs: 10, coldMs: 510, prewarmMs: 30 }, idle: 'warm', expected: 10 },
    { name: 'idle prewarm → prewarmMs', samples: { warmMs: 10, coldMs: 510, prewarmMs: 30 }, idle: 'prewarm', expected: 30 },
    { name: 'idle prewarm, no prewarm sample → warmMs', samples: { warmMs: 10, coldMs: 510 }, idle: 'prewarm', expected: 10 },
    { name: 'nothing idle → coldMs', samples: { warmMs: 10, coldMs: 510, prewarmMs: 30 }, idle: 'none', expected: 510 },
    { name: 'cold, no coldMs → initMs + warmMs', samples: { warmMs: 10, initMs: 300 }, idle: 'none', expected: 310 },
    { name: 'cold, neither cold nor init → default cold start + warmMs', samples: { warmMs: 10 }, idle: 'none', expected: 510 },
    { name: 'warm, only ran cold so far → execMs', samples: { coldMs: 520, execMs: 20, initMs: 500 }, idle: 'warm', expected: 20 },
    { name: 'cold with only a seeded cold time', samples: { coldMs: 321 }, idle: 'none', expected: 321 },
    { name: 'warm with only a seeded cold time → 0 (no warm estimate)', samples: { coldMs: 321 }, idle: 'warm', expected: 0 },
  ])('$name', ({ samples, idle, expected }) => {
    expect(expectedExecutionMs(statsWith(samples), idle, DEFAULT_COLD)).toBe(expected);
  });

  it.each<IdleState>(['warm', 'prewarm', 'none'])('an unknown function is 0 whatever the pool holds (%s)', (idle) => {
    expect(expectedExecutionMs(undefined, idle, DEFAULT_COLD)).toBe(0);
    // Arrivals alone (no time sample) do not make it known.
    expect(expectedExecutionMs(statsWith({}, 3), idle, DEFAULT_COLD)).toBe(0);
  });

  it.each([
    { samples: {}, arrivals: 0, known: false },
    { samples: {}, arrivals: 5, known: false },
    { samples: { warmMs: 1 }, arrivals: 0, known: true },
    { samples: { coldMs: 1 }, arrivals: 0, known: true },
    { samples: { execMs: 1 }, arrivals: 0, known: true },
    { samples: { e2eMs: 1, queueMs: 3 }, arrivals: 1, known: false },
  ])('isKnown($samples, $arrivals arrivals) = $known', ({ samples, arrivals, known }) => {
    expect(isKnown(statsWith(samples, arrivals))).toBe(known);
  });
});
