/** LRU keep-alive: nothing expires; under memory pressure the least recently used idle container goes first. */
import type { EvictionPolicy, IdleContainer } from './eviction-policy.js';

export function lruOrder(idle: readonly IdleContainer[]): string[] {
  return [...idle].sort((a, b) => a.lastUsedAt - b.lastUsedAt).map((c) => c.id);
}

export function createLruPolicy(): EvictionPolicy {
  return { name: 'lru', plan: (idle) => ({ now: [], order: lruOrder(idle) }) };
}
