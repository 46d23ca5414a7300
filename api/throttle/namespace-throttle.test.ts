import { TooManyRequestsError } from '../../common/errors/whisk-errors';
import { MinuteWindow, NamespaceThrottle } from './namespace-throttle';

const T0 = 1_700_000_000_000;

function throttle(limits: Partial<{ invocationsPerMinute: number; concurrentInvocations: number; firesPerMinute: number }>) {
  let now = T0;
  const t = new NamespaceThrottle({ invocationsPerMinute: 0, concurrentInvocations: 0, firesPerMinute: 0, ...limits }, () => now);
  return { t, advance: (ms: number) => (now += ms) };
}

function refusal(fn: () => void): TooManyRequestsError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TooManyRequestsError) return err;
    throw err;
  }
  throw new Error('expected a 429');
}

describe('MinuteWindow', () => {
  it('counts the events of the last sixty seconds', () => {
    const w = new MinuteWindow();
    expect(w.add(T0)).toBe(1);
    expect(w.add(T0 + 30_000)).toBe(2);
    expect(w.add(T0 + 59_999)).toBe(3);
    expect(w.add(T0 + 60_000)).toBe(3); // the first second left the window
    expect(w.add(T0 + 90_000)).toBe(3); // the event at +30 s left too
  });

  it('forgets everything after an idle minute, and tolerates a clock stepping back', () => {
    const w = new MinuteWindow();
    for (let i = 0; i < 5; i++) w.add(T0 + i * 1000);
    expect(w.add(T0 + 10 * 60_000)).toBe(1);
    expect(w.add(T0 + 10 * 60_000 - 5_000)).toBe(2);
  });
});

describe('NamespaceThrottle', () => {
  it('refuses the invocation past the per-minute limit with OpenWhisk\'s message, and admits again a minute later', () => {
    const { t, advance } = throttle({ invocationsPerMinute: 3 });
    for (let i = 0; i < 3; i++) t.admitInvocation('guest');
    const err = refusal(() => t.admitInvocation('guest'));
    expect(err.status).toBe(429);
    expect(err.message).toBe('Too many requests in the last minute (count: 4, allowed: 3).');
    expect(err.retryAfterSec).toBeGreaterThan(0);
    t.admitInvocation('other'); // per namespace
    advance(60_000);
    expect(() => t.admitInvocation('guest')).not.toThrow();
  });

  it('the window slides: events leave it one second at a time', () => {
    const { t, advance } = throttle({ invocationsPerMinute: 2 });
    t.admitInvocation('guest');
    advance(30_000);
    t.admitInvocation('guest');
    expect(() => t.admitInvocation('guest')).toThrow(TooManyRequestsError); // the third counts too (3 in window)
    advance(30_000); // the first left; the second and the refused one remain
    expect(() => t.admitInvocation('guest')).toThrow('count: 3, allowed: 2');
  });

  it('limits invocations in flight until they are released', () => {
    const { t } = throttle({ concurrentInvocations: 2 });
    t.admitInvocation('guest');
    t.admitInvocation('guest');
    expect(t.inFlight('guest')).toBe(2);
    expect(refusal(() => t.admitInvocation('guest')).message).toBe('Too many concurrent requests in flight (count: 2, allowed: 2).');
    t.release('guest');
    expect(() => t.admitInvocation('guest')).not.toThrow();
    expect(t.inFlight('guest')).toBe(2);
  });

  it('checks the rate before the concurrency (a refused rate leaves nothing in flight)', () => {
    const { t } = throttle({ invocationsPerMinute: 1, concurrentInvocations: 5 });
    t.admitInvocation('guest');
    expect(() => t.admitInvocation('guest')).toThrow('Too many requests');
    expect(t.inFlight('guest')).toBe(1);
  });

  it('limits fires per minute separately from invocations', () => {
    const { t } = throttle({ firesPerMinute: 1, invocationsPerMinute: 1 });
    t.admitFire('guest');
    t.admitInvocation('guest');
    expect(refusal(() => t.admitFire('guest')).message).toBe('Too many requests in the last minute (count: 2, allowed: 1).');
  });

  it('0 means unlimited', () => {
    const { t } = throttle({});
    for (let i = 0; i < 10_000; i++) {
      t.admitInvocation('guest');
      t.admitFire('guest');
    }
    t.release('guest');
    expect(t.inFlight('guest')).toBe(0);
    expect(t.effectiveLimits()).toEqual({ invocationsPerMinute: 0, concurrentInvocations: 0, firesPerMinute: 0 });
  });

  it('a namespace\'s overrides replace the system limits field by field (0 lifts one)', () => {
    const { t } = throttle({ invocationsPerMinute: 100, concurrentInvocations: 1, firesPerMinute: 100 });
    const overrides = { invocationsPerMinute: 2, concurrentInvocations: 0, firesPerMinute: 1 };
    expect(t.effectiveLimits(overrides)).toEqual(overrides);
    expect(t.effectiveLimits({ firesPerMinute: 7 })).toEqual({ invocationsPerMinute: 100, concurrentInvocations: 1, firesPerMinute: 7 });
    expect(t.admitInvocation('team', overrides)).toBe(false); // concurrency lifted: not counted in flight
    t.admitInvocation('team', overrides);
    expect(refusal(() => t.admitInvocation('team', overrides)).message).toBe('Too many requests in the last minute (count: 3, allowed: 2).');
    t.admitFire('team', overrides);
    expect(() => t.admitFire('team', overrides)).toThrow('count: 2, allowed: 1');
    expect(t.admitInvocation('other')).toBe(true); // the system's concurrency limit of 1
    expect(() => t.admitInvocation('other')).toThrow('Too many concurrent requests in flight (count: 1, allowed: 1).');
  });

  it('overrides can limit a namespace when the system limits are off', () => {
    const { t } = throttle({});
    expect(t.admitInvocation('team', { concurrentInvocations: 1 })).toBe(true);
    expect(() => t.admitInvocation('team', { concurrentInvocations: 1 })).toThrow(TooManyRequestsError);
    t.release('team');
    expect(t.admitInvocation('team', { concurrentInvocations: 1 })).toBe(true);
    expect(t.admitInvocation('guest')).toBe(false);
  });
});
