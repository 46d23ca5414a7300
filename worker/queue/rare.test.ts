import { queuePolicies } from './index.js';
import type { QueueItem } from './queue-policy.js';
import { createRareQueue } from './rare.js';

interface Item extends QueueItem {
  label: string;
}

/** An item with mean inter-arrival time `iatMs` (Infinity = no IAT sample yet). */
const at = (label: string, arrivedAt: number, iatMs: number, expectedMs = 10): Item =>
  ({ label, functionKey: `guest/${label}@0.0.1`, arrivedAt, expectedMs, iatMs });

function drain(items: Item[]): string[] {
  const q = createRareQueue<Item>();
  for (const i of items) q.push(i);
  const out: string[] = [];
  for (let next = q.pop(); next; next = q.pop()) out.push(next.label);
  return out;
}

describe('RARE queue', () => {
  it('is named rare and registered under that name', () => {
    expect(createRareQueue().name).toBe('rare');
    expect(queuePolicies.rare().name).toBe('rare');
  });

  it.each([
    {
      name: 'the header example: unknown IAT first, then the highest mean IAT',
      items: [at('hot', 0, 10), at('daily', 1, 86_400_000), at('first', 2, Infinity)],
      expected: ['first', 'daily', 'hot'],
    },
    {
      name: 'highest IAT first whatever the arrival order',
      items: [at('i100', 0, 100), at('i5', 1, 5), at('i1000', 2, 1_000), at('i50', 3, 50)],
      expected: ['i1000', 'i100', 'i50', 'i5'],
    },
    {
      name: 'several unknown IATs: all before known ones, in arrival order',
      items: [at('k', 0, 1e9), at('u1', 1, Infinity), at('u2', 2, Infinity)],
      expected: ['u1', 'u2', 'k'],
    },
    {
      name: 'equal IATs: arrival order',
      items: [at('a', 0, 40), at('b', 1, 40), at('c', 2, 40)],
      expected: ['a', 'b', 'c'],
    },
    {
      name: 'size does not matter (unlike SJF and EEDF)',
      items: [at('tiny-hot', 0, 5, 1), at('big-rare', 1, 500, 10_000)],
      expected: ['big-rare', 'tiny-hot'],
    },
    {
      name: 'IAT 0 (a burst) is the most frequent',
      items: [at('burst', 0, 0), at('slow', 1, 1)],
      expected: ['slow', 'burst'],
    },
  ])('$name', ({ items, expected }) => {
    expect(drain(items)).toEqual(expected);
  });
});
