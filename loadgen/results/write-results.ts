/**
 * Writes one run's results into its folder: invocations.csv (one row per invocation), status.csv (the sampled
 * running/queued counts), summary.json, and the run's figures (latency CDF, timeline against Little's law).
 * Reads them back for `compare`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowCdfFigure, timelineFigure } from '../plots/figures.js';
import type { StatusSample } from '../status-sampler.js';
import { parseRecordsCsv, recordsToCsv, type InvocationRecord } from './invocation-record.js';
import type { Summary } from './summary.js';

export const FILES = {
  invocations: 'invocations.csv',
  status: 'status.csv',
  summary: 'summary.json',
  flowCdf: 'latency-cdf.svg',
  timeline: 'timeline.svg',
};

export function writeRun(dir: string, records: readonly InvocationRecord[], samples: readonly StatusSample[], summary: Summary): string[] {
  mkdirSync(dir, { recursive: true });
  const written = [
    write(dir, FILES.invocations, recordsToCsv(records)),
    write(dir, FILES.status, ['tMs,running,queued,limit', ...samples.map((s) => `${Math.round(s.tMs * 1000) / 1000},${s.running},${s.queued},${s.limit}`)].join('\n') + '\n'),
    write(dir, FILES.summary, JSON.stringify(summary, null, 2) + '\n'),
    write(dir, FILES.flowCdf, flowCdfFigure([{ label: summary.label, records, warmMs: new Map() }], `End-to-end latency CDF — ${summary.label}`)),
  ];
  if (samples.length > 0) written.push(write(dir, FILES.timeline, timelineFigure(samples, summary, `Concurrency and queue vs Little's law — ${summary.label}`)));
  return written;
}

export interface StoredRun {
  dir: string;
  summary: Summary;
  records: InvocationRecord[];
}

export function readRun(dir: string): StoredRun {
  return {
    dir,
    summary: JSON.parse(readFileSync(join(dir, FILES.summary), 'utf8')) as Summary,
    records: parseRecordsCsv(readFileSync(join(dir, FILES.invocations), 'utf8')),
  };
}

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
