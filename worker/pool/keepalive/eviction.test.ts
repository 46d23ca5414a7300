import type { IdleContainer } from './eviction-policy.js';
import { evictionPolicies } from './index.js';
import { createLruPolicy, lruOrder } from './lru.js';
import { createTtlPolicy } from './ttl.js';

/** An idle container released at `lastUsedAt` (ms since an arbitrary origin). */
const idle = (id: string, lastUsedAt: number, memoryMb = 256, uses = 1): IdleContainer =>
  ({ id, functionKey: `guest/${id}@0.0.1`, memoryMb, createdAt: 0, lastUsedAt, uses });

describe('LRU keep-alive', () => {
  it.each([
    { name: 'empty', set: [], order: [] },
    { name: 'one container', set: [idle('a', 5)], order: ['a'] },
    { name: 'already oldest first', set: [idle('a', 1), idle('b', 2), idle('c', 3)], order: ['a', 'b', 'c'] },
    { name: 'newest first', set: [idle('c', 3), idle('b', 2), idle('a', 1)], order: ['a', 'b', 'c'] },
    { name: 'shuffled', set: [idle('m', 50), idle('x', 10), idle('z', 99), idle('k', 20)], order: ['x', 'k', 'm', 'z'] },
    { name: 'size and popularity ignored', set: [idle('big', 2, 2048, 1), idle('hot', 1, 128, 1000)], order: ['hot', 'big'] },
    { name: 'ties keep the given order', set: [idle('p', 7), idle('q', 7), idle('r', 3)], order: ['r', 'p', 'q'] },
  ])('orders by last use, oldest first: $name', ({ set, order }) => {
    expect(lruOrder(set)).toEqual(order);
    expect(createLruPolicy().plan(set, 1_000_000)).toEqual({ now: [], order });
  });

  it('never expires anything, however old', () => {
    expect(createLruPolicy().plan([idle('a', 0)], Number.MAX_SAFE_INTEGER).now).toEqual([]);
  });

  it('does not reorder its input', () => {
    const set = [idle('b', 2), idle('a', 1)];
    lruOrder(set);
    expect(set.map((c) => c.id)).toEqual(['b', 'a']);
  });
});

describe('TTL keep-alive', () => {
  const TTL = 1_000;
  // Idle since: a 0, b 400, c 900, d 1000 (all relative to the same origin as `now`).
  const set = [idle('c', 900), idle('a', 0), idle('d', 1_000), idle('b', 400)];

  it.each([
    { now: 500, expired: [], rest: ['a', 'b', 'c', 'd'] },
    { now: 999, expired: [], rest: ['a', 'b', 'c', 'd'] },
    { now: 1_000, expired: ['a'], rest: ['b', 'c', 'd'] }, // idle exactly the TTL: expired
    { now: 1_399, expired: ['a'], rest: ['b', 'c', 'd'] },
    { now: 1_400, expired: ['a', 'b'], rest: ['c', 'd'] },
    { now: 1_950, expired: ['a', 'b', 'c'], rest: ['d'] },
    { now: 5_000, expired: ['a', 'b', 'c', 'd'], rest: [] },
  ])('at now=$now evicts $expired at once and orders $rest by LRU', ({ now, expired, rest }) => {
    expect(createTtlPolicy(TTL).plan(set, now)).toEqual({ now: expired, order: rest });
  });

  it.each([
    { ttl: 1, now: 10, set: [idle('a', 9), idle('b', 10)], expected: { now: ['a'], order: ['b'] } },
    { ttl: 600_000, now: 599_999, set: [idle('a', 0)], expected: { now: [], order: ['a'] } },
    { ttl: 600_000, now: 600_000, set: [idle('a', 0)], expected: { now: ['a'], order: [] } },
  ])('honours its TTL ($ttl ms)', ({ ttl, now, set: s, expected }) => {
    expect(createTtlPolicy(ttl).plan(s, now)).toEqual(expected);
  });

  it('returns every idle id exactly once', () => {
    const many = Array.from({ length: 50 }, (_, i) => idle(`c${i}`, (i * 37) % 2_000));
    const plan = createTtlPolicy(TTL).plan(many, 2_500);
    expect([...plan.now, ...plan.order].sort()).toEqual(many.map((c) => c.id).sort());
  });
});

describe('eviction policy registry', () => {
  it.each([
    { name: 'lru', now: [], order: ['a', 'b'] },
    { name: 'ttl', now: ['a'], order: ['b'] },
  ] as const)('$name builds the named policy with the configured TTL', ({ name, now, order }) => {
    const policy = evictionPolicies[name]({ idleTtlMs: 100 });
    expect(policy.name).toBe(name);
    expect(policy.plan([idle('b', 950), idle('a', 0)], 1_000)).toEqual({ now, order });
  });
});
