/** Queue policy names → factories. Config validates the name against QUEUE_POLICIES. */
import type { QUEUE_POLICIES } from '../../common/config/schema.js';
import { createEedfQueue } from './eedf.js';
import { createFcfsQueue } from './fcfs.js';
import { createNoQueue } from './none.js';
import type { QueueItem, QueuePolicy } from './queue-policy.js';
import { createRareQueue } from './rare.js';
import { createSjfQueue } from './sjf.js';

export const queuePolicies: Record<(typeof QUEUE_POLICIES)[number], <T extends QueueItem>() => QueuePolicy<T>> = {
  fcfs: createFcfsQueue,
  sjf: createSjfQueue,
  eedf: createEedfQueue,
  rare: createRareQueue,
  none: createNoQueue,
};

/** Policies with no regulator: everything is admitted at once (worker-design.md §4). */
export const UNREGULATED_POLICIES: ReadonlySet<(typeof QUEUE_POLICIES)[number]> = new Set(['none']);
