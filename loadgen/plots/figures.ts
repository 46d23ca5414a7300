/**
 * The load generator's figures, from results: latency CDFs, per-function normalized latency per run (policy),
 * weighted normalized latency per run, and running/queued counts over time against their Little's-law predictions.
 */
import type { InvocationRecord } from '../results/invocation-record.js';
import { cdfPoints } from '../results/stats.js';
import type { Summary } from '../results/summary.js';
import type { StatusSample } from '../status-sampler.js';
import { barChart, lineChart, type ReferenceLine } from './svg-chart.js';

export interface LabelledRecords {
  label: string;
  records: readonly InvocationRecord[];
  warmMs: ReadonlyMap<string, number>;
}

/** CDF of end-to-end latency (flow time), one curve per run, log x. */
export function flowCdfFigure(runs: readonly LabelledRecords[], title = 'End-to-end latency CDF'): string {
  return lineChart({
    title,
    x: { label: 'flow time (ms, log scale)', log: true },
    y: { label: 'fraction of invocations', min: 0, max: 1 },
    series: runs.map((r) => ({ name: r.label, points: cdfPoints(r.records.filter((x) => x.error === '').map((x) => Math.max(x.flowMs, 0.001))) })),
  });
}

/** CDF of normalized latency (flow ÷ warm time), one curve per run, log x. */
export function normalizedCdfFigure(runs: readonly LabelledRecords[], title = 'Normalized latency CDF'): string {
  return lineChart({
    title,
    x: { label: 'normalized latency (flow time ÷ warm time, log scale)', log: true },
    y: { label: 'fraction of invocations', min: 0, max: 1 },
    series: runs.map((r) => ({
      name: r.label,
      points: cdfPoints(r.records.filter((x) => x.error === '').map((x) => x.flowMs / (r.warmMs.get(x.function) ?? NaN)).filter(Number.isFinite)),
    })),
  });
}

/** Mean normalized latency of every function (sorted by warm time) with one bar per run (policy), log y. */
export function perFunctionFigure(summaries: readonly Summary[], title = 'Per-function normalized latency'): string {
  const functions = [...new Map(summaries.flatMap((s) => s.functions.map((f) => [f.function, f.warmMs] as const))).entries()]
    .sort((a, b) => a[1] - b[1]);
  return barChart({
    title,
    categories: functions.map(([fn, warm]) => `${fn} (${warm < 100 ? warm.toFixed(0) : Math.round(warm)} ms)`),
    groups: summaries.map((s) => ({
      name: s.label,
      values: functions.map(([fn]) => s.functions.find((f) => f.function === fn)?.normalizedLatency.mean ?? NaN),
    })),
    y: { label: 'mean normalized latency (log scale)', log: true },
  });
}

/** Weighted normalized latency per run, one bar each. */
export function weightedFigure(summaries: readonly Summary[], title = 'Weighted normalized latency'): string {
  return barChart({
    title,
    categories: summaries.map((s) => s.label),
    groups: [{ name: 'weighted normalized latency', values: summaries.map((s) => s.weightedNormalizedLatency) }],
    y: { label: 'per-invocation mean of flow ÷ warm time' },
  });
}

/** Running and queued counts over time (step lines) against the Little's-law predictions (dashed). */
export function timelineFigure(samples: readonly StatusSample[], summary: Summary, title = "Concurrency and queue length vs Little's law"): string {
  const sorted = [...samples].sort((a, b) => a.tMs - b.tMs);
  const l = summary.littlesLaw;
  const references: ReferenceLine[] = [];
  if (l) {
    references.push({ name: `Little: L_run = ${l.concurrency.predicted.toFixed(2)}`, y: l.concurrency.predicted });
    references.push({ name: `Little: L_q = ${l.queue.predicted.toFixed(2)}`, y: l.queue.predicted });
    if (l.traceExpectedConcurrency !== undefined) references.push({ name: `trace Σλ·warm = ${l.traceExpectedConcurrency.toFixed(2)}`, y: l.traceExpectedConcurrency });
  }
  if (sorted.some((s) => s.limit > 0)) references.push({ name: `limit ${sorted[sorted.length - 1]!.limit}`, y: sorted[sorted.length - 1]!.limit });
  return lineChart({
    title,
    x: { label: 'time since start (s)' },
    y: { label: 'invocations' },
    series: [
      { name: 'running', points: sorted.map((s) => [s.tMs / 1000, s.running]), step: true },
      { name: 'queued', points: sorted.map((s) => [s.tMs / 1000, s.queued]), step: true },
    ],
    references,
  });
}
