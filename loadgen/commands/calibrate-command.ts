/**
 * `loadgen calibrate`: turns a real (in-situ) run into the metadata of a simulation of it (worker-design.md §12
 * step 6): each function's mean measured warm execution time and mean cold time (acquisition to end), beside the
 * same arrivals. Replaying the output on the simulation backend asks "does the simulator reproduce this run?".
 */
import { parseArgs } from 'node:util';
import { mean } from '../results/stats.js';
import { formatTable } from '../results/table.js';
import { readRun } from '../results/write-results.js';
import { readTrace, scaleTrace, writeTrace, type FunctionMeta } from '../trace/trace-files.js';
import { numberFlag } from './flags.js';

export const CALIBRATE_USAGE = `loadgen calibrate --run DIR --trace PATH --out DIR [--time-scale F]
  writes DIR/trace.csv (the trace as the run replayed it, time scale applied) and DIR/metadata.csv with each
  function's measured mean warm and cold times (the trace's values where the run has no sample)`;

export function calibrateCommand(argv: string[]): void {
  const { values: v } = parseArgs({
    args: argv,
    options: { run: { type: 'string' }, trace: { type: 'string' }, metadata: { type: 'string' }, out: { type: 'string' }, 'time-scale': { type: 'string' } },
  });
  if (!v.run || !v.trace || !v.out) throw new Error(CALIBRATE_USAGE);
  const trace = scaleTrace(readTrace(v.trace, v.metadata), numberFlag(v['time-scale'], 1, 'time-scale'));
  const { records } = readRun(v.run);
  const measured = calibrate(trace.functions, records);
  writeTrace(v.out, { events: trace.events, functions: measured });
  process.stdout.write(formatTable(
    trace.functions.map((f, i) => [f.name, f.warmMs, measured[i]!.warmMs, f.coldMs, measured[i]!.coldMs]),
    ['function', 'warm ms (trace)', 'warm ms (measured)', 'cold ms (trace)', 'cold ms (measured)'],
  ) + `\nwrote ${v.out}/trace.csv and ${v.out}/metadata.csv\n`);
}

/** Measured mean times per function; the given ones where the run has no successful sample of that kind. */
export function calibrate(
  functions: readonly FunctionMeta[],
  records: readonly { function: string; execMs: number; cold: boolean; error: string }[],
): FunctionMeta[] {
  return functions.map((f) => {
    const ok = records.filter((r) => r.function === f.name && r.error === '');
    const warm = ok.filter((r) => !r.cold).map((r) => r.execMs);
    const cold = ok.filter((r) => r.cold).map((r) => r.execMs);
    const warmMs = warm.length > 0 ? mean(warm) : f.warmMs;
    const coldMs = cold.length > 0 ? mean(cold) : f.coldMs;
    return { ...f, warmMs: round3(warmMs), coldMs: round3(Math.max(coldMs, warmMs)) };
  });
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
