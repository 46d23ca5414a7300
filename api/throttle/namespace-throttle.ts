/**
 * Per-namespace throttles, as OpenWhisk's entitlement checks them (EntitlementProvider.checkThrottles):
 * invocations per minute, then invocations in flight, for actions; fires per minute for triggers. Exceeded → 429
 * with OpenWhisk's messages. A limit of 0 means unlimited and costs nothing. A namespace's own overrides (its
 * subject's `limits`, set with the admin extension, like `wskadmin limits set`) replace the system limits field by
 * field; callers pass the ones the authenticated subject already carries, so admitting reads no store.
 *
 * The minute is a sliding window of 60 one-second buckets per namespace: O(1) per call (amortised; at most 60
 * buckets are cleared after an idle minute) and no allocation after a namespace's first request. As in OpenWhisk's
 * RateThrottler, a refused request still counts, and the count in the message includes it.
 */
import { Messages } from '../../common/errors/messages.js';
import { TooManyRequestsError } from '../../common/errors/whisk-errors.js';
import type { NamespaceLimits } from '../../common/types/entities.js';

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

  /** The limits in force for a namespace: its overrides (the subject's, when set), else the system's. */
  effectiveLimits(overrides?: NamespaceLimits): ThrottleLimits {
    return {
      invocationsPerMinute: overrides?.invocationsPerMinute ?? this.limits.invocationsPerMinute,
      concurrentInvocations: overrides?.concurrentInvocations ?? this.limits.concurrentInvocations,
      firesPerMinute: overrides?.firesPerMinute ?? this.limits.firesPerMinute,
    };
  }

  /**
   * Admits one action invocation of `namespace` under its `overrides` (if any), or throws TooManyRequestsError.
   * Answers whether it counts as in flight: then the caller must call `release(namespace)` exactly once, when the
   * invocation settles.
   */
  admitInvocation(namespace: string, overrides?: NamespaceLimits): boolean {
    if (this.unlimitedInvokes && overrides === undefined) return false;
    const perMinute = overrides?.invocationsPerMinute ?? this.limits.invocationsPerMinute;
    const concurrent = overrides?.concurrentInvocations ?? this.limits.concurrentInvocations;
    if (perMinute === 0 && concurrent === 0) return false;
    const state = this.state(namespace);
    if (perMinute > 0) {
      const count = state.invokes.add(this.now());
      if (count > perMinute) throw new TooManyRequestsError(Messages.tooManyRequests(count, perMinute));
    }
    if (concurrent === 0) return false;
    if (state.inFlight >= concurrent) {
      throw new TooManyRequestsError(Messages.tooManyConcurrentRequests(state.inFlight, concurrent), CONCURRENCY_RETRY_AFTER_SEC);
    }
    state.inFlight++;
    return true;
  }

  /** An invocation that `admitInvocation` counted as in flight settled. */
  release(namespace: string): void {
    const state = this.namespaces.get(namespace);
    if (state && state.inFlight > 0) state.inFlight--;
  }

  /** Admits one trigger fire of `namespace` under its `overrides` (if any), or throws TooManyRequestsError. */
  admitFire(namespace: string, overrides?: NamespaceLimits): void {
    const perMinute = overrides?.firesPerMinute ?? this.limits.firesPerMinute;
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
