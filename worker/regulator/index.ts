/** Regulator and congestion-signal names → factories. Config validates the names (REGULATORS, CONGESTION_SIGNALS). */
import type { Clock } from '../../common/clock.js';
import type { AimdConfig } from '../../common/config/config.js';
import type { CONGESTION_SIGNALS, REGULATORS } from '../../common/config/schema.js';
import { AimdRegulator } from './aimd.js';
import type { ConcurrencyRegulator } from './concurrency-regulator.js';
import type { CongestionSignal, SignalDeps } from './congestion-signal.js';
import { FixedRegulator } from './fixed.js';
import { createLoadAverageSignal } from './load-average.js';
import { createRunningEwmaSignal } from './running-ewma.js';

export interface RegulatorSettings {
  /** The fixed limit (concurrencyLimit resolved: 0 → 2 × cores); AIMD's default floor. */
  fixedLimit: number;
  aimd: AimdConfig;
}

export interface RegulatorDeps {
  clock: Clock;
  signal: CongestionSignal;
}

export const regulators: Record<(typeof REGULATORS)[number], (s: RegulatorSettings, d: RegulatorDeps) => ConcurrencyRegulator> = {
  fixed: (s) => new FixedRegulator(s.fixedLimit),
  aimd: (s, d) => {
    const minLimit = s.aimd.minLimit > 0 ? s.aimd.minLimit : Math.max(1, s.fixedLimit);
    const maxLimit = s.aimd.maxLimit > 0 ? s.aimd.maxLimit : 2 * minLimit;
    return new AimdRegulator({ minLimit, maxLimit, periodMs: s.aimd.periodMs, maxLoad: s.aimd.maxLoad }, d.signal, d.clock);
  },
};

export const congestionSignals: Record<(typeof CONGESTION_SIGNALS)[number], (d: SignalDeps) => CongestionSignal> = {
  loadAverage: createLoadAverageSignal,
  runningEwma: createRunningEwmaSignal,
};
