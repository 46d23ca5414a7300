/**
 * Short-function bypass (Ilúvatar §4.1, worker-design.md §6): an invocation of f skips queue and regulator when
 * all of these hold —
 *   1. bypassMs > 0 (the feature is on) and f is known with a warm average > 0 and < bypassMs;
 *   2. an idle warm container of f can be taken right now (never bypass into a cold start);
 *   3. the congestion signal (per core) is below bypassMaxLoad (the paper's load-average limit; Ilúvatar's code
 *      omits this check, we keep it).
 *
 * Worked example (bypassMs 20, bypassMaxLoad 1.0): f warm 8 ms with an idle warm container at signal 0.6 →
 * bypass; the same f with only a prewarmed container, or at signal 1.1, or g with warm 35 ms → queue.
 *
 * Known caveats: bypassed work holds no regulator slot, so running may exceed the limit; the signal is the only
 * brake. The invoker must take the container in the same tick as this check (it does: acquire takes a warm
 * container synchronously), or another arrival could take it first.
 */
import { isKnown, type IdleState } from '../characteristics/expected-time.js';
import type { FunctionStats } from '../characteristics/function-characteristics.js';

export interface BypassInputs {
  stats: Readonly<FunctionStats> | undefined;
  idle: IdleState;
  /** The congestion signal now, per core; a thunk so it is read only when the cheaper checks pass. */
  signal: () => number;
  bypassMs: number;
  bypassMaxLoad: number;
}

export function shouldBypass({ stats, idle, signal, bypassMs, bypassMaxLoad }: BypassInputs): boolean {
  if (bypassMs <= 0 || !isKnown(stats)) return false;
  const warm = stats.warmMs;
  if (warm.samples === 0 || warm.avg <= 0 || warm.avg >= bypassMs) return false;
  if (idle !== 'warm') return false;
  return signal() < bypassMaxLoad;
}
