import { ACTIVATION_ID_PATTERN, newActivationId } from './ids.js';

describe('newActivationId', () => {
  it('is 32 lowercase hex chars, as OpenWhisk activation ids', () => {
    for (let i = 0; i < 1000; i++) expect(newActivationId()).toMatch(ACTIVATION_ID_PATTERN);
  });

  it('starts with the epoch milliseconds, so later ids sort after earlier ones', () => {
    const t = Date.UTC(2026, 10, 23, 7, 30);
    const id = newActivationId(t);
    expect(parseInt(id.slice(0, 12), 16)).toBe(t);
    const ids = [t + 5, t, t + 1, t + 1000].map((ms) => newActivationId(ms));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0], ids[3]]);
  });

  it('never repeats, within one millisecond and across pool refills', () => {
    const t = Date.now();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(newActivationId(t));
    expect(seen.size).toBe(2000);
  });
});
