/**
 * Plain-text tables for the terminal: one run's per-function figures and its Little's-law check, and a comparison
 * of several runs (one row per run). Numbers only; the JSON files hold everything.
 */
import type { Summary } from './summary.js';

export function formatTable(rows: (string | number)[][], header: string[]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function formatSummary(s: Summary): string {
  const perFn = formatTable(
    s.functions.map((f) => [
      f.function, f.invocations, f.cold, f.errors, f.warmMs, f.flowMs.p50, f.flowMs.p99, f.queueMs.mean,
      f.normalizedLatency.mean, f.normalizedLatency.p99,
    ]),
    ['function', 'n', 'cold', 'err', 'warm ms', 'flow p50', 'flow p99', 'queue mean', 'norm mean', 'norm p99'],
  );
  const lines = [
    `${s.label} — ${s.target}`,
    perFn,
    '',
    `invocations ${s.invocations}, errors ${s.errors}, cold starts ${s.coldStarts}, throughput ${fmt(s.throughputPerSec)}/s over ${fmt(s.durationMs / 1000)} s`,
    `weighted normalized latency ${fmt(s.weightedNormalizedLatency)} (per-function mean ${fmt(s.functionMeanNormalizedLatency)}), ` +
      `flow p50 ${fmt(s.flowMs.p50)} ms p99 ${fmt(s.flowMs.p99)} ms, warm flow − exec p50 ${fmt(s.warmOverheadMs.p50)} ms p99 ${fmt(s.warmOverheadMs.p99)} ms`,
  ];
  const l = s.littlesLaw;
  if (l) {
    const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
    lines.push(
      `Little's law over [${fmt(l.fromMs / 1000)} s, ${fmt(l.toMs / 1000)} s), λ = ${fmt(l.ratePerSec)}/s, ${l.samples} status samples, limit ${l.limit || 'none'}${l.stable ? '' : ' — UNSTABLE: predicted concurrency ≥ limit'}`,
      `  concurrency: predicted ${fmt(l.concurrency.predicted)}, measured ${fmt(l.concurrency.measured)} (${pct(l.concurrency.relativeError)}) ${verdict(l.concurrency.pass)}` +
        (l.traceExpectedConcurrency !== undefined ? `; trace's Σλ·warm ${fmt(l.traceExpectedConcurrency)}` : ''),
      `  queue:       predicted ${fmt(l.queue.predicted)}, measured ${fmt(l.queue.measured)} (${pct(l.queue.relativeError)}) ${verdict(l.queue.pass)}`,
    );
    if (!l.pass && l.samplingAgrees) {
      lines.push(`  (the samples agree with the rows' exact averages, so the counts are right; waits up to ${fmt(l.longestWaitMs / 1000)} s overrun the window's edges)`);
    } else if (!l.samplingAgrees) {
      lines.push(`  samples disagree with the rows' exact averages (running ${fmt(l.fromRecords.concurrency)}, queued ${fmt(l.fromRecords.queue)}): sampling too coarse, or the worker miscounts`);
    }
  }
  return lines.join('\n');
}

/** One row per run: the policy comparison the experiments print. */
export function formatComparison(summaries: readonly Summary[]): string {
  return formatTable(
    summaries.map((s) => [
      s.label, s.invocations, s.coldStarts, s.errors, s.weightedNormalizedLatency, s.functionMeanNormalizedLatency,
      s.flowMs.p50, s.flowMs.p99, s.queueMs.mean,
      s.littlesLaw ? `${fmt(s.littlesLaw.concurrency.measured)}/${fmt(s.littlesLaw.concurrency.predicted)}` : '-',
      s.littlesLaw ? `${fmt(s.littlesLaw.queue.measured)}/${fmt(s.littlesLaw.queue.predicted)}` : '-',
      s.littlesLaw ? (!s.littlesLaw.stable ? 'unstable' : s.littlesLaw.pass ? 'pass' : 'FAIL') : '-',
    ]),
    ['run', 'n', 'cold', 'err', 'weighted norm', 'fn-mean norm', 'flow p50', 'flow p99', 'queue ms', 'conc meas/pred', 'queue meas/pred', 'Little'],
  );
}

export function fmt(x: number): string {
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%` : 'n/a');
