/**
 * E(f), the expected execution time every size-aware policy keys on, computed once when an invocation of f is
 * enqueued (Ilúvatar §4.2, worker-design.md §3):
 *
 *   unknown f (no time sample, nothing seeded)  → 0, so size-aware queues run it soon (the paper's rule)
 *   an idle warm container of f exists          → warm
 *   else an idle prewarmed container exists     → prewarmMs, falling back to warm
 *   else (a cold start)                         → coldMs, falling back to initMs + warm, then defaultColdStartMs + warm
 *
 * where warm = warmMs, falling back to execMs (a function that only ran cold has an execution time but no warm
 * sample yet). Averages are the characteristics' EWMAs.
 *
 * Worked example: f with warmMs 10, coldMs 510. A burst of 4 with one idle warm container: the first gets E = 10,
 * the other three E = 510 and sort behind other work; by the time they reach the head the first has returned its
 * container, so the burst reuses it instead of starting 4 containers (the "thundering herd", paper Fig. 7a).
 *
 * Known caveats: "idle" is judged at insertion and never revised; the default cold start is a single configured
 * number whatever the image. Paper ≠ code: Ilúvatar's SJF and EEDF key on the blended average; we follow the paper.
 */
import type { FunctionStats } from './function-characteristics.js';

/** What the pool could hand f right now without creating a container. */
export type IdleState = 'warm' | 'prewarm' | 'none';

/** Known = at least one time sample (measured or seeded). An unknown function never bypasses the queue. */
export function isKnown(s: Readonly<FunctionStats> | undefined): s is Readonly<FunctionStats> {
  return !!s && (s.warmMs.samples > 0 || s.prewarmMs.samples > 0 || s.coldMs.samples > 0 || s.execMs.samples > 0
    || s.initMs.samples > 0);
}

export function expectedExecutionMs(
  s: Readonly<FunctionStats> | undefined, idle: IdleState, defaultColdStartMs: number,
): number {
  if (!isKnown(s)) return 0;
  const warm = s.warmMs.samples > 0 ? s.warmMs.avg : s.execMs.samples > 0 ? s.execMs.avg : 0;
  if (idle === 'warm') return warm;
  if (idle === 'prewarm') return s.prewarmMs.samples > 0 ? s.prewarmMs.avg : warm;
  if (s.coldMs.samples > 0) return s.coldMs.avg;
  if (s.initMs.samples > 0) return s.initMs.avg + warm;
  return defaultColdStartMs + warm;
}
