/**
 * `loadgen compare`: puts several runs side by side (one per policy, limit or backend): prints one row per run,
 * writes compare.json and the comparison figures — latency and normalized-latency CDFs, per-function normalized
 * latency per run, weighted normalized latency per run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { flowCdfFigure, normalizedCdfFigure, perFunctionFigure, weightedFigure } from '../plots/figures.js';
import type { Summary } from '../results/summary.js';
import { fmt, formatComparison, formatTable } from '../results/table.js';
import { readRun } from '../results/write-results.js';

export const COMPARE_USAGE = `loadgen compare --out DIR [--title TEXT] [--baseline LABEL] RUN...
  RUN is a results folder written by open or closed, or LABEL=FOLDER to rename it in the figures;
  --baseline also prints each run's per-function median flow time and mean concurrency and queue length
  against that run's (simulation fidelity, worker-design.md §12 step 6)`;

export function compareCommand(argv: string[]): void {
  const { values: v, positionals } = parseArgs({
    args: argv, allowPositionals: true, options: { out: { type: 'string' }, title: { type: 'string' }, baseline: { type: 'string' } },
  });
  if (!v.out || positionals.length === 0) throw new Error(COMPARE_USAGE);
  const runs = positionals.map((arg) => {
    const eq = arg.indexOf('=');
    const run = readRun(eq > 0 ? arg.slice(eq + 1) : arg);
    if (eq > 0) run.summary.label = arg.slice(0, eq);
    return run;
  });
  const summaries = runs.map((r) => r.summary);
  const labelled = runs.map((r) => ({
    label: r.summary.label, records: r.records, warmMs: new Map(r.summary.functions.map((f) => [f.function, f.warmMs])),
  }));
  const title = v.title ? `${v.title}: ` : '';
  mkdirSync(v.out, { recursive: true });
  const files: [string, string][] = [
    ['compare.json', JSON.stringify(summaries.map((s) => ({
      label: s.label, invocations: s.invocations, errors: s.errors, coldStarts: s.coldStarts,
      weightedNormalizedLatency: s.weightedNormalizedLatency, functionMeanNormalizedLatency: s.functionMeanNormalizedLatency,
      flowMs: s.flowMs, queueMs: s.queueMs, littlesLaw: s.littlesLaw,
      perFunction: Object.fromEntries(s.functions.map((f) => [f.function, f.normalizedLatency.mean])),
    })), null, 2) + '\n'],
    ['flow-cdf.svg', flowCdfFigure(labelled, `${title}end-to-end latency CDF`)],
    ['normalized-cdf.svg', normalizedCdfFigure(labelled, `${title}normalized latency CDF`)],
    ['per-function.svg', perFunctionFigure(summaries, `${title}per-function normalized latency`)],
    ['weighted.svg', weightedFigure(summaries, `${title}weighted normalized latency`)],
  ];
  let fidelity = '';
  if (v.baseline !== undefined) {
    const base = summaries.find((s) => s.label === v.baseline);
    if (!base) throw new Error(`no run is labelled ${v.baseline}`);
    fidelity = `\n\n${formatFidelity(base, summaries)}`;
  }
  for (const [name, text] of files) writeFileSync(join(v.out, name), text);
  process.stdout.write(`${formatComparison(summaries)}${fidelity}\n\nwrote ${files.map(([n]) => join(v.out!, n)).join(', ')}\n`);
}

/** Each run against the baseline: mean concurrency and queue length, and per-function median flow time. */
export function formatFidelity(base: Summary, runs: readonly Summary[]): string {
  const rel = (x: number, b: number) => (b === 0 ? (x === 0 ? '0%' : 'n/a') : `${x >= b ? '+' : ''}${(((x - b) / b) * 100).toFixed(1)}%`);
  const others = runs.filter((r) => r !== base);
  const level = formatTable(
    others.map((r) => {
      const l = r.littlesLaw;
      const b = base.littlesLaw;
      return [r.label,
        l ? fmt(l.concurrency.measured) : '-', l && b ? rel(l.concurrency.measured, b.concurrency.measured) : '-',
        l ? fmt(l.queue.measured) : '-', l && b ? rel(l.queue.measured, b.queue.measured) : '-'];
    }),
    ['run', 'mean running', `vs ${base.label}`, 'mean queued', `vs ${base.label}`],
  );
  const perFn = formatTable(
    base.functions.map((f) => [
      f.function, fmt(f.flowMs.p50),
      ...others.flatMap((r) => {
        const g = r.functions.find((x) => x.function === f.function);
        return g ? [fmt(g.flowMs.p50), rel(g.flowMs.p50, f.flowMs.p50)] : ['-', '-'];
      }),
    ]),
    ['function', `${base.label} p50 ms`, ...others.flatMap((r) => [`${r.label} p50 ms`, 'diff'])],
  );
  const b = base.littlesLaw;
  return `against ${base.label}` + (b ? ` (mean running ${fmt(b.concurrency.measured)}, queued ${fmt(b.queue.measured)})` : '') +
    `:\n${level}\n\nper-function median flow time:\n${perFn}`;
}
