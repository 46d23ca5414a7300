import {
  agrees, functionRates, measuredConcurrency, predictedConcurrency, timeAverage, type InvocationSpan,
} from './littles-law.js';

/** Fixed-rate arrivals of one function: every `everyMs` from `fromMs` until `toMs`, each waiting `waitMs` then running `runMs`. */
function periodic(functionKey: string, everyMs: number, runMs: number, waitMs = 0, fromMs = 0, toMs = 1_000): InvocationSpan[] {
  const out: InvocationSpan[] = [];
  for (let t = fromMs; t < toMs; t += everyMs) out.push({ functionKey, arrivedAt: t, startedAt: t + waitMs, endedAt: t + waitMs + runMs });
  return out;
}

const W = { fromMs: 0, toMs: 1_000 };

describe("Little's law helpers", () => {
  it('computes λ, S and W per function from arrivals inside the window', () => {
    const spans = [...periodic('f', 10, 20), ...periodic('g', 50, 50, 5), ...periodic('f', 10, 20, 0, 1_000, 1_100)];
    expect(functionRates(spans, W)).toEqual([
      { functionKey: 'f', arrivals: 100, arrivalRatePerMs: 0.1, meanServiceMs: 20, meanWaitMs: 0 },
      { functionKey: 'g', arrivals: 20, arrivalRatePerMs: 0.02, meanServiceMs: 50, meanWaitMs: 5 },
    ]);
  });

  it('predicts the header example: 0.1·20 + 0.02·50 = 3 running', () => {
    const p = predictedConcurrency([
      { arrivalRatePerMs: 0.1, meanServiceMs: 20, meanWaitMs: 0 },
      { arrivalRatePerMs: 0.02, meanServiceMs: 50, meanWaitMs: 10 },
    ]);
    expect(p.running).toBeCloseTo(3, 12);
    expect(p.queued).toBeCloseTo(0.2, 12);
  });

  it.each([
    { name: 'one span fully inside', spans: [{ functionKey: 'f', arrivedAt: 100, startedAt: 150, endedAt: 350 }], running: 0.2, queued: 0.05 },
    { name: 'clipped at both edges', spans: [{ functionKey: 'f', arrivedAt: -500, startedAt: -100, endedAt: 1_200 }], running: 1, queued: 0 },
    { name: 'entirely outside', spans: [{ functionKey: 'f', arrivedAt: 1_000, startedAt: 1_000, endedAt: 1_500 }], running: 0, queued: 0 },
    { name: 'periodic steady state', spans: periodic('f', 10, 20, 5, -100, 1_100), running: 2, queued: 0.5 },
  ])('measures exact time averages: $name', ({ spans, running, queued }) => {
    const m = measuredConcurrency(spans, W);
    expect(m.running).toBeCloseTo(running, 12);
    expect(m.queued).toBeCloseTo(queued, 12);
  });

  it('agrees with the measurement on a steady periodic run (L = λW)', () => {
    const spans = [...periodic('f', 10, 20, 0, -100, 1_100), ...periodic('g', 50, 50, 3, -100, 1_100)];
    const predicted = predictedConcurrency(functionRates(spans, W));
    const measured = measuredConcurrency(spans, W);
    expect(agrees(measured.running, predicted.running, 0.01)).toBe(true);
    expect(agrees(measured.queued, predicted.queued, 0.01)).toBe(true);
  });

  it.each([
    { samples: [{ atMs: 0, value: 2 }], expected: 2 },
    { samples: [{ atMs: 0, value: 0 }, { atMs: 500, value: 4 }], expected: 2 },
    { samples: [{ atMs: -100, value: 1 }, { atMs: 250, value: 3 }, { atMs: 750, value: 0 }], expected: 0.25 + 1.5 },
    { samples: [], expected: 0 },
  ])('time-averages sampled counts $samples → $expected', ({ samples, expected }) => {
    expect(timeAverage(samples, W)).toBeCloseTo(expected, 12);
  });

  it.each([
    { measured: 4.3, predicted: 4, tolerance: 0.1, expected: true },
    { measured: 4.5, predicted: 4, tolerance: 0.1, expected: false },
    { measured: 3.6, predicted: 4, tolerance: 0.1, expected: true },
    { measured: 3.5, predicted: 4, tolerance: 0.1, expected: false },
    { measured: 0, predicted: 0, tolerance: 0.1, expected: true },
    { measured: 0.01, predicted: 0, tolerance: 0.1, expected: false },
  ])('agrees($measured, $predicted, $tolerance) = $expected', ({ measured, predicted, tolerance, expected }) => {
    expect(agrees(measured, predicted, tolerance)).toBe(expected);
  });
});
