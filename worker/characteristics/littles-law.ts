/**
 * Little's law checks for a run (worker-design.md §12; Ilúvatar Fig. 10): in a stable system the mean number
 * inside = arrival rate × mean time inside (L = λW). Pure functions over invocation spans, so the load generator,
 * the simulation tests and experiment scripts share the math.
 *
 *   per function f, over a window of length T:  λᶠ = arrivals in the window ÷ T,  Sᶠ = mean run time,
 *                                               Wᶠ = mean queue wait (of those arrivals)
 *   predicted running  L_run = Σᶠ λᶠ·Sᶠ          predicted queued  L_q = Σᶠ λᶠ·Wᶠ
 *   measured (exact)   Σ over spans of the part of [start, end) (resp. [arrival, start)) inside the window ÷ T,
 *                      or the time average of a sampled count (timeAverage)
 *   pass when |measured − predicted| ≤ tolerance × predicted (10% by default)
 *
 * Worked example: f arrives every 10 ms and runs 20 ms, g every 50 ms and runs 50 ms, over 1 s:
 * λ = 0.1 and 0.02 per ms → L_run = 0.1·20 + 0.02·50 = 3 invocations running on average.
 *
 * Known caveats: spans crossing the window's edges make λ·S and the exact measure differ slightly (choose a window
 * long against the run times, after warm-up); the law says nothing when the system is not stable (L_run ≥ limit:
 * the queue grows without bound — report that instead). Times are ms; rates are per ms.
 */
export interface InvocationSpan {
  functionKey: string;
  arrivedAt: number;
  /** When it started running (after queueing and any cold start's wait). */
  startedAt: number;
  endedAt: number;
}

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

export interface FunctionRate {
  functionKey: string;
  arrivals: number;
  /** λ, arrivals per ms. */
  arrivalRatePerMs: number;
  /** S, mean of endedAt − startedAt. */
  meanServiceMs: number;
  /** W, mean of startedAt − arrivedAt. */
  meanWaitMs: number;
}

export interface Concurrency {
  running: number;
  queued: number;
}

/** λ, S and W per function, from the spans that arrived inside the window. */
export function functionRates(spans: readonly InvocationSpan[], window: TimeWindow): FunctionRate[] {
  const lengthMs = window.toMs - window.fromMs;
  const sums = new Map<string, { n: number; service: number; wait: number }>();
  for (const s of spans) {
    if (s.arrivedAt < window.fromMs || s.arrivedAt >= window.toMs) continue;
    const acc = sums.get(s.functionKey) ?? { n: 0, service: 0, wait: 0 };
    acc.n++;
    acc.service += s.endedAt - s.startedAt;
    acc.wait += s.startedAt - s.arrivedAt;
    sums.set(s.functionKey, acc);
  }
  return [...sums].map(([functionKey, a]) => ({
    functionKey, arrivals: a.n, arrivalRatePerMs: a.n / lengthMs, meanServiceMs: a.service / a.n, meanWaitMs: a.wait / a.n,
  }));
}

/** L = Σ λ·S (running) and Σ λ·W (queued). */
export function predictedConcurrency(rates: readonly Pick<FunctionRate, 'arrivalRatePerMs' | 'meanServiceMs' | 'meanWaitMs'>[]): Concurrency {
  let running = 0;
  let queued = 0;
  for (const r of rates) {
    running += r.arrivalRatePerMs * r.meanServiceMs;
    queued += r.arrivalRatePerMs * r.meanWaitMs;
  }
  return { running, queued };
}

/** Exact time-average of how many spans were running (and queued) inside the window. */
export function measuredConcurrency(spans: readonly InvocationSpan[], window: TimeWindow): Concurrency {
  const lengthMs = window.toMs - window.fromMs;
  let running = 0;
  let queued = 0;
  for (const s of spans) {
    running += overlap(s.startedAt, s.endedAt, window);
    queued += overlap(s.arrivedAt, s.startedAt, window);
  }
  return { running: running / lengthMs, queued: queued / lengthMs };
}

/**
 * Time average of a sampled step function inside the window: each sample holds until the next one (the last
 * until the window's end). Samples must be in time order.
 */
export function timeAverage(samples: readonly { atMs: number; value: number }[], window: TimeWindow): number {
  let area = 0;
  for (let i = 0; i < samples.length; i++) {
    const until = samples[i + 1]?.atMs ?? window.toMs;
    area += samples[i]!.value * overlap(samples[i]!.atMs, until, window);
  }
  return area / (window.toMs - window.fromMs);
}

/**
 * Whether a measurement agrees with its prediction: relative error ≤ tolerance, or both within `floor` of zero
 * (an empty queue predicted and measured).
 */
export function agrees(measured: number, predicted: number, tolerance = 0.1, floor = 1e-6): boolean {
  if (Math.abs(predicted) <= floor) return Math.abs(measured) <= floor;
  return Math.abs(measured - predicted) <= tolerance * Math.abs(predicted);
}

function overlap(from: number, to: number, w: TimeWindow): number {
  return Math.max(0, Math.min(to, w.toMs) - Math.max(from, w.fromMs));
}
