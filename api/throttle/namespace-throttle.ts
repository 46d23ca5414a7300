/**
 * Per-namespace throttles, as OpenWhisk's entitlement checks them (EntitlementProvider.checkThrottles):
 * invocations per minute, then invocations in flight, for actions; fires per minute for triggers. Exceeded → 429
 * with OpenWhisk's messages. A limit of 0 means unlimited and costs nothing.
 *
 * The minute is a sliding window of 60 one-second buckets per namespace: O(1) per call (amortised; at most 60
 * buckets are cleared after an idle minute) and no allocation after a namespace's first request. As in OpenWhisk's
 * RateThrottler, a refused request still counts, and the count in the message includes it.
 */
import { Messages } from '../../common/errors/messages.js';
import { TooManyRequestsError } from '../../common/errors/whisk-errors.js';

export interface ThrottleLimits {
  /** 0 = unlimited. */
  invocationsPerMinute: number;
  concurrentInvocations: number;
  firesPerMinute: number;
}

const WINDOW_SECONDS = 60;
const CONCURRENCY_RETRY_AFTER_SEC = 1;

/** Events in the last minute, counted in one-second buckets. */
export class MinuteWindow {
  private readonly buckets = new Uint32Array(WINDOW_SECONDS);
  private total = 0;
  /** The absolute second of the newest bucket (−1: none yet). */
  private second = -1;

  /** Counts one event at `nowMs` and answers the count of the last minute, this one included. */
  add(nowMs: number): number {
    const second = Math.floor(nowMs / 1000);
    this.advance(second);
    this.buckets[((this.second % WINDOW_SECONDS) + WINDOW_SECONDS) % WINDOW_SECONDS]! += 1;
    return ++this.total;
  }

  /** Drops the buckets that left the window. A clock that steps back keeps counting in the newest bucket. */
  private advance(second: number): void {
    if (second <= this.second) return;
    const steps = Math.min(second - this.second, WINDOW_SECONDS);
    for (let i = 1; i <= steps; i++) {
      const b = (((this.second + i) % WINDOW_SECONDS) + WINDOW_SECONDS) % WINDOW_SECONDS;
      this.total -= this.buckets[b]!;
      this.buckets[b] = 0;
    }
    this.second = second;
  }
}

interface NamespaceState {
  invokes: MinuteWindow;
  fires: MinuteWindow;
  inFlight: number;
}

export class NamespaceThrottle {
  private readonly namespaces = new Map<string, NamespaceState>();
  private readonly unlimitedInvokes: boolean;

  constructor(private readonly limits: ThrottleLimits, private readonly now: () => number = Date.now) {
    this.unlimitedInvokes = limits.invocationsPerMinute === 0 && limits.concurrentInvocations === 0;
  }

  /** The effective limits (every namespace has the same). */
  effectiveLimits(): ThrottleLimits {
    const { invocationsPerMinute, concurrentInvocations, firesPerMinute } = this.limits;
    return { invocationsPerMinute, concurrentInvocations, firesPerMinute };
  }

  /**
   * Admits one action invocation of `namespace`, or throws TooManyRequestsError. Once admitted, the caller must
   * call `release(namespace)` exactly once, when the invocation settles.
   */
  admitInvocation(namespace: string): void {
    if (this.unlimitedInvokes) return;
    const state = this.state(namespace);
    const perMinute = this.limits.invocationsPerMinute;
    if (perMinute > 0) {
      const count = state.invokes.add(this.now());
      if (count > perMinute) throw new TooManyRequestsError(Messages.tooManyRequests(count, perMinute));
    }
    const concurrent = this.limits.concurrentInvocations;
    if (concurrent > 0) {
      if (state.inFlight >= concurrent) {
        throw new TooManyRequestsError(Messages.tooManyConcurrentRequests(state.inFlight, concurrent), CONCURRENCY_RETRY_AFTER_SEC);
      }
      state.inFlight++;
    }
  }

  /** An admitted invocation settled. */
  release(namespace: string): void {
    if (this.limits.concurrentInvocations === 0) return;
    const state = this.namespaces.get(namespace);
    if (state && state.inFlight > 0) state.inFlight--;
  }

  /** Admits one trigger fire of `namespace`, or throws TooManyRequestsError. */
  admitFire(namespace: string): void {
    const perMinute = this.limits.firesPerMinute;
    if (perMinute === 0) return;
    const count = this.state(namespace).fires.add(this.now());
    if (count > perMinute) throw new TooManyRequestsError(Messages.tooManyRequests(count, perMinute));
  }

  /** Invocations of `namespace` in flight (for tests and reports). */
  inFlight(namespace: string): number {
    return this.namespaces.get(namespace)?.inFlight ?? 0;
  }

  private state(namespace: string): NamespaceState {
    let state = this.namespaces.get(namespace);
    if (!state) {
      state = { invokes: new MinuteWindow(), fires: new MinuteWindow(), inFlight: 0 };
      this.namespaces.set(namespace, state);
    }
    return state;
  }
}
