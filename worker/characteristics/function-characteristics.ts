/**
 * Per-function characteristics kept in memory (worker-design.md §2): exponentially weighted averages of warm,
 * cold, init, exec, inter-arrival, end-to-end and queue times, plus counts. Constant memory per function.
 * Read by queue policies (expected execution time) and exposed read-only through the worker API.
 */
export interface Metric {
  avg: number;
  min: number;
  max: number;
  latest: number;
  samples: number;
}

export interface FunctionStats {
  warmMs: Metric;
  prewarmMs: Metric;
  coldMs: Metric;
  initMs: Metric;
  execMs: Metric;
  iatMs: Metric;
  e2eMs: Metric;
  queueMs: Metric;
  invocations: number;
  cold: number;
  warm: number;
  prewarm: number;
  /** Invocations that skipped queue and regulator (short-function bypass, worker-design.md §6). */
  bypassed: number;
  errors: number;
  lastArrivalMs: number;
}

export type MetricName = 'warmMs' | 'prewarmMs' | 'coldMs' | 'initMs' | 'execMs' | 'iatMs' | 'e2eMs' | 'queueMs';

const newMetric = (): Metric => ({ avg: 0, min: 0, max: 0, latest: 0, samples: 0 });

export class FunctionCharacteristics {
  private readonly stats = new Map<string, FunctionStats>();

  constructor(private readonly alpha: number) {}

  /** Records an arrival: counts it and samples the inter-arrival time. */
  recordArrival(functionKey: string, nowMs: number): void {
    const s = this.statsFor(functionKey);
    if (s.invocations > 0) this.sample(s, 'iatMs', nowMs - s.lastArrivalMs);
    s.lastArrivalMs = nowMs;
    s.invocations++;
  }

  record(functionKey: string, metric: MetricName, valueMs: number): void {
    this.sample(this.statsFor(functionKey), metric, valueMs);
  }

  count(functionKey: string, what: 'cold' | 'warm' | 'prewarm' | 'bypassed' | 'errors'): void {
    this.statsFor(functionKey)[what]++;
  }

  /** Seeds expected times (annotations, trace metadata) for a function never seen. */
  seed(functionKey: string, expected: { coldMs?: number; warmMs?: number }): void {
    const s = this.statsFor(functionKey);
    if (expected.warmMs !== undefined && s.warmMs.samples === 0) this.sample(s, 'warmMs', expected.warmMs);
    if (expected.coldMs !== undefined && s.coldMs.samples === 0) this.sample(s, 'coldMs', expected.coldMs);
  }

  get(functionKey: string): Readonly<FunctionStats> | undefined {
    return this.stats.get(functionKey);
  }

  snapshot(): Record<string, FunctionStats> {
    return Object.fromEntries([...this.stats].map(([k, v]) => [k, structuredClone(v)]));
  }

  private statsFor(functionKey: string): FunctionStats {
    let s = this.stats.get(functionKey);
    if (!s) {
      s = {
        warmMs: newMetric(), prewarmMs: newMetric(), coldMs: newMetric(), initMs: newMetric(), execMs: newMetric(),
        iatMs: newMetric(), e2eMs: newMetric(), queueMs: newMetric(),
        invocations: 0, cold: 0, warm: 0, prewarm: 0, bypassed: 0, errors: 0, lastArrivalMs: 0,
      };
      this.stats.set(functionKey, s);
    }
    return s;
  }

  private sample(s: FunctionStats, metric: MetricName, value: number): void {
    const m = s[metric];
    if (m.samples === 0) {
      m.avg = m.min = m.max = value;
    } else {
      m.avg = (1 - this.alpha) * m.avg + this.alpha * value;
      if (value < m.min) m.min = value;
      if (value > m.max) m.max = value;
    }
    m.latest = value;
    m.samples++;
  }
}
