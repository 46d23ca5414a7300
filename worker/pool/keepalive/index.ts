/** Eviction policy names → factories. Config validates the name against EVICTION_POLICIES. */
import type { EVICTION_POLICIES } from '../../../common/config/schema.js';
import type { EvictionPolicy } from './eviction-policy.js';
import { createGdsfPolicy } from './gdsf.js';
import { createLruPolicy } from './lru.js';
import { createTtlPolicy } from './ttl.js';

export interface EvictionOptions {
  idleTtlMs: number;
}

export const evictionPolicies: Record<(typeof EVICTION_POLICIES)[number], (o: EvictionOptions) => EvictionPolicy> = {
  lru: () => createLruPolicy(),
  ttl: (o) => createTtlPolicy(o.idleTtlMs),
  gdsf: () => createGdsfPolicy(),
};
