/**
 * Turns a run's invocation rows and status samples into its summary (summary.json): per-function and weighted
 * normalized latency (Ilúvatar §6.2: stretch = flow time ÷ the function's warm execution time; weighted = the
 * per-invocation mean), percentiles, cold starts, throughput, and the Little's-law check of worker-design.md §12.
 */
import { agree, predictFromIntervals, sampledAverage, type Agreement } from '../littles-law.js';
import type { StatusSample } from '../status-sampler.js';
import type { InvocationRecord } from './invocation-record.js';
import { distribution, mean, type Distribution } from './stats.js';

export interface FunctionSummary {
  function: string;
  invocations: number;
  errors: number;
  cold: number;
  /** The warm execution time latency is normalized by, ms. */
  warmMs: number;
  flowMs: Distribution;
  queueMs: Distribution;
  execMs: Distribution;
  normalizedLatency: Distribution;
}

export interface LittlesLawCheck {
  fromMs: number;
  toMs: number;
  arrivals: number;
  ratePerSec: number;
  /** Largest concurrency limit reported (0 = unlimited or unknown). */
  limit: number;
  /** Predicted concurrency below the limit; otherwise the queue grows without bound and the check means little. */
  stable: boolean;
  samples: number;
  /** Σ λᶠ·Sᶠ against the sampled mean running count. */
  concurrency: Agreement;
  /** Σ λᶠ·Wᶠ against the sampled mean queue length. */
  queue: Agreement;
  /** Time averages computed exactly from the rows (a cross-check of the sampling, not of the worker). */
  fromRecords: { concurrency: number; queue: number };
  /**
   * Sampled averages against `fromRecords`. When these agree and the check still fails, the worker's counts are
   * right and the gap comes from the window's edges: waits as long as `longestWaitMs` do not fit in it.
   */
  samplingAgrees: boolean;
  longestWaitMs: number;
  /** Σ λᶠ·warmMsᶠ of the trace as scheduled (the load the trace builder aimed at), when known. */
  traceExpectedConcurrency?: number;
  pass: boolean;
}

export interface Summary {
  label: string;
  target: string;
  invocations: number;
  errors: number;
  coldStarts: number;
  durationMs: number;
  throughputPerSec: number;
  /** Per-invocation mean stretch: Σᶠ nᶠ·meanᶠ ÷ Σᶠ nᶠ (the paper's weighted normalized latency). */
  weightedNormalizedLatency: number;
  /** Mean over functions of their mean stretch (each function counts once). */
  functionMeanNormalizedLatency: number;
  normalizedLatency: Distribution;
  flowMs: Distribution;
  queueMs: Distribution;
  /** Flow time minus execution time of successful warm invocations: the control plane's share, ms. */
  warmOverheadMs: Distribution;
  functions: FunctionSummary[];
  littlesLaw?: LittlesLawCheck;
  extra?: Record<string, unknown>;
}

export interface SummaryInput {
  label: string;
  target: string;
  records: readonly InvocationRecord[];
  /** Warm execution time per function, ms (trace metadata; for closed loops, a measured baseline). */
  warmMs: ReadonlyMap<string, number>;
  samples?: readonly StatusSample[];
  window?: { fromMs: number; toMs: number };
  traceExpectedConcurrency?: number;
  tolerance?: { relative: number; absolute: number };
  /** A closed loop's population is bounded, so its queue cannot grow without bound whatever the limit. */
  closedLoop?: boolean;
  extra?: Record<string, unknown>;
}

export function summarize(input: SummaryInput): Summary {
  const ok = input.records.filter((r) => r.error === '');
  const stretch = (r: InvocationRecord) => r.flowMs / (input.warmMs.get(r.function) ?? NaN);
  const byFn = new Map<string, InvocationRecord[]>();
  for (const r of input.records) {
    const rows = byFn.get(r.function);
    if (rows) rows.push(r);
    else byFn.set(r.function, [r]);
  }

  const functions: FunctionSummary[] = [...byFn.entries()]
    .map(([fn, rows]) => {
      const good = rows.filter((r) => r.error === '');
      return {
        function: fn,
        invocations: rows.length,
        errors: rows.length - good.length,
        cold: rows.filter((r) => r.cold).length,
        warmMs: input.warmMs.get(fn) ?? NaN,
        flowMs: distribution(good.map((r) => r.flowMs)),
        queueMs: distribution(good.map((r) => r.queueMs)),
        execMs: distribution(good.map((r) => r.execMs)),
        normalizedLatency: distribution(good.map(stretch)),
      };
    })
    .sort((a, b) => a.warmMs - b.warmMs || (a.function < b.function ? -1 : 1));

  const first = input.records.reduce((m, r) => Math.min(m, r.arrivalMs), Infinity);
  const last = input.records.reduce((m, r) => Math.max(m, r.responseMs), -Infinity);
  const durationMs = input.records.length > 0 ? last - first : 0;
  const summary: Summary = {
    label: input.label,
    target: input.target,
    invocations: input.records.length,
    errors: input.records.length - ok.length,
    coldStarts: input.records.filter((r) => r.cold).length,
    durationMs,
    throughputPerSec: durationMs > 0 ? (ok.length / durationMs) * 1000 : 0,
    weightedNormalizedLatency: mean(ok.map(stretch)),
    functionMeanNormalizedLatency: mean(functions.filter((f) => f.normalizedLatency.count > 0).map((f) => f.normalizedLatency.mean)),
    normalizedLatency: distribution(ok.map(stretch)),
    flowMs: distribution(ok.map((r) => r.flowMs)),
    queueMs: distribution(ok.map((r) => r.queueMs)),
    warmOverheadMs: distribution(ok.filter((r) => !r.cold).map((r) => r.flowMs - r.execMs)),
    functions,
  };
  if (input.samples && input.window) summary.littlesLaw = checkRun(input, input.samples, input.window);
  if (input.extra) summary.extra = input.extra;
  return summary;
}

/** worker-design.md §12: predictions from the window's arrivals against the sampled time averages. */
export function checkRun(
  input: Pick<SummaryInput, 'records' | 'traceExpectedConcurrency' | 'tolerance' | 'closedLoop'>,
  samples: readonly StatusSample[],
  window: { fromMs: number; toMs: number },
): LittlesLawCheck {
  const rel = input.tolerance?.relative ?? 0.1;
  const abs = input.tolerance?.absolute ?? 0.05;
  const intervals = input.records
    .filter((r) => r.error === '')
    .map((r) => ({ fn: r.function, arrivalMs: r.arrivalMs, startMs: r.startMs, endMs: r.endMs }));
  const predicted = predictFromIntervals(intervals, window.fromMs, window.toMs);
  const sorted = [...samples].sort((a, b) => a.tMs - b.tMs);
  const inWindow = sorted.filter((s) => s.tMs >= window.fromMs && s.tMs < window.toMs).length;
  const running = sampledAverage(sorted.map((s) => ({ tMs: s.tMs, value: s.running })), window.fromMs, window.toMs);
  const queued = sampledAverage(sorted.map((s) => ({ tMs: s.tMs, value: s.queued })), window.fromMs, window.toMs);
  const limit = sorted.reduce((m, s) => Math.max(m, s.limit), 0);
  const concurrency = agree(predicted.concurrency, running, rel, abs);
  const queue = agree(predicted.queue, queued, rel, abs);
  return {
    fromMs: window.fromMs,
    toMs: window.toMs,
    arrivals: predicted.arrivals,
    ratePerSec: predicted.ratePerSec,
    limit,
    stable: input.closedLoop === true || limit === 0 || predicted.concurrency < limit,
    samples: inWindow,
    concurrency,
    queue,
    fromRecords: { concurrency: predicted.concurrencyFromIntervals, queue: predicted.queueFromIntervals },
    samplingAgrees: agree(predicted.concurrencyFromIntervals, running, rel, abs).pass && agree(predicted.queueFromIntervals, queued, rel, abs).pass,
    longestWaitMs: intervals.reduce((m, iv) => Math.max(m, iv.startMs - iv.arrivalMs), 0),
    ...(input.traceExpectedConcurrency !== undefined ? { traceExpectedConcurrency: input.traceExpectedConcurrency } : {}),
    pass: concurrency.pass && queue.pass,
  };
}
