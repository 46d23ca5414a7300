/**
 * CongestionSignal: how loaded the worker is, per core (≈ 1.0 = every core busy), read by the AIMD regulator once
 * per period and by the bypass check on every arrival (Ilúvatar §4.1, worker-design.md §5–6).
 *
 * Implementations:
 * - `loadAverage` (load-average.ts): the host's 1-minute load average ÷ cores (Ilúvatar's signal). Slow to react.
 * - `runningEwma` (running-ewma.ts): a synthetic load average for the simulation backend, which puts no load on
 *   the host: new = 0.5·(running + 0.5) + 0.5·old, stepped once per period, ÷ cores.
 */
export interface CongestionSignal {
  readonly name: string;
  /** Current value per core. Cheap; callable at any time. */
  read(): number;
}

export interface SignalDeps {
  /** Cores the value is divided by (the simulated worker's cores on the simulation backend). */
  cores: number;
  /** The sampling period of signals that smooth over time, ms (the AIMD period). */
  periodMs: number;
  /** Invocations running now, bypassed ones included. */
  running: () => number;
  /** Current time, ms (the injected Clock's `now`). */
  now: () => number;
  /** The host's load averages (os.loadavg), injected for tests. */
  loadavg: () => number[];
}
