/**
 * Drives a promise to completion on a VirtualClock: jumps from timer to timer until nothing is pending, then
 * returns the result. Only for code with no periodic timer running (the eviction loop would keep it busy).
 */
import type { VirtualClock } from '../../common/clock.js';

export async function drive<T>(clock: VirtualClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => { settled = true; });
  tracked.catch(() => {});
  await clock.runUntilIdle();
  if (!settled) throw new Error('the promise is still pending with no timer left (a lost wake-up?)');
  return tracked;
}

/** Lets promise callbacks run without moving time. */
export function flush(clock: VirtualClock): Promise<void> {
  return clock.advance(0);
}
