import { FixedRegulator } from './fixed.js';

describe('FixedRegulator', () => {
  it.each([1, 2, 5])('grants exactly %i slots, then refuses', (limit) => {
    const r = new FixedRegulator(limit);
    for (let i = 0; i < limit; i++) expect(r.tryAcquire()).toBe(true);
    expect(r.tryAcquire()).toBe(false);
    expect(r.running()).toBe(limit);
    expect(r.limit()).toBe(limit);
  });

  it('grants a slot again after a release', () => {
    const r = new FixedRegulator(1);
    expect(r.tryAcquire()).toBe(true);
    expect(r.tryAcquire()).toBe(false);
    r.release();
    expect(r.running()).toBe(0);
    expect(r.tryAcquire()).toBe(true);
    expect(r.tryAcquire()).toBe(false);
  });

  it('treats limit 0 as unlimited', () => {
    const r = new FixedRegulator(0);
    for (let i = 0; i < 10_000; i++) expect(r.tryAcquire()).toBe(true);
    expect(r.running()).toBe(10_000);
    expect(r.limit()).toBe(0);
  });

  it('never counts below zero on a spurious release', () => {
    const r = new FixedRegulator(1);
    r.release();
    expect(r.running()).toBe(0);
    expect(r.tryAcquire()).toBe(true);
    expect(r.tryAcquire()).toBe(false);
  });

  it('notifies the listener on every release, after the slot is free', () => {
    const r = new FixedRegulator(1);
    const seen: boolean[] = [];
    r.onChange(() => seen.push(r.tryAcquire()));
    r.tryAcquire();
    r.release();
    expect(seen).toEqual([true]); // the listener could take the freed slot
    expect(r.running()).toBe(1);
  });

  it('does not notify on acquire', () => {
    const r = new FixedRegulator(2);
    const listener = jest.fn();
    r.onChange(listener);
    r.tryAcquire();
    r.tryAcquire();
    r.tryAcquire();
    expect(listener).not.toHaveBeenCalled();
  });
});
