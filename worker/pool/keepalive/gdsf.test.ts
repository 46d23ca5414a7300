import { VirtualClock } from '../../../common/clock.js';
import { silentLogger } from '../../../common/log.js';
import { SimulationBackend } from '../../backends/simulation/simulation-backend.js';
import type { Sandbox } from '../../backends/container-backend.js';
import { poolOptions, runnableAction } from '../../test-support/runnable.js';
import { drive } from '../../test-support/virtual-time.js';
import { ContainerPool } from '../container-pool.js';
import type { IdleContainer } from './eviction-policy.js';
import { COST_FLOOR_MS, coldStartCostMs, createGdsfPolicy, functionFrequencies, gdsfValue } from './gdsf.js';
import { evictionPolicies } from './index.js';

/** An idle container of function `fn` (default: its own), with a measured init time unless told otherwise. */
const idle = (id: string, o: Partial<IdleContainer> & { fn?: string } = {}): IdleContainer => {
  const { fn, ...rest } = o;
  return { id, functionKey: `guest/${fn ?? id}@0.0.1`, memoryMb: 128, createdAt: 0, lastUsedAt: 0, uses: 1, initMs: 512, ...rest };
};

/** A container released again: one more use, a new release time. */
const reused = (c: IdleContainer, at: number): IdleContainer => ({ ...c, uses: c.uses + 1, lastUsedAt: at });

describe('GDSF: the worked example of gdsf.ts', () => {
  const a = idle('a', { memoryMb: 128, initMs: 512, uses: 4, lastUsedAt: 1 });
  const b = idle('b', { memoryMb: 512, initMs: 512, uses: 4, lastUsedAt: 2 });
  const c = idle('c', { memoryMb: 128, initMs: 64, uses: 2, lastUsedAt: 3 });

  it.each([
    { c: a, priority: 16 },
    { c: b, priority: 4 },
    { c: c, priority: 1 },
  ])('priority of $c.id at Clock 0 is $priority', ({ c: container, priority }) => {
    const policy = createGdsfPolicy();
    policy.plan([container], 0);
    expect(policy.priorityOf(container.id)).toBe(priority);
  });

  it('orders c, b, a; evicting c then b sets Clock to 4; a new release of c\'s function lands at 4.5', () => {
    const policy = createGdsfPolicy();
    expect(policy.plan([a, b, c], 10)).toEqual({ now: [], order: ['c', 'b', 'a'] });
    policy.evicted(c);
    expect(policy.clock).toBe(1);
    policy.evicted(b);
    expect(policy.clock).toBe(4);
    const d = idle('d', { fn: 'c', memoryMb: 128, initMs: 64, uses: 1, lastUsedAt: 20 });
    expect(policy.plan([a, d], 20).order).toEqual(['d', 'a']);
    expect(policy.priorityOf('d')).toBe(4.5);
    expect(policy.priorityOf('a')).toBe(16); // kept from its release, not recomputed on the new Clock
  });
});

describe('GDSF orderings (Clock 0)', () => {
  it.each([
    {
      name: 'frequent kept, rare goes first',
      set: [idle('hot', { uses: 50 }), idle('rare', { uses: 1 }), idle('warmish', { uses: 5 })],
      order: ['rare', 'warmish', 'hot'],
    },
    {
      name: 'expensive to restart kept, cheap goes first',
      set: [idle('slow', { initMs: 2_000 }), idle('fast', { initMs: 20 }), idle('mid', { initMs: 300 })],
      order: ['fast', 'mid', 'slow'],
    },
    {
      name: 'small kept, big goes first',
      set: [idle('small', { memoryMb: 128 }), idle('big', { memoryMb: 2_048 }), idle('medium', { memoryMb: 512 })],
      order: ['big', 'medium', 'small'],
    },
    {
      name: 'big, cheap and rare all at once go first; the popular expensive small one stays',
      set: [
        idle('keeper', { memoryMb: 128, initMs: 1_000, uses: 20 }),
        idle('loser', { memoryMb: 1_024, initMs: 10, uses: 1 }),
        idle('average', { memoryMb: 256, initMs: 200, uses: 3 }),
      ],
      order: ['loser', 'average', 'keeper'],
    },
    {
      name: 'size can outweigh frequency: 4× the uses at 8× the memory still goes first',
      set: [idle('small-rare', { memoryMb: 128, uses: 2 }), idle('big-hot', { memoryMb: 1_024, uses: 8 })],
      order: ['big-hot', 'small-rare'],
    },
    {
      name: 'Freq sums the uses of a function\'s idle containers',
      set: [idle('f1', { fn: 'f', uses: 2 }), idle('f2', { fn: 'f', uses: 2 }), idle('g', { uses: 3 })],
      order: ['g', 'f1', 'f2'],
    },
    {
      name: 'Freq takes the pool\'s count of busy containers too (functionUses)',
      set: [idle('f', { uses: 1, functionUses: 40 }), idle('g', { uses: 10, functionUses: 10 })],
      order: ['g', 'f'],
    },
    {
      name: 'ties go least recently used first',
      set: [idle('p', { lastUsedAt: 7 }), idle('q', { lastUsedAt: 3 }), idle('r', { lastUsedAt: 5 })],
      order: ['q', 'r', 'p'],
    },
    {
      name: 'a fresh prewarm (0 uses) counts as one use',
      set: [idle('prewarmed', { uses: 0 }), idle('used-once', { uses: 1, lastUsedAt: 1 })],
      order: ['prewarmed', 'used-once'],
    },
  ])('$name', ({ set, order }) => {
    expect(createGdsfPolicy().plan(set, 1_000)).toEqual({ now: [], order });
  });

  it.each([
    { name: 'measured init time wins', c: idle('x', { initMs: 300, coldMs: 900, warmMs: 100 }), cost: 300 },
    { name: 'declared cold − warm without a measurement', c: idle('x', { initMs: undefined, coldMs: 900, warmMs: 100 }), cost: 800 },
    { name: 'declared cold time alone', c: idle('x', { initMs: undefined, coldMs: 250 }), cost: 250 },
    { name: 'nothing known: the floor', c: idle('x', { initMs: undefined }), cost: COST_FLOOR_MS },
    { name: 'warm slower than cold: the floor', c: idle('x', { initMs: undefined, coldMs: 10, warmMs: 50 }), cost: COST_FLOOR_MS },
    { name: 'an instant init: the floor', c: idle('x', { initMs: 0 }), cost: COST_FLOOR_MS },
  ])('Cost: $name', ({ c, cost }) => {
    expect(coldStartCostMs(c)).toBe(cost);
    expect(gdsfValue(c, 2)).toBe((2 * cost) / c.memoryMb);
  });

  it('Freq is per function and at least 1', () => {
    const freq = functionFrequencies([idle('a1', { fn: 'a', uses: 3 }), idle('a2', { fn: 'a', uses: 4 }), idle('b', { uses: 0 })]);
    expect(Object.fromEntries(freq)).toEqual({ 'guest/a@0.0.1': 7, 'guest/b@0.0.1': 1 });
  });

  it('returns every idle id exactly once and never expires anything', () => {
    const many = Array.from({ length: 40 }, (_, i) => idle(`c${i}`, { uses: (i * 7) % 5, memoryMb: 128 * (1 + (i % 3)), lastUsedAt: i }));
    const plan = createGdsfPolicy().plan(many, Number.MAX_SAFE_INTEGER);
    expect(plan.now).toEqual([]);
    expect([...plan.order].sort()).toEqual(many.map((c) => c.id).sort());
  });
});

describe('GDSF Clock: recency through aging', () => {
  it('makes a long-idle container fall behind a recently released one of lower value', () => {
    // x: value 8, released at Clock 0 and never used again. w: value 2. Without aging w goes first.
    const x = idle('x', { uses: 2, initMs: 512, lastUsedAt: 1 }); // 2 × 512 ÷ 128 = 8
    const w = idle('w', { uses: 1, initMs: 256, lastUsedAt: 1 }); // 1 × 256 ÷ 128 = 2
    expect(createGdsfPolicy().plan([x, w], 0).order).toEqual(['w', 'x']);

    const policy = createGdsfPolicy();
    const a = idle('a', { uses: 1, initMs: 384, lastUsedAt: 2 }); // 3
    expect(policy.plan([x, a], 2).order).toEqual(['a', 'x']);
    policy.evicted(a);
    expect(policy.clock).toBe(3);
    const b = idle('b', { uses: 1, initMs: 512, lastUsedAt: 3 }); // 3 + 4 = 7
    expect(policy.plan([x, b], 3).order).toEqual(['b', 'x']);
    policy.evicted(b);
    expect(policy.clock).toBe(7);
    // w is released now: 7 + 2 = 9 > 8, so x — worth more, but idle since Clock 0 — goes first.
    expect(policy.plan([x, { ...w, lastUsedAt: 4 }], 4).order).toEqual(['x', 'w']);
    expect(policy.priorityOf('w')).toBe(9);
  });

  it('lifts a container that is used again: its priority is recomputed on the current Clock', () => {
    const policy = createGdsfPolicy();
    const x = idle('x', { uses: 1, initMs: 128, lastUsedAt: 1 }); // 1
    const y = idle('y', { uses: 1, initMs: 640, lastUsedAt: 1 }); // 5
    const z = idle('z', { uses: 1, initMs: 512, lastUsedAt: 1 }); // 4
    expect(policy.plan([x, y, z], 1).order).toEqual(['x', 'z', 'y']);
    policy.evicted(x);
    policy.evicted(z);
    expect(policy.clock).toBe(4);
    const y2 = idle('y2', { uses: 1, initMs: 128, lastUsedAt: 2 }); // 4 + 1 = 5, ties with y: y is older
    expect(policy.plan([y, y2], 2).order).toEqual(['y', 'y2']);
    // y runs again (taken, then released with 2 uses): 4 + 2 × 640 ÷ 128 = 14
    expect(policy.plan([reused(y, 3), y2], 3).order).toEqual(['y2', 'y']);
    expect(policy.priorityOf('y')).toBe(14);
  });

  it('never moves the Clock back, and forgets containers that left the idle set', () => {
    const policy = createGdsfPolicy();
    const hi = idle('hi', { uses: 4 }); // 16
    const lo = idle('lo', { uses: 1 }); // 4
    policy.plan([hi, lo], 0);
    policy.evicted(hi);
    expect(policy.clock).toBe(16);
    policy.evicted(lo);
    expect(policy.clock).toBe(16);
    const other = idle('other');
    policy.plan([other], 1);
    expect(policy.priorityOf('hi')).toBeUndefined();
    expect(policy.priorityOf('other')).toBe(20);
  });

  it('evicted() of a container it never planned still advances the Clock from its value', () => {
    const policy = createGdsfPolicy();
    policy.evicted(idle('x', { uses: 1, functionUses: 3 })); // 3 × 512 ÷ 128 = 12
    expect(policy.clock).toBe(12);
  });
});

describe('GDSF in the registry and in the pool', () => {
  it('is registered as gdsf, one stateful instance per call', () => {
    const one = evictionPolicies.gdsf({ idleTtlMs: 100 });
    const two = evictionPolicies.gdsf({ idleTtlMs: 100 });
    expect(one.name).toBe('gdsf');
    expect(one).not.toBe(two);
    one.plan([idle('a')], 0);
    one.evicted!(idle('a'));
    expect((two as ReturnType<typeof createGdsfPolicy>).clock).toBe(0);
  });

  it('keeps the popular, expensive function where LRU would evict it, and advances its Clock on real evictions', async () => {
    const outcome = async (policyName: 'gdsf' | 'lru') => {
      const clock = new VirtualClock();
      const backend = new SimulationBackend(clock, { coldMs: 100, warmMs: 10, agentOverheadMs: 0 });
      const policy = evictionPolicies[policyName]({ idleTtlMs: 600_000 });
      const pool = new ContainerPool(backend, policy, clock, poolOptions({ memoryMb: 512 }), silentLogger);
      const use = async (name: string, initMs: number) => {
        // coldMs is a whole cold invocation: init takes coldMs − warmMs, so this one's init time is `initMs`.
        const lease = await drive(clock, pool.acquire(runnableAction(name, { expected: { coldMs: initMs + 10, warmMs: 10 } }), {}));
        await clock.advance(10);
        pool.release(lease, true);
        return lease.container.sandbox;
      };
      const hot: Sandbox = await use('hot', 800);
      for (let i = 0; i < 4; i++) await use('hot', 800); // 5 uses, slow cold start
      const cheap = await use('cheap', 10); // used once, since, quick to restart
      await use('newcomer', 10); // needs room: one of the two must go
      const result = { hot: hot.exitReason, cheap: cheap.exitReason, clock: (policy as Partial<{ clock: number }>).clock };
      await pool.close();
      return result;
    };
    expect(await outcome('lru')).toEqual({ hot: 'destroyed', cheap: undefined, clock: undefined });
    // The evicted container's priority becomes the Clock: Freq 1 × 10 ms ÷ 256 MB.
    expect(await outcome('gdsf')).toEqual({ hot: undefined, cheap: 'destroyed', clock: (1 * 10) / 256 });
  });
});
