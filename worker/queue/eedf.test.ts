import { createEedfQueue } from './eedf.js';
import { queuePolicies } from './index.js';
import type { QueueItem } from './queue-policy.js';

interface Item extends QueueItem {
  label: string;
}

const at = (label: string, arrivedAt: number, expectedMs: number, iatMs = Infinity): Item =>
  ({ label, functionKey: `guest/${label}@0.0.1`, arrivedAt, expectedMs, iatMs });

function drain(items: Item[]): string[] {
  const q = createEedfQueue<Item>();
  for (const i of items) q.push(i);
  const out: string[] = [];
  for (let next = q.pop(); next; next = q.pop()) out.push(next.label);
  return out;
}

describe('EEDF queue', () => {
  it('is named eedf and registered under that name', () => {
    expect(createEedfQueue().name).toBe('eedf');
    expect(queuePolicies.eedf().name).toBe('eedf');
  });

  it.each([
    {
      name: 'the header example: a small later arrival beats an old big one (15 < 900)',
      items: [at('big', 0, 900), at('tiny', 10, 5)],
      expected: ['tiny', 'big'],
    },
    {
      name: 'the header example: an old big one beats a much later small one (900 < 955)',
      items: [at('big', 0, 900), at('late-tiny', 950, 5)],
      expected: ['big', 'late-tiny'],
    },
    {
      name: 'key = arrival + E: mixed',
      // keys: a 0+100=100, b 20+10=30, c 40+50=90, d 60+0=60 (unseen), e 80+5=85
      items: [at('a', 0, 100), at('b', 20, 10), at('c', 40, 50), at('d', 60, 0), at('e', 80, 5)],
      expected: ['b', 'd', 'e', 'c', 'a'],
    },
    {
      name: 'equal deadlines: arrival (insertion) order',
      items: [at('x', 0, 30), at('y', 10, 20), at('z', 20, 10)],
      expected: ['x', 'y', 'z'],
    },
    {
      name: 'all E = 0 (unseen functions): same as FCFS',
      items: [at('c', 3, 0), at('a', 1, 0), at('b', 2, 0)],
      expected: ['a', 'b', 'c'],
    },
    {
      name: 'a burst of one function: the cold estimates are spread behind the warm one',
      items: [at('f-warm', 0, 10), at('f-cold1', 0, 510), at('g', 5, 100), at('f-cold2', 0, 510)],
      expected: ['f-warm', 'g', 'f-cold1', 'f-cold2'],
    },
    {
      name: 'frequency does not matter',
      items: [at('hot', 0, 10, 1), at('rare', 0, 20, Infinity)],
      expected: ['hot', 'rare'],
    },
  ])('$name', ({ items, expected }) => {
    expect(drain(items)).toEqual(expected);
  });

  it('bounds waiting: a stream of small items cannot hold back an old big one for ever', () => {
    const q = createEedfQueue<Item>();
    q.push(at('big', 0, 1_000));
    const served: string[] = [];
    for (let t = 1; t <= 2_000 && !served.includes('big'); t += 10) {
      q.push(at(`small${t}`, t, 5));
      served.push(q.pop()!.label);
    }
    // big's deadline is 1000: it runs before any small item arriving after t = 995.
    expect(served).toContain('big');
    expect(served.indexOf('big')).toBe(100);
  });
});
