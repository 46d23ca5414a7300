import { queuePolicies } from './index.js';
import type { QueueItem } from './queue-policy.js';
import { createSjfQueue } from './sjf.js';

interface Item extends QueueItem {
  label: string;
}

/** An item arriving at `arrivedAt` with expected time `expectedMs` (E(f) as the invoker computed it). */
const at = (label: string, arrivedAt: number, expectedMs: number, iatMs = Infinity): Item =>
  ({ label, functionKey: `guest/${label}@0.0.1`, arrivedAt, expectedMs, iatMs });

function drain(items: Item[]): string[] {
  const q = createSjfQueue<Item>();
  for (const i of items) q.push(i);
  const out: string[] = [];
  for (let next = q.pop(); next; next = q.pop()) out.push(next.label);
  return out;
}

describe('SJF queue', () => {
  it('is named sjf and registered under that name', () => {
    expect(createSjfQueue().name).toBe('sjf');
    expect(queuePolicies.sjf().name).toBe('sjf');
  });

  it.each([
    {
      name: 'the header example: unseen (E=0) first, then by expected time',
      items: [at('big', 0, 900), at('tiny', 1, 5), at('cold', 2, 400), at('new', 3, 0)],
      expected: ['new', 'tiny', 'cold', 'big'],
    },
    {
      name: 'arrival time does not matter',
      items: [at('late-small', 1_000_000, 1), at('early-big', 0, 2)],
      expected: ['late-small', 'early-big'],
    },
    {
      name: 'equal expected times: arrival order',
      items: [at('a', 1, 10), at('b', 2, 10), at('c', 3, 10)],
      expected: ['a', 'b', 'c'],
    },
    {
      name: 'a warm estimate beats the cold estimate of the same function (burst spreading)',
      items: [at('f-warm', 0, 10), at('f-cold1', 0, 510), at('g', 0, 100), at('f-cold2', 0, 510)],
      expected: ['f-warm', 'g', 'f-cold1', 'f-cold2'],
    },
    {
      name: 'frequency does not matter (unlike RARE)',
      items: [at('rare', 0, 50, Infinity), at('hot', 1, 20, 1)],
      expected: ['hot', 'rare'],
    },
    {
      name: 'fractional EWMA estimates',
      items: [at('b', 0, 10.5), at('a', 1, 10.25), at('c', 2, 10.75)],
      expected: ['a', 'b', 'c'],
    },
  ])('$name', ({ items, expected }) => {
    expect(drain(items)).toEqual(expected);
  });

  it('lets a stream of small items overtake a big one indefinitely (the known starvation caveat)', () => {
    const q = createSjfQueue<Item>();
    q.push(at('big', 0, 1_000));
    const served: string[] = [];
    for (let t = 1; t <= 50; t++) {
      q.push(at(`small${t}`, t, 5));
      served.push(q.pop()!.label);
    }
    expect(served).not.toContain('big');
    expect(q.peek()?.label).toBe('big');
  });
});
