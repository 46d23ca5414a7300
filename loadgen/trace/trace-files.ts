/**
 * Trace file formats, as Ilúvatar's load generator reads them: the trace is CSV `time_ms,function` (one invocation
 * per line, sorted by time), and the metadata gives each function's warm and cold times and memory, as CSV
 * `function,warm_ms,cold_ms,memory_mb` or a JSON array of `{function, warm_ms, cold_ms, memory_mb}`.
 * `cold_ms` is a whole cold invocation (creation + init + run), as Ilúvatar measures it, so cold_ms ≥ warm_ms.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

export interface FunctionMeta {
  name: string;
  warmMs: number;
  coldMs: number;
  memoryMb: number;
}

export interface TraceEvent {
  timeMs: number;
  fn: string;
}

export interface Trace {
  events: TraceEvent[];
  functions: FunctionMeta[];
}

export const TRACE_FILE = 'trace.csv';
export const METADATA_FILE = 'metadata.csv';

export function traceToCsv(events: readonly TraceEvent[]): string {
  return ['time_ms,function', ...events.map((e) => `${round3(e.timeMs)},${e.fn}`)].join('\n') + '\n';
}

export function metadataToCsv(functions: readonly FunctionMeta[]): string {
  return ['function,warm_ms,cold_ms,memory_mb', ...functions.map((f) => `${f.name},${round3(f.warmMs)},${round3(f.coldMs)},${f.memoryMb}`)]
    .join('\n') + '\n';
}

export function parseTraceCsv(text: string): TraceEvent[] {
  const rows = csvRows(text, ['time_ms', 'function']);
  const events = rows.map((r, i) => {
    const timeMs = Number(r.time_ms);
    if (!Number.isFinite(timeMs) || timeMs < 0 || !r.function) throw new Error(`trace line ${i + 2}: bad row`);
    return { timeMs, fn: r.function };
  });
  return events.sort((a, b) => a.timeMs - b.timeMs);
}

export function parseMetadata(text: string, format: 'csv' | 'json'): FunctionMeta[] {
  const rows: Record<string, unknown>[] = format === 'json'
    ? (JSON.parse(text) as Record<string, unknown>[])
    : csvRows(text, ['function', 'warm_ms', 'cold_ms', 'memory_mb']);
  return rows.map((r, i) => {
    const name = String(r.function ?? r.name ?? '');
    const warmMs = Number(r.warm_ms);
    const coldMs = Number(r.cold_ms ?? warmMs);
    const memoryMb = Number(r.memory_mb ?? 256);
    if (!name || !(warmMs >= 0) || !(coldMs >= 0) || !(memoryMb > 0)) throw new Error(`metadata entry ${i + 1}: bad values`);
    return { name, warmMs, coldMs: Math.max(coldMs, warmMs), memoryMb };
  });
}

/** Reads a trace: `path` is the trace CSV or a folder holding trace.csv and metadata.csv. */
export function readTrace(path: string, metadataPath?: string): Trace {
  const isDir = statSync(path).isDirectory();
  const tracePath = isDir ? join(path, TRACE_FILE) : path;
  const metaPath = metadataPath ?? join(isDir ? path : dirname(path), METADATA_FILE);
  const events = parseTraceCsv(readFileSync(tracePath, 'utf8'));
  const functions = parseMetadata(readFileSync(metaPath, 'utf8'), extname(metaPath) === '.json' ? 'json' : 'csv');
  const known = new Set(functions.map((f) => f.name));
  const missing = [...new Set(events.map((e) => e.fn))].filter((fn) => !known.has(fn));
  if (missing.length > 0) throw new Error(`functions without metadata: ${missing.join(', ')}`);
  return { events, functions };
}

export function writeTrace(dir: string, trace: Trace): { tracePath: string; metadataPath: string } {
  mkdirSync(dir, { recursive: true });
  const tracePath = join(dir, TRACE_FILE);
  const metadataPath = join(dir, METADATA_FILE);
  writeFileSync(tracePath, traceToCsv(trace.events));
  writeFileSync(metadataPath, metadataToCsv(trace.functions));
  return { tracePath, metadataPath };
}

/** Multiplies every time in a trace (arrivals and durations) by `factor`: concurrency λ·S is unchanged. */
export function scaleTrace(trace: Trace, factor: number): Trace {
  if (factor === 1) return trace;
  return {
    events: trace.events.map((e) => ({ timeMs: e.timeMs * factor, fn: e.fn })),
    functions: trace.functions.map((f) => ({ ...f, warmMs: f.warmMs * factor, coldMs: f.coldMs * factor })),
  };
}

function csvRows(text: string, required: string[]): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  for (const r of required) if (!header.includes(r)) throw new Error(`CSV header lacks "${r}" (has: ${header.join(',')})`);
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()]));
  });
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
