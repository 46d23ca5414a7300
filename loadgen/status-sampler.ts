/**
 * Samples the target's running and queued counts every `intervalMs` on the target's clock (≤ 500 ms, as the
 * Little's-law check of worker-design.md §12 asks), for time averages and the concurrency plot.
 */
import type { Timer } from '../common/clock.js';
import type { LoadTarget } from './targets/target.js';

export interface StatusSample {
  /** ms since the run's start. */
  tMs: number;
  running: number;
  queued: number;
  limit: number;
}

export interface StatusSampler {
  readonly samples: StatusSample[];
  /** Stops sampling; resolves once an in-flight status call has landed. */
  stop(): Promise<void>;
}

export function startStatusSampler(target: LoadTarget, runStart: number, intervalMs: number): StatusSampler {
  const samples: StatusSample[] = [];
  let timer: Timer | undefined;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    const at = target.clock.now() - runStart;
    inFlight = target.status().then(
      (s) => { samples.push({ tMs: at, running: s.running, queued: s.queued, limit: s.limit }); },
      () => {},
    );
    timer = target.clock.setTimer(intervalMs, tick);
  };
  tick();
  return {
    samples,
    async stop() {
      stopped = true;
      timer?.cancel();
      await inFlight;
    },
  };
}
