/**
 * Congestion signal `loadAverage`: the host's 1-minute load average ÷ cores (Ilúvatar's AIMD signal; paper §4.1).
 * Known caveats: the kernel's 1-minute window lags a burst by tens of seconds, and it counts every process on the
 * host, not only ours; meaningless on the simulation backend (use `runningEwma` there).
 */
import type { CongestionSignal, SignalDeps } from './congestion-signal.js';

export function createLoadAverageSignal(deps: Pick<SignalDeps, 'cores' | 'loadavg'>): CongestionSignal {
  const cores = Math.max(1, deps.cores);
  return {
    name: 'loadAverage',
    read: () => (deps.loadavg()[0] ?? 0) / cores,
  };
}
