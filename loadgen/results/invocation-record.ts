/**
 * The per-invocation result row the load generator writes (invocations.csv): every time in ms since the run's
 * start on the target's clock. Derived from an InvokeOutcome; the Little's-law check and every summary read these.
 */
import type { InvokeOutcome } from '../targets/target.js';

export interface InvocationRecord {
  function: string;
  /** When the platform received it: the send time (in process), or start − waitTime (HTTP), else the send time. */
  arrivalMs: number;
  /** Activation start: container acquisition on a cold start, else the run (the worker's `start`). */
  startMs: number;
  endMs: number;
  /** When the answer reached the load generator. */
  responseMs: number;
  /** start − arrival: time in the worker's queue (the `waitTime` annotation). */
  queueMs: number;
  /** end − start: time holding a concurrency slot (init included on a cold start). */
  execMs: number;
  /** response − send: end-to-end latency as the client saw it. */
  flowMs: number;
  cold: boolean;
  worker: string;
  /** Empty when the activation succeeded. */
  error: string;
}

export function toRecord(fn: string, o: InvokeOutcome, runStart: number): InvocationRecord {
  const sent = o.sentAt - runStart;
  const response = o.receivedAt - runStart;
  if (o.startAt === undefined || o.endAt === undefined) {
    return { function: fn, arrivalMs: sent, startMs: response, endMs: response, responseMs: response, queueMs: 0, execMs: 0, flowMs: response - sent, cold: false, worker: o.worker, error: o.error };
  }
  const start = o.startAt - runStart;
  const end = o.endAt - runStart;
  // The platform's own arrival time when it reports one; our send time otherwise (never after the start).
  const arrival = Math.min(start, o.waitMs !== undefined ? Math.max(sent, start - o.waitMs) : sent);
  return {
    function: fn, arrivalMs: arrival, startMs: start, endMs: end, responseMs: response,
    queueMs: start - arrival, execMs: end - start, flowMs: response - sent, cold: o.cold, worker: o.worker, error: o.error,
  };
}

const COLUMNS: (keyof InvocationRecord)[] = [
  'function', 'arrivalMs', 'startMs', 'endMs', 'responseMs', 'queueMs', 'execMs', 'flowMs', 'cold', 'worker', 'error',
];

export function recordsToCsv(records: readonly InvocationRecord[]): string {
  const cell = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v).replace(/[,\n]/g, ' '));
  return [COLUMNS.join(','), ...records.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export function parseRecordsCsv(text: string): InvocationRecord[] {
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l !== '');
  const cols = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const get = (c: keyof InvocationRecord) => cells[cols.indexOf(c)] ?? '';
    return {
      function: get('function'), arrivalMs: +get('arrivalMs'), startMs: +get('startMs'), endMs: +get('endMs'),
      responseMs: +get('responseMs'), queueMs: +get('queueMs'), execMs: +get('execMs'), flowMs: +get('flowMs'),
      cold: get('cold') === 'true', worker: get('worker'), error: get('error'),
    };
  });
}
