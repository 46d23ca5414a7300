/** Queue policy names → factories. Config validates the name against QUEUE_POLICIES. */
import type { QUEUE_POLICIES } from '../../common/config/schema.js';
import { createFcfsQueue } from './fcfs.js';
import type { QueueItem, QueuePolicy } from './queue-policy.js';

export const queuePolicies: Record<(typeof QUEUE_POLICIES)[number], <T extends QueueItem>() => QueuePolicy<T>> = {
  fcfs: createFcfsQueue,
};
