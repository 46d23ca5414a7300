/**
 * A synthetic trace in the spirit of the Azure Functions trace (Ilúvatar §5.1, worker-design.md §13): K functions
 * with log-normal warm times over a realistic range, a cold-start cost on top, log-uniform popularity and per-function
 * log-normal inter-arrival times (each with its own variability). One global factor k stretches every IAT so that the
 * trace's expected concurrency Σᶠ λᶠ·warmMsᶠ meets a target load (Little's law).
 *
 * Algorithm: each function draws a base mean IAT mᶠ and a fixed sequence of unit-mean IAT samples u₁, u₂, …;
 * its arrivals are at k·mᶠ·(u₀·U + u₁ + … + uⱼ). The concurrency measured on the generated arrivals, C(k), is a
 * non-increasing step function of k; bisection on log k finds the k whose C(k) is nearest the target. Using the
 * generated counts (not the analytic 1/mᶠ) keeps rare, long functions from throwing the load off by their luck.
 * Example (seed 1, defaults): 21 functions, 10 minutes, target 16 → ~22,000 invocations, ~37 req/s, C = 16.00.
 *
 * Bursty variant: the same stationary trace plus a Poisson burst of one function (default: the shortest, as in the
 * paper's Fig. 9) at `burst.rps` for `burst.durationMs`. The burst is not counted in the target.
 * Known caveats: durations are constants per function (no per-invocation variance); IATs are log-normal, not the
 * Azure trace's empirical CDFs.
 */
import { createRandom, type Random } from '../random.js';
import type { FunctionMeta, Trace, TraceEvent } from './trace-files.js';

export interface TraceSpec {
  seed: number;
  functions: number;
  durationMs: number;
  /** Expected concurrency Σ λ·warmMs to aim at (e.g. slightly above the worker's cores). */
  targetLoad: number;
  warm: { medianMs: number; sigma: number; minMs: number; maxMs: number };
  /** Cold-start cost added to the warm time: coldMs = warmMs + init. */
  init: { medianMs: number; sigma: number; minMs: number; maxMs: number };
  /** Popularity: base rates are log-uniform over this many decades. */
  popularityDecades: number;
  /** Each function's IAT coefficient of variation is uniform in [min, max] (1 ≈ Poisson-like, > 1 bursty). */
  iatCv: { min: number; max: number };
  memoryMb: readonly number[];
  burst?: BurstSpec;
}

export interface BurstSpec {
  /** Function name; default the one with the smallest warm time. */
  function?: string;
  rps: number;
  startMs: number;
  durationMs: number;
}

export const DEFAULT_SPEC: TraceSpec = {
  seed: 1,
  functions: 21,
  durationMs: 10 * 60_000,
  targetLoad: 17,
  warm: { medianMs: 400, sigma: 1.4, minMs: 10, maxMs: 20_000 },
  init: { medianMs: 600, sigma: 0.4, minMs: 150, maxMs: 3_000 },
  popularityDecades: 2,
  iatCv: { min: 0.5, max: 2.5 },
  memoryMb: [128, 256, 256, 512],
};

export interface FunctionInfo extends FunctionMeta {
  invocations: number;
  ratePerSec: number;
  meanIatMs: number;
  iatCv: number;
  /** λ·warmMs from the generated arrivals (stationary part). */
  concurrency: number;
}

export interface BuiltTrace extends Trace {
  info: {
    spec: TraceSpec;
    /** The IAT stretch factor found. */
    iatScale: number;
    /** Σ λ·warmMs of the stationary part (the target's match). */
    expectedConcurrency: number;
    /** Σ λ·warmMs including the burst, averaged over the whole trace. */
    expectedConcurrencyWithBurst: number;
    requestsPerSec: number;
    burstFunction?: string;
    functions: FunctionInfo[];
  };
}

interface Sampled {
  meta: FunctionMeta;
  baseIatMs: number;
  cv: number;
  stream: number;
}

export function buildTrace(spec: TraceSpec): BuiltTrace {
  if (spec.functions < 1 || spec.durationMs <= 0 || spec.targetLoad <= 0) throw new Error('functions, duration and target load must be positive');
  const rnd = createRandom(spec.seed);
  const sampled: Sampled[] = [];
  for (let i = 0; i < spec.functions; i++) {
    const warmMs = roundMs(clamp(rnd.logNormal(spec.warm.medianMs, spec.warm.sigma), spec.warm.minMs, spec.warm.maxMs));
    const initMs = roundMs(clamp(rnd.logNormal(spec.init.medianMs, spec.init.sigma), spec.init.minMs, spec.init.maxMs));
    const memoryMb = rnd.pick(spec.memoryMb);
    // Log-uniform popularity: base rate 1 ÷ s down to 10^-decades ÷ s.
    const baseIatMs = 1000 * 10 ** (rnd.next() * spec.popularityDecades);
    const cv = rnd.uniform(spec.iatCv.min, spec.iatCv.max);
    sampled.push({ meta: { name: `fn${String(i).padStart(2, '0')}`, warmMs, coldMs: roundMs(warmMs + initMs), memoryMb }, baseIatMs, cv, stream: i + 1 });
  }

  const concurrencyAt = (k: number) => busyMsAt(spec, sampled, k) / spec.durationMs;
  const k = solveScale(spec.targetLoad, concurrencyAt, sampled);
  const stationary = generate(spec, sampled, k);
  const functions = sampled.map((s) => s.meta);
  let events = stationary;
  let burstFunction: string | undefined;
  if (spec.burst) {
    burstFunction = spec.burst.function ?? [...functions].sort((a, b) => a.warmMs - b.warmMs)[0]!.name;
    if (!functions.some((f) => f.name === burstFunction)) throw new Error(`unknown burst function ${burstFunction}`);
    events = mergeSorted(stationary, burstEvents(spec.seed, burstFunction, spec.burst, spec.durationMs));
  }

  const seconds = spec.durationMs / 1000;
  const counts = countBy(stationary);
  const info: FunctionInfo[] = sampled.map((s) => {
    const n = counts.get(s.meta.name) ?? 0;
    return {
      ...s.meta, invocations: n, ratePerSec: n / seconds, meanIatMs: k * s.baseIatMs, iatCv: roundMs(s.cv),
      concurrency: ((n / seconds) * s.meta.warmMs) / 1000,
    };
  });
  return {
    events,
    functions,
    info: {
      spec, iatScale: k,
      expectedConcurrency: concurrencyOf(sampled, stationary, spec.durationMs),
      expectedConcurrencyWithBurst: concurrencyOf(sampled, events, spec.durationMs),
      requestsPerSec: events.length / seconds,
      ...(burstFunction ? { burstFunction } : {}),
      functions: info,
    },
  };
}

/** Arrivals of every function for IAT factor k, sorted. Each function's draws come from its own stream. */
function generate(spec: TraceSpec, sampled: readonly Sampled[], k: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (const s of sampled) arrivals(spec, s, k, (t) => events.push({ timeMs: roundMs(t), fn: s.meta.name }));
  return events.sort(byTime);
}

/** Σ warmMs over the arrivals for factor k, without building the events (the bisection's inner loop). */
function busyMsAt(spec: TraceSpec, sampled: readonly Sampled[], k: number): number {
  let busy = 0;
  for (const s of sampled) arrivals(spec, s, k, () => { busy += s.meta.warmMs; });
  return busy;
}

function arrivals(spec: TraceSpec, s: Sampled, k: number, at: (t: number) => void): void {
  const r: Random = createRandom(spec.seed, s.stream);
  const meanMs = k * s.baseIatMs;
  let t = meanMs * r.unitMeanLogNormal(s.cv) * r.next(); // random phase: do not start every function at 0
  while (t < spec.durationMs) {
    at(t);
    t += meanMs * r.unitMeanLogNormal(s.cv);
  }
}

/** Bisection on log k for C(k) ≈ target; C is non-increasing in k. Returns the best k seen. */
function solveScale(target: number, concurrencyAt: (k: number) => number, sampled: readonly Sampled[]): number {
  const analytic = sampled.reduce((sum, s) => sum + s.meta.warmMs / s.baseIatMs, 0); // Σ S/m at k = 1
  let lo = Math.log(analytic / target) - Math.log(4);
  let hi = Math.log(analytic / target) + Math.log(4);
  for (let i = 0; i < 40 && concurrencyAt(Math.exp(lo)) < target; i++) lo -= Math.log(4);
  for (let i = 0; i < 40 && concurrencyAt(Math.exp(hi)) > target; i++) hi += Math.log(4);
  let best = { k: Math.exp((lo + hi) / 2), err: Infinity };
  for (let i = 0; i < 48; i++) {
    const mid = (lo + hi) / 2;
    const k = Math.exp(mid);
    const c = concurrencyAt(k);
    const err = Math.abs(c - target);
    if (err < best.err) best = { k, err };
    if (err < target * 1e-4 || hi - lo < 1e-6) break;
    if (c > target) lo = mid;
    else hi = mid;
  }
  return best.k;
}

function burstEvents(seed: number, fn: string, burst: BurstSpec, traceMs: number): TraceEvent[] {
  const r = createRandom(seed, 1_000_003);
  const events: TraceEvent[] = [];
  const end = Math.min(traceMs, burst.startMs + burst.durationMs);
  for (let t = burst.startMs + r.exponential(1000 / burst.rps); t < end; t += r.exponential(1000 / burst.rps)) {
    events.push({ timeMs: roundMs(t), fn });
  }
  return events;
}

function concurrencyOf(sampled: readonly Sampled[], events: readonly TraceEvent[], durationMs: number): number {
  const warm = new Map(sampled.map((s) => [s.meta.name, s.meta.warmMs]));
  let busyMs = 0;
  for (const e of events) busyMs += warm.get(e.fn)!;
  return busyMs / durationMs;
}

function mergeSorted(a: TraceEvent[], b: TraceEvent[]): TraceEvent[] {
  return [...a, ...b].sort(byTime);
}

const byTime = (x: TraceEvent, y: TraceEvent) => x.timeMs - y.timeMs || (x.fn < y.fn ? -1 : x.fn > y.fn ? 1 : 0);

function countBy(events: readonly TraceEvent[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of events) m.set(e.fn, (m.get(e.fn) ?? 0) + 1);
  return m;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const roundMs = (x: number) => Math.round(x * 1000) / 1000;
