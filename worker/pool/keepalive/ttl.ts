/**
 * TTL keep-alive (OpenWhisk's idle timeout, ~10 minutes): a container idle longer than `idleTtlMs` is evicted;
 * the rest, under memory pressure, in LRU order.
 */
import type { EvictionPolicy } from './eviction-policy.js';
import { lruOrder } from './lru.js';

export function createTtlPolicy(idleTtlMs: number): EvictionPolicy {
  return {
    name: 'ttl',
    plan(idle, nowMs) {
      const expired = idle.filter((c) => nowMs - c.lastUsedAt >= idleTtlMs);
      const rest = idle.filter((c) => nowMs - c.lastUsedAt < idleTtlMs);
      return { now: lruOrder(expired), order: lruOrder(rest) };
    },
  };
}
