/**
 * A closed-loop run from start to summary: deploy one function, run N clients back to back, sample the worker's
 * status meanwhile, and summarize. Normalized latency uses the function's warm time as given (`warmMs`).
 */
import { runClosedLoop } from './loops/closed-loop.js';
import { createProgress } from './progress.js';
import type { InvocationRecord } from './results/invocation-record.js';
import { summarize, type Summary } from './results/summary.js';
import { startStatusSampler, type StatusSample } from './status-sampler.js';
import { invokeParams, type LoadTarget } from './targets/target.js';
import type { FunctionMeta } from './trace/trace-files.js';

export interface ClosedRunOptions {
  target: LoadTarget;
  fn: FunctionMeta;
  label: string;
  clients: number;
  durationMs?: number;
  perClient?: number;
  /** Skip creating the function (it exists already on the endpoint). */
  deploy?: boolean;
  sampleMs?: number;
  /** Start of the Little's-law window; default the later of 10% of the run and the first round of answers. */
  warmupMs?: number;
  progress?: boolean;
  extra?: Record<string, unknown>;
}

export interface ClosedRunResult {
  records: InvocationRecord[];
  samples: StatusSample[];
  summary: Summary;
}

export async function runClosed(options: ClosedRunOptions): Promise<ClosedRunResult> {
  const { target, fn } = options;
  if (options.deploy ?? true) await target.drive(target.deploy([fn]));
  const total = options.perClient !== undefined ? options.perClient * options.clients : 0;
  const progress = createProgress(options.label, total, process.stderr, (options.progress ?? true) && total > 0);
  const runStart = target.clock.now();
  const sampler = startStatusSampler(target, runStart, Math.min(500, options.sampleMs ?? 250));
  const records = await target.drive(runClosedLoop({
    target, fn: fn.name, params: invokeParams(fn), clients: options.clients, runStart,
    ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
    ...(options.perClient !== undefined ? { perClient: options.perClient } : {}),
    onProgress: (done) => progress.update(done),
  }));
  await sampler.stop();
  progress.stop();
  const endMs = records.reduce((m, r) => Math.max(m, r.arrivalMs), 0);
  // Until every client has had one answer, the run is in its cold-start transient, not in a steady state.
  const firstRound = records.map((r) => r.responseMs).sort((a, b) => a - b)[Math.min(records.length, options.clients) - 1] ?? 0;
  const fromMs = options.warmupMs ?? Math.max(endMs * 0.1, firstRound);
  const summary = summarize({
    label: options.label,
    target: target.name,
    records,
    warmMs: new Map([[fn.name, fn.warmMs]]),
    samples: sampler.samples,
    window: { fromMs, toMs: endMs },
    closedLoop: true,
    ...(options.extra ? { extra: options.extra } : {}),
  });
  return { records, samples: sampler.samples, summary };
}
