/**
 * A seeded pseudo-random generator (mulberry32) and the few distributions the trace builder needs, so a trace is
 * a pure function of its seed: the same seed gives the same functions, durations and arrivals on every machine.
 * Not for cryptography.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Log-normal with the given median and shape σ (of the underlying normal). */
  logNormal(medianMs: number, sigma: number): number;
  /** Log-normal with mean 1 and coefficient of variation `cv` (cv = 0 gives exactly 1). */
  unitMeanLogNormal(cv: number): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  pick<T>(items: readonly T[]): T;
}

/** A generator for `seed`; `stream` derives independent sub-streams (one per function) from one seed. */
export function createRandom(seed: number, stream = 0): Random {
  let state = hash32(seed, stream);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = 1 - next(); // (0, 1]: log is finite
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    unitMeanLogNormal(cv) {
      if (cv <= 0) return 1;
      const s2 = Math.log(1 + cv * cv);
      return Math.exp(-s2 / 2 + Math.sqrt(s2) * normal());
    },
    exponential: (mean) => -mean * Math.log(1 - next()),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** Mixes two integers into a 32-bit state (murmur3's finalizer), so nearby seeds give unrelated streams. */
function hash32(a: number, b: number): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul((b | 0) + 0x7f4a7c15, 0x85ebca6b)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
