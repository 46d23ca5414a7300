/**
 * EvictionPolicy: a decision over the idle containers, their statistics and `now` (worker-design.md §7); pure for
 * LRU and TTL, stateful for GDSF (its Clock, advanced through `evicted`).
 * The pool's background loop applies it: evict `now` at once, and walk `order` while free memory is below the
 * buffer (or a cold start needs room). Never sees busy containers.
 */
export interface IdleContainer {
  id: string;
  functionKey: string;
  memoryMb: number;
  createdAt: number;
  lastUsedAt: number;
  /** Invocations this container has served. */
  uses: number;
  /** Invocations served by all cached containers of its function, idle and busy (GDSF's Freq); when known. */
  functionUses?: number;
  /** Its function's latest creation + init time, when one was measured here (GDSF's Cost). */
  initMs?: number;
  /** Its function's expected cold and warm times, when declared (annotations, trace metadata). */
  coldMs?: number;
  warmMs?: number;
}

export interface EvictionPlan {
  /** Ids to evict now (expired). */
  now: string[];
  /** The remaining idle ids, first to evict first. */
  order: string[];
}

export interface EvictionPolicy {
  readonly name: string;
  plan(idle: readonly IdleContainer[], nowMs: number): EvictionPlan;
  /**
   * Told of each idle container the pool evicted, right after the `plan` it followed. Only stateful policies need
   * it (GDSF advances its Clock here); pure ones leave it out.
   */
  evicted?(container: IdleContainer): void;
}
