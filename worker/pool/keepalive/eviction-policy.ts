/**
 * EvictionPolicy: a pure decision over the idle containers, their statistics and `now` (worker-design.md §7).
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
}
