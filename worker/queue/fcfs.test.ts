import { createFcfsQueue } from './fcfs.js';
import { queuePolicies } from './index.js';
import type { QueueItem } from './queue-policy.js';

interface Item extends QueueItem {
  label: string;
}

const at = (label: string, arrivedAt: number, expectedMs = 1, iatMs = Infinity): Item =>
  ({ label, functionKey: `guest/${label}@0.0.1`, arrivedAt, expectedMs, iatMs });

describe('FCFS queue', () => {
  it('is named fcfs and registered under that name', () => {
    expect(createFcfsQueue().name).toBe('fcfs');
    expect(queuePolicies.fcfs().name).toBe('fcfs');
  });

  it.each([
    {
      name: 'pushed in arrival order',
      items: [at('a', 1), at('b', 2), at('c', 3)],
      expected: ['a', 'b', 'c'],
    },
    {
      name: 'pushed out of arrival order',
      items: [at('c', 30), at('a', 10), at('b', 20)],
      expected: ['a', 'b', 'c'],
    },
    {
      name: 'size and frequency do not matter (unlike SJF, EEDF, RARE)',
      items: [at('big', 1, 10_000, 5), at('tiny', 2, 1, 1_000_000), at('rare', 3, 50, Infinity), at('hot', 4, 2, 1)],
      expected: ['big', 'tiny', 'rare', 'hot'],
    },
    {
      name: 'same arrival time: insertion order',
      items: [at('x', 5), at('y', 5), at('z', 5), at('w', 4)],
      expected: ['w', 'x', 'y', 'z'],
    },
    {
      name: 'fractional clock times',
      items: [at('b', 100.5), at('a', 100.25), at('c', 100.75)],
      expected: ['a', 'b', 'c'],
    },
  ])('serves in arrival order: $name', ({ items, expected }) => {
    const q = createFcfsQueue<Item>();
    for (const i of items) q.push(i);
    const out: string[] = [];
    for (let next = q.pop(); next; next = q.pop()) out.push(next.label);
    expect(out).toEqual(expected);
  });

  it('serves a late arrival after everything already queued, across interleaved pops', () => {
    const q = createFcfsQueue<Item>();
    q.push(at('a', 1));
    q.push(at('b', 2));
    expect(q.pop()?.label).toBe('a');
    q.push(at('c', 3));
    q.push(at('d', 4));
    expect([q.pop()?.label, q.pop()?.label, q.pop()?.label]).toEqual(['b', 'c', 'd']);
  });

  it('sums the expected work of the queued items', () => {
    const q = createFcfsQueue<Item>();
    q.push(at('a', 1, 100));
    q.push(at('b', 2, 20));
    expect(q.queuedWorkMs()).toBe(120);
    q.pop();
    expect(q.queuedWorkMs()).toBe(20);
  });
});
