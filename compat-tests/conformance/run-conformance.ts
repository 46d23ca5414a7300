/**
 * Runs conformance scenarios one after another (they share one endpoint and its rate limits), each under its own
 * time limit, and renders the per-feature table that ends with the `N passed, N failed[, N skipped]` line.
 */
import type { Scenario, ScenarioContext } from './context.js';

export type ScenarioStatus = 'passed' | 'failed' | 'skipped';

export interface ScenarioOutcome {
  feature: string;
  name: string;
  status: ScenarioStatus;
  durationMs: number;
  /** Why it failed or was skipped. */
  detail?: string;
}

export interface ConformanceReport {
  outcomes: ScenarioOutcome[];
  passed: number;
  failed: number;
  skipped: number;
}

export interface RunOptions {
  /** Per scenario; a scenario still running then counts as failed. */
  timeoutMs?: number;
  /** Run only scenarios whose `feature name` matches. */
  only?: RegExp;
  /** Called after each scenario, e.g. to print progress. */
  onOutcome?: (outcome: ScenarioOutcome) => void;
}

export const DEFAULT_SCENARIO_TIMEOUT_MS = 90_000;

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`scenario timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { statusCode?: number }).statusCode;
  return status === undefined || error.message.includes(`HTTP ${status}`) ? error.message : `HTTP ${status}: ${error.message}`;
}

export async function runScenarios(ctx: ScenarioContext, scenarios: readonly Scenario[], options: RunOptions = {}): Promise<ConformanceReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SCENARIO_TIMEOUT_MS;
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of scenarios) {
    if (options.only && !options.only.test(`${scenario.feature} ${scenario.name}`)) continue;
    const started = Date.now();
    let outcome: ScenarioOutcome;
    try {
      const returned = await withTimeout(Promise.resolve().then(() => scenario.run(ctx)), timeoutMs);
      outcome = returned && typeof returned.skipped === 'string'
        ? { feature: scenario.feature, name: scenario.name, status: 'skipped', durationMs: Date.now() - started, detail: returned.skipped }
        : { feature: scenario.feature, name: scenario.name, status: 'passed', durationMs: Date.now() - started };
    } catch (error) {
      outcome = { feature: scenario.feature, name: scenario.name, status: 'failed', durationMs: Date.now() - started, detail: describeError(error) };
    }
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
  }
  const count = (status: ScenarioStatus) => outcomes.filter((o) => o.status === status).length;
  return { outcomes, passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

const DETAIL_MAX_CHARS = 1500;

function clip(text: string): string {
  return text.length <= DETAIL_MAX_CHARS ? text : `${text.slice(0, DETAIL_MAX_CHARS)} … (${text.length - DETAIL_MAX_CHARS} more chars)`;
}

const MARK: Record<ScenarioStatus, string> = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' };

export function formatOutcome(outcome: ScenarioOutcome): string {
  const detail = outcome.status === 'skipped' ? ` — ${outcome.detail}` : '';
  return `${MARK[outcome.status]} ${outcome.feature} › ${outcome.name} (${outcome.durationMs} ms)${detail}`;
}

export function summaryLine(report: ConformanceReport): string {
  return `${report.passed} passed, ${report.failed} failed${report.skipped ? `, ${report.skipped} skipped` : ''}`;
}

/** The per-feature table, then skip reasons and failure details, then the summary line on its own. */
export function formatReport(report: ConformanceReport): string {
  const features = [...new Set(report.outcomes.map((o) => o.feature))];
  const rows = features.map((feature) => {
    const mine = report.outcomes.filter((o) => o.feature === feature);
    const n = (status: ScenarioStatus) => String(mine.filter((o) => o.status === status).length);
    return [feature, n('passed'), n('failed'), n('skipped')];
  });
  rows.push(['total', String(report.passed), String(report.failed), String(report.skipped)]);
  const header = ['feature', 'passed', 'failed', 'skipped'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(0, -1).map(line), widths.map((w) => '-'.repeat(w)).join('  '), line(rows.at(-1)!)];

  const skipped = report.outcomes.filter((o) => o.status === 'skipped');
  if (skipped.length) out.push('', 'Skipped:', ...skipped.map((o) => `  ${o.feature} › ${o.name}: ${o.detail}`));
  const failed = report.outcomes.filter((o) => o.status === 'failed');
  if (failed.length) {
    out.push('', 'Failed:');
    for (const o of failed) out.push(`  ${o.feature} › ${o.name}`, ...clip(o.detail ?? '').split('\n').map((l) => `      ${l}`));
  }
  out.push('', summaryLine(report));
  return out.join('\n');
}
