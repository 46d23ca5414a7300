import { queuePolicies, UNREGULATED_POLICIES } from './index.js';
import { createNoQueue } from './none.js';
import type { QueueItem } from './queue-policy.js';

interface Item extends QueueItem {
  label: string;
}

const at = (label: string, arrivedAt: number, expectedMs: number): Item =>
  ({ label, functionKey: `guest/${label}@0.0.1`, arrivedAt, expectedMs, iatMs: Infinity });

describe('none (no queue)', () => {
  it('is named none, registered, and the only policy run without a regulator', () => {
    expect(createNoQueue().name).toBe('none');
    expect(queuePolicies.none().name).toBe('none');
    expect([...UNREGULATED_POLICIES]).toEqual(['none']);
  });

  it.each([
    { name: 'arrival order', items: [at('b', 2, 1), at('a', 1, 900), at('c', 3, 0)], expected: ['a', 'b', 'c'] },
    { name: 'ties in insertion order', items: [at('x', 5, 9), at('y', 5, 1)], expected: ['x', 'y'] },
  ])('holds memory re-queues in $name', ({ items, expected }) => {
    const q = createNoQueue<Item>();
    for (const i of items) q.push(i);
    const out: string[] = [];
    for (let next = q.pop(); next; next = q.pop()) out.push(next.label);
    expect(out).toEqual(expected);
  });
});
