/**
 * Wait estimate for status, balancing and "how long?" answers (worker-design.md §4, Ilúvatar `cpu_q_invoke.rs`):
 *
 *   wait = 0                                              when queueLength ≤ free slots (everything starts now)
 *   wait = queuedWorkMs ÷ min(limit, queueLength)         otherwise
 *
 * Worked example: limit 4, all 4 slots busy, 6 items queued with E = 100 ms each → 600 ÷ min(4, 6) = 150 ms.
 * With 2 items queued (E = 100 each) and 3 free slots → 0. With 3 queued (300 ms of work), limit 4 → 300 ÷ 3 = 100.
 *
 * Known caveats: ignores the work still running (a slot frees only when its run ends) and the order; a
 * concurrency-aware estimate needs a small simulation of the queue (discussion on Ilúvatar PR #55). An unlimited
 * regulator (limit 0) never makes anything wait.
 */
export interface WaitInputs {
  queuedWorkMs: number;
  queueLength: number;
  /** Current limit; 0 = unlimited. */
  limit: number;
  /** Slots free right now (limit − regulated running). */
  freeSlots: number;
}

export function estimateWaitMs({ queuedWorkMs, queueLength, limit, freeSlots }: WaitInputs): number {
  if (limit <= 0 || queueLength <= Math.max(0, freeSlots)) return 0;
  return queuedWorkMs / Math.min(limit, queueLength);
}
