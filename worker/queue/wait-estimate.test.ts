import { estimateWaitMs } from './wait-estimate.js';

describe('estimateWaitMs', () => {
  it.each([
    { name: 'header example: 6 × 100 ms queued, limit 4, none free', queuedWorkMs: 600, queueLength: 6, limit: 4, freeSlots: 0, expected: 150 },
    { name: 'queue shorter than the limit divides by its length', queuedWorkMs: 300, queueLength: 3, limit: 4, freeSlots: 0, expected: 100 },
    { name: 'free slots cover the queue', queuedWorkMs: 200, queueLength: 2, limit: 4, freeSlots: 3, expected: 0 },
    { name: 'free slots equal the queue length', queuedWorkMs: 200, queueLength: 2, limit: 4, freeSlots: 2, expected: 0 },
    { name: 'one more queued than free', queuedWorkMs: 300, queueLength: 3, limit: 4, freeSlots: 2, expected: 100 },
    { name: 'empty queue', queuedWorkMs: 0, queueLength: 0, limit: 4, freeSlots: 0, expected: 0 },
    { name: 'unlimited regulator', queuedWorkMs: 500, queueLength: 5, limit: 0, freeSlots: -3, expected: 0 },
    { name: 'limit lowered below running (negative free slots)', queuedWorkMs: 90, queueLength: 3, limit: 2, freeSlots: -1, expected: 45 },
  ])('$name → $expected', ({ expected, ...inputs }) => {
    expect(estimateWaitMs(inputs)).toBe(expected);
  });
});
