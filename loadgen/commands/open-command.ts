/**
 * `loadgen open`: replays a trace against a target (run-open.ts), writes the run's folder (invocations.csv,
 * status.csv, summary.json, figures) and prints the per-function table and the Little's-law check.
 * Exit status 0 even when the check fails: the verdict is data (see summary.json `littlesLaw.pass`).
 */
import { parseArgs } from 'node:util';
import { VirtualClock } from '../../common/clock.js';
import { writeRun } from '../results/write-results.js';
import { formatSummary } from '../results/table.js';
import { runOpen } from '../run-open.js';
import { readTrace, scaleTrace } from '../trace/trace-files.js';
import { defaultOutDir, numberFlag, optionalNumber } from './flags.js';
import { resolveTarget, TARGET_FLAGS, TARGET_HELP } from './target-options.js';

export const OPEN_USAGE = `loadgen open --trace PATH [options]
  --trace PATH          trace.csv, or a folder with trace.csv and metadata.csv
  --metadata PATH       metadata CSV or JSON (default: metadata.csv beside the trace)
  --time-scale F        multiply every time (arrivals and durations) by F: concurrency is unchanged (default 1)
  --max-ms MS           replay only the first MS of the trace (after scaling)
  --no-prewarm          skip the Little's-law prewarm; --prewarm-cap N caps it per function (default 50)
  --sample-ms MS        worker status sampling period, ≤ 500 (default 250; 100 on a virtual clock)
  --warmup-ms MS        start of the Little's-law window (default 10% of the trace)
  --out DIR             results folder (default results/loadgen/open-<time>); --label NAME names the run
  --quiet               no progress bar
${TARGET_HELP}`;

export async function openCommand(argv: string[]): Promise<void> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      ...TARGET_FLAGS,
      trace: { type: 'string' }, metadata: { type: 'string' }, 'time-scale': { type: 'string' }, 'max-ms': { type: 'string' },
      'no-prewarm': { type: 'boolean' }, 'prewarm-cap': { type: 'string' }, 'sample-ms': { type: 'string' },
      'warmup-ms': { type: 'string' }, out: { type: 'string' }, label: { type: 'string' }, quiet: { type: 'boolean' },
    },
  });
  if (!v.trace) throw new Error(`--trace is required\n${OPEN_USAGE}`);
  const timeScale = numberFlag(v['time-scale'], 1, 'time-scale');
  let trace = scaleTrace(readTrace(v.trace, v.metadata), timeScale);
  const maxMs = optionalNumber(v['max-ms'], 'max-ms');
  if (maxMs !== undefined) trace = { ...trace, events: trace.events.filter((e) => e.timeMs < maxMs) };
  const { target, worker } = resolveTarget(v);
  const virtual = target.clock instanceof VirtualClock;
  const label = v.label ?? worker?.queuePolicy ?? 'run';
  const out = v.out ?? defaultOutDir('open');
  const warmupMs = optionalNumber(v['warmup-ms'], 'warmup-ms');
  try {
    const result = await runOpen({
      target, trace, label,
      prewarm: !v['no-prewarm'],
      prewarmCap: numberFlag(v['prewarm-cap'], 50, 'prewarm-cap'),
      sampleMs: numberFlag(v['sample-ms'], virtual ? 100 : 250, 'sample-ms'),
      ...(warmupMs !== undefined ? { warmupMs } : {}),
      progress: !v.quiet,
      extra: {
        command: 'open', trace: v.trace, timeScale, ...(maxMs !== undefined ? { maxMs } : {}),
        ...(worker ? { worker: { ...worker } } : {}),
      },
    });
    const files = writeRun(out, result.records, result.samples, result.summary);
    process.stdout.write(`${formatSummary(result.summary)}\n\nwrote ${files.join(', ')}\n`);
  } finally {
    await target.close();
  }
}
