/** Latency statistics for benchmark samples (ms). */
export interface LatencySummary {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export function summarize(samplesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = samplesMs.reduce((a, b) => a + b, 0) / Math.max(1, samplesMs.length);
  return { samples: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), mean };
}

export const fmt = (ms: number, digits = 3) => ms.toFixed(digits);
