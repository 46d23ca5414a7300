/**
 * Open loop: replays a trace on schedule whatever the responses (worker-design.md §13). Arrivals are timed against
 * the run's start on the target's clock, one timer at a time (so a virtual clock never holds the whole trace), and
 * an arrival that is already late is sent at once rather than skipped.
 */
import type { JsonObject } from '../../common/types/entities.js';
import type { InvocationRecord } from '../results/invocation-record.js';
import { toRecord } from '../results/invocation-record.js';
import type { LoadTarget } from '../targets/target.js';
import type { TraceEvent } from '../trace/trace-files.js';

export interface OpenLoopOptions {
  target: LoadTarget;
  events: readonly TraceEvent[];
  /** Epoch ms on the target's clock that trace time 0 maps to. */
  runStart: number;
  params: (fn: string) => JsonObject;
  onProgress?: (sent: number, done: number) => void;
}

export interface OpenLoopResult {
  records: InvocationRecord[];
  /** Largest lateness of a send against its schedule, ms (a load generator that cannot keep up shows here). */
  maxLagMs: number;
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { target, events, runStart } = options;
  const clock = target.clock;
  const records: InvocationRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  let maxLagMs = 0;
  let sent = 0;
  for (const event of events) {
    const wait = runStart + event.timeMs - clock.now();
    if (wait > 0) await clock.sleep(wait);
    else maxLagMs = Math.max(maxLagMs, -wait);
    sent++;
    const p: Promise<void> = target.invoke(event.fn, options.params(event.fn)).then((outcome) => {
      records.push(toRecord(event.fn, outcome, runStart));
      inFlight.delete(p);
      options.onProgress?.(sent, records.length);
    });
    inFlight.add(p);
  }
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  return { records: records.sort((a, b) => a.arrivalMs - b.arrivalMs), maxLagMs };
}
