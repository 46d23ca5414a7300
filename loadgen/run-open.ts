/**
 * An open-loop run from start to summary: deploy the trace's functions, prewarm each by Little's law
 * (nᶠ = ⌈λᶠ·max(warm, cold)⌉, worker-design.md §8, as the paper does before every open-loop run), sample the
 * worker's status while the trace replays, then summarize with the Little's-law check over a window after warm-up.
 */
import { expectedConcurrency, prewarmCount } from './littles-law.js';
import { runOpenLoop } from './loops/open-loop.js';
import { createProgress } from './progress.js';
import type { InvocationRecord } from './results/invocation-record.js';
import { summarize, type Summary } from './results/summary.js';
import { startStatusSampler, type StatusSample } from './status-sampler.js';
import { invokeParams, type LoadTarget } from './targets/target.js';
import type { Trace } from './trace/trace-files.js';

export interface OpenRunOptions {
  target: LoadTarget;
  trace: Trace;
  label: string;
  /** Prewarm before the run (default true); at most `prewarmCap` containers per function. */
  prewarm?: boolean;
  prewarmCap?: number;
  /** Status sampling period, ms of the target's clock (≤ 500). */
  sampleMs?: number;
  /** Start of the Little's-law window; default 10% of the trace. The window ends at the last scheduled arrival. */
  warmupMs?: number;
  progress?: boolean;
  extra?: Record<string, unknown>;
}

export interface OpenRunResult {
  records: InvocationRecord[];
  samples: StatusSample[];
  summary: Summary;
  prewarmed: Record<string, { requested: number; ready: number }>;
}

export async function runOpen(options: OpenRunOptions): Promise<OpenRunResult> {
  const { target, trace } = options;
  const spanMs = trace.events.length > 0 ? trace.events[trace.events.length - 1]!.timeMs : 0;
  if (spanMs <= 0) throw new Error('the trace is empty or lasts 0 ms');
  const counts = new Map<string, number>();
  for (const e of trace.events) counts.set(e.fn, (counts.get(e.fn) ?? 0) + 1);
  const used = trace.functions.filter((f) => counts.has(f.name));
  const ratePerSec = (fn: string) => ((counts.get(fn) ?? 0) / spanMs) * 1000;

  await target.drive(target.deploy(used));
  const prewarmed: OpenRunResult['prewarmed'] = {};
  if (options.prewarm ?? true) {
    await target.drive(Promise.all(used.map(async (f) => {
      const requested = prewarmCount(ratePerSec(f.name), f.warmMs, f.coldMs, options.prewarmCap ?? 50);
      const ready = requested > 0 ? await target.prewarm(f.name, requested) : 0;
      prewarmed[f.name] = { requested, ready };
    })));
  }

  const params = new Map(used.map((f) => [f.name, invokeParams(f)]));
  const progress = createProgress(options.label, trace.events.length, process.stderr, options.progress ?? true);
  const runStart = target.clock.now();
  const sampler = startStatusSampler(target, runStart, Math.min(500, options.sampleMs ?? 250));
  const { records, maxLagMs } = await target.drive(runOpenLoop({
    target, events: trace.events, runStart, params: (fn) => params.get(fn)!,
    onProgress: (sent, done) => progress.update(done, `sent ${sent}`),
  }));
  await sampler.stop();
  progress.stop();

  const warmMs = new Map(trace.functions.map((f) => [f.name, f.warmMs]));
  const summary = summarize({
    label: options.label,
    target: target.name,
    records,
    warmMs,
    samples: sampler.samples,
    window: { fromMs: options.warmupMs ?? spanMs * 0.1, toMs: spanMs },
    traceExpectedConcurrency: expectedConcurrency(used.map((f) => ({ ratePerSec: ratePerSec(f.name), serviceMs: f.warmMs }))),
    extra: { ...options.extra, maxSendLagMs: maxLagMs, prewarmed },
  });
  return { records, samples: sampler.samples, summary, prewarmed };
}
