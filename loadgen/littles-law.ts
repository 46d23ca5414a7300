/**
 * Little's law (L = λ·W) as the load generator uses it: how many containers to prewarm before an open-loop run
 * (worker-design.md §8), the expected concurrency of a trace (§13), and the check of a finished run (§12) — the
 * last on top of the worker's pure helpers in worker/characteristics/littles-law.ts, so both sides share one math.
 */
import { functionRates, measuredConcurrency, predictedConcurrency, timeAverage } from '../worker/characteristics/littles-law.js';


/** nᶠ = ⌈λᶠ × max(warmMsᶠ, coldMsᶠ) ÷ 1000⌉, at least 1 for a function that is invoked, at most `cap`. */
export function prewarmCount(ratePerSec: number, warmMs: number, coldMs: number, cap: number): number {
  if (!(ratePerSec > 0)) return 0;
  return Math.min(cap, Math.max(1, Math.ceil((ratePerSec * Math.max(warmMs, coldMs)) / 1000)));
}

/** Σ λ·S: the mean number of invocations in service, with rates per second and times in ms. */
export function expectedConcurrency(functions: readonly { ratePerSec: number; serviceMs: number }[]): number {
  return functions.reduce((sum, f) => sum + (f.ratePerSec * f.serviceMs) / 1000, 0);
}

/** A prediction next to a measurement, and whether they agree within the tolerance. */
export interface Agreement {
  predicted: number;
  measured: number;
  /** (measured − predicted) ÷ predicted; 0 when both are 0. */
  relativeError: number;
  pass: boolean;
}

/**
 * Agreement within `relTolerance` of the prediction, or within `absTolerance` for tiny predictions (a queue that is
 * almost always empty: 0.02 against 0.03 is agreement, not a 50% miss).
 */
export function agree(predicted: number, measured: number, relTolerance = 0.1, absTolerance = 0.05): Agreement {
  const diff = measured - predicted;
  const relativeError = predicted === 0 ? (measured === 0 ? 0 : Infinity) : diff / predicted;
  return {
    predicted, measured, relativeError,
    pass: Math.abs(diff) <= Math.max(relTolerance * Math.abs(predicted), absTolerance),
  };
}

/** One invocation as the check sees it: times in ms on one clock. */
export interface Interval {
  fn: string;
  arrivalMs: number;
  startMs: number;
  endMs: number;
}

export interface LittlesLawPrediction {
  arrivals: number;
  ratePerSec: number;
  /** Σ λᶠ·Sᶠ, S = mean (end − start) of the window's arrivals. */
  concurrency: number;
  /** Σ λᶠ·Wᶠ, W = mean (start − arrival). */
  queue: number;
  /** The same two figures from the intervals' overlap with the window (exact time averages). */
  concurrencyFromIntervals: number;
  queueFromIntervals: number;
}

/**
 * Predicts mean concurrency and queue length in [fromMs, toMs) from the invocations arriving in it, per function
 * (worker-design.md §12 steps 2–4), with the worker's own Little's-law math.
 */
export function predictFromIntervals(intervals: readonly Interval[], fromMs: number, toMs: number): LittlesLawPrediction {
  const window = { fromMs, toMs };
  const spans = intervals.map((iv) => ({ functionKey: iv.fn, arrivedAt: iv.arrivalMs, startedAt: iv.startMs, endedAt: iv.endMs }));
  const rates = functionRates(spans, window);
  const predicted = predictedConcurrency(rates);
  const exact = measuredConcurrency(spans, window);
  const arrivals = rates.reduce((n, r) => n + r.arrivals, 0);
  return {
    arrivals, ratePerSec: (arrivals / (toMs - fromMs)) * 1000, concurrency: predicted.running, queue: predicted.queued,
    concurrencyFromIntervals: exact.running, queueFromIntervals: exact.queued,
  };
}

/** Time average of a sampled count over [fromMs, toMs); samples in time order, each holding until the next. */
export function sampledAverage(samples: readonly { tMs: number; value: number }[], fromMs: number, toMs: number): number {
  return timeAverage(samples.map((s) => ({ atMs: s.tMs, value: s.value })), { fromMs, toMs });
}
