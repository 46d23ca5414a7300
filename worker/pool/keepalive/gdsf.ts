/**
 * GDSF keep-alive: Greedy-Dual-Size-Frequency, keep-alive as caching (FaasCache, ASPLOS '21; worker-design.md §7).
 *
 * Algorithm. Every idle container c of function f carries a priority, set when it is released after a run or
 * created (prewarm):
 *     priority(c) = Clock + Freq(f) × Cost(f) ÷ Size(f)
 *   Freq(f)  invocations served by f's cached containers, idle and busy (IdleContainer.functionUses; without it, the
 *            sum of `uses` over f's idle containers); at least 1, so a fresh prewarm counts its creation
 *   Cost(f)  what a cold start would add: the measured initMs when known, else coldMs − warmMs (declared), else
 *            coldMs; never below COST_FLOOR_MS
 *   Size(f)  memoryMb
 * `plan` orders idle containers by ascending priority (ties: least recently used first); nothing expires.
 * Clock starts at 0 and advances only in `evicted`: Clock = max(Clock, priority of the evicted container). The pool
 * evicts in plan order, so after a round Clock is the highest priority evicted in it, and it never decreases.
 * When priorities are set: the policy only sees idle containers, so it (re)computes a container's priority the
 * first time a plan sees it with a new `lastUsedAt` or `uses` (it was released or created since). No eviction
 * happens between a release and that plan (the pool evicts right after planning), so this is the Clock of the
 * release.
 *
 * Worked example (Clock 0, costs are measured init times):
 *   a  128 MB, init 512 ms, 4 uses   0 + 4 × 512 ÷ 128 = 16
 *   b  512 MB, init 512 ms, 4 uses   0 + 4 × 512 ÷ 512 =  4
 *   c  128 MB, init  64 ms, 2 uses   0 + 2 ×  64 ÷ 128 =  1
 *   plan → c, b, a (small, cheap-to-restart or rare goes first; big goes before small).
 *   The pool needs room and evicts c, then b: Clock = 4.
 *   d, a new container of c's function (now 1 use), is released: 4 + 1 × 64 ÷ 128 = 4.5 → plan d, a.
 *   Later, with Clock at 15.5, another release of d (2 uses): 15.5 + 1 = 16.5 → plan a, d: a has the larger own
 *   value (16 vs 1) but has sat idle since Clock was 0, so recency wins (Clock makes long-idle containers fall
 *   behind); had a been used again meanwhile, its priority would have been recomputed on the new Clock.
 *
 * Known caveats:
 * - Stateful (Clock and the priorities): one instance per pool; the pool must call `evicted` (without it, GDSF
 *   degrades to Frequency × Cost ÷ Size with no aging).
 * - Freq forgets a function when its last container goes (as in FaasCache); a priority is not raised when only a
 *   sibling container of the same function gets used.
 * - Cost is the pool's latest init sample, not an average: one slow cold start inflates it until the next one.
 * - Only memory pressure evicts (on-demand reclaim, or the background loop below `freeBufferMb`); with a buffer of
 *   0 and free memory, GDSF keeps everything, like LRU.
 */
import type { EvictionPlan, EvictionPolicy, IdleContainer } from './eviction-policy.js';

/** Smallest cost a cold start is assumed to add (ms), so unknown or cheap functions still rank by Freq and Size. */
export const COST_FLOOR_MS = 1;

/** Cost(f): what re-creating the container would cost, in ms. */
export function coldStartCostMs(c: IdleContainer): number {
  let cost: number;
  if (c.initMs !== undefined) cost = c.initMs;
  else if (c.coldMs !== undefined) cost = c.coldMs - (c.warmMs ?? 0);
  else cost = 0;
  return Number.isFinite(cost) ? Math.max(COST_FLOOR_MS, cost) : COST_FLOOR_MS;
}

/** Freq(f) for every function in `idle`: the pool's functionUses when given, else the sum over idle containers. */
export function functionFrequencies(idle: readonly IdleContainer[]): Map<string, number> {
  const summed = new Map<string, number>();
  const reported = new Map<string, number>();
  for (const c of idle) {
    summed.set(c.functionKey, (summed.get(c.functionKey) ?? 0) + c.uses);
    if (c.functionUses !== undefined) reported.set(c.functionKey, Math.max(reported.get(c.functionKey) ?? 0, c.functionUses));
  }
  const freq = new Map<string, number>();
  for (const [key, uses] of summed) freq.set(key, Math.max(1, reported.get(key) ?? uses));
  return freq;
}

/** Freq × Cost ÷ Size: a container's priority above the Clock. */
export function gdsfValue(c: IdleContainer, freq: number): number {
  return (Math.max(1, freq) * coldStartCostMs(c)) / Math.max(1, c.memoryMb);
}

interface Ranked {
  priority: number;
  /** What the container looked like when the priority was set: a change means it was released again. */
  lastUsedAt: number;
  uses: number;
}

export class GdsfPolicy implements EvictionPolicy {
  readonly name = 'gdsf';
  private clockValue = 0;
  private readonly ranked = new Map<string, Ranked>();

  /** The current Clock (the inflation value L of Greedy-Dual). */
  get clock(): number {
    return this.clockValue;
  }

  /** The priority last set for an idle container, if the policy has seen it. */
  priorityOf(id: string): number | undefined {
    return this.ranked.get(id)?.priority;
  }

  plan(idle: readonly IdleContainer[], _nowMs: number): EvictionPlan {
    const freq = functionFrequencies(idle);
    const seen = new Set<string>();
    const entries = idle.map((c, index) => {
      seen.add(c.id);
      let r = this.ranked.get(c.id);
      if (!r || r.lastUsedAt !== c.lastUsedAt || r.uses !== c.uses) {
        r = { priority: this.clockValue + gdsfValue(c, freq.get(c.functionKey) ?? 1), lastUsedAt: c.lastUsedAt, uses: c.uses };
        this.ranked.set(c.id, r);
      }
      return { id: c.id, priority: r.priority, lastUsedAt: c.lastUsedAt, index };
    });
    // Busy or gone containers get a fresh priority when they come back idle; forget them now.
    for (const id of this.ranked.keys()) if (!seen.has(id)) this.ranked.delete(id);
    entries.sort((a, b) => a.priority - b.priority || a.lastUsedAt - b.lastUsedAt || a.index - b.index);
    return { now: [], order: entries.map((e) => e.id) };
  }

  evicted(c: IdleContainer): void {
    const priority = this.ranked.get(c.id)?.priority ?? this.clockValue + gdsfValue(c, c.functionUses ?? c.uses);
    this.ranked.delete(c.id);
    if (priority > this.clockValue) this.clockValue = priority;
  }
}

export function createGdsfPolicy(): GdsfPolicy {
  return new GdsfPolicy();
}
