/**
 * Congestion signal `runningEwma`: a synthetic load average for the simulation backend (Ilúvatar's simulated
 * worker, worker-design.md §5). Once per period: ewma ← 0.5·(running + 0.5) + 0.5·ewma; the value is ewma ÷ cores.
 *
 * Worked example (cores 4, period 1 s, starts at 0): 6 invocations running for 3 periods → ewma 3.25, 4.875,
 * 5.6875 → values 0.81, 1.22, 1.42; it approaches (6 + 0.5) ÷ 4 = 1.625 while 6 stay running.
 *
 * Steps are taken lazily, on read: the periods elapsed since the last step are applied with the running count
 * seen now (the AIMD regulator reads once per period, so it sees exactly one step per read).
 * Known caveats: read rarely (no AIMD, bypass only), missed periods all use the current running count; after 64
 * missed periods the old value no longer matters (0.5⁶⁴), so at most 64 steps are applied.
 */
import type { CongestionSignal, SignalDeps } from './congestion-signal.js';

const MAX_STEPS = 64;

export function createRunningEwmaSignal(deps: Pick<SignalDeps, 'cores' | 'periodMs' | 'running' | 'now'>): CongestionSignal {
  const cores = Math.max(1, deps.cores);
  let ewma = 0;
  let steppedAt = deps.now();
  return {
    name: 'runningEwma',
    read() {
      const periods = Math.floor((deps.now() - steppedAt) / deps.periodMs);
      if (periods > 0) {
        const running = deps.running();
        for (let i = 0; i < Math.min(periods, MAX_STEPS); i++) ewma = 0.5 * (running + 0.5) + 0.5 * ewma;
        steppedAt += periods * deps.periodMs;
      }
      return ewma / cores;
    },
  };
}
