import { buildTrace, DEFAULT_SPEC, type TraceSpec } from './build-trace';

const spec = (over: Partial<TraceSpec> = {}): TraceSpec => ({ ...DEFAULT_SPEC, durationMs: 120_000, ...over });

/** Σ λ·warm recomputed from the events alone, independent of the builder's own bookkeeping. */
function concurrencyOfEvents(trace: ReturnType<typeof buildTrace>, durationMs: number, skip?: string): number {
  const warm = new Map(trace.functions.map((f) => [f.name, f.warmMs]));
  return trace.events.filter((e) => e.fn !== skip).reduce((s, e) => s + warm.get(e.fn)!, 0) / durationMs;
}

describe('buildTrace', () => {
  it('is a pure function of its seed', () => {
    const a = buildTrace(spec({ seed: 7 }));
    const b = buildTrace(spec({ seed: 7 }));
    expect(b.events).toEqual(a.events);
    expect(b.functions).toEqual(a.functions);
    const c = buildTrace(spec({ seed: 8 }));
    expect(c.functions).not.toEqual(a.functions);
  });

  it.each([
    [1, 4],
    [1, 16],
    [2, 16],
    [3, 48],
    [4, 100],
  ])('seed %i: the trace\'s expected concurrency Σ λ·warm hits the target %i within 3%%', (seed, target) => {
    const t = buildTrace(spec({ seed, targetLoad: target }));
    const c = concurrencyOfEvents(t, 120_000);
    expect(Math.abs(c - target) / target).toBeLessThan(0.03);
    expect(t.info.expectedConcurrency).toBeCloseTo(c, 6);
  });

  it('doubling the target roughly doubles the request rate (IATs scale, durations do not)', () => {
    const a = buildTrace(spec({ targetLoad: 8 }));
    const b = buildTrace(spec({ targetLoad: 16 }));
    expect(b.functions).toEqual(a.functions);
    expect(b.events.length / a.events.length).toBeGreaterThan(1.8);
    expect(b.events.length / a.events.length).toBeLessThan(2.2);
  });

  it('produces sorted events of known functions within the duration, with warm ≤ cold', () => {
    const t = buildTrace(spec());
    const names = new Set(t.functions.map((f) => f.name));
    expect(t.functions).toHaveLength(DEFAULT_SPEC.functions);
    const unsorted = t.events.filter((e, i) => i > 0 && e.timeMs < t.events[i - 1]!.timeMs);
    const stray = t.events.filter((e) => !names.has(e.fn) || e.timeMs < 0 || e.timeMs >= 120_000);
    expect(unsorted).toEqual([]);
    expect(stray).toEqual([]);
    for (const f of t.functions) {
      expect(f.warmMs).toBeGreaterThanOrEqual(DEFAULT_SPEC.warm.minMs);
      expect(f.warmMs).toBeLessThanOrEqual(DEFAULT_SPEC.warm.maxMs);
      expect(f.coldMs).toBeGreaterThan(f.warmMs);
    }
  });

  it('the bursty variant adds only the burst to the stationary trace, inside its minute', () => {
    const stationary = buildTrace(spec());
    const bursty = buildTrace(spec({ burst: { rps: 20, startMs: 30_000, durationMs: 60_000 } }));
    const shortest = [...stationary.functions].sort((a, b) => a.warmMs - b.warmMs)[0]!.name;
    expect(bursty.info.burstFunction).toBe(shortest);
    const key = (e: { timeMs: number; fn: string }) => `${e.timeMs}/${e.fn}`;
    const base = new Map<string, number>();
    for (const e of stationary.events) base.set(key(e), (base.get(key(e)) ?? 0) + 1);
    const added = bursty.events.filter((e) => {
      const n = base.get(key(e)) ?? 0;
      if (n === 0) return true;
      base.set(key(e), n - 1);
      return false;
    });
    expect([...base.values()].every((n) => n === 0)).toBe(true);
    expect(added.every((e) => e.fn === shortest && e.timeMs >= 30_000 && e.timeMs < 90_000)).toBe(true);
    expect(added.length).toBeGreaterThan(20 * 60 * 0.8);
    expect(added.length).toBeLessThan(20 * 60 * 1.2);
    // The target counts the stationary part only.
    expect(bursty.info.expectedConcurrency).toBeCloseTo(stationary.info.expectedConcurrency, 9);
  });

  it('refuses a non-positive target', () => {
    expect(() => buildTrace(spec({ targetLoad: 0 }))).toThrow(/positive/);
  });
});
