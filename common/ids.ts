/**
 * Identifiers: activation ids are 32 lowercase hex chars, as OpenWhisk's ActivationId.
 * Drawn from a pre-filled random pool (refilled every 256 ids) so the invoke path does not pay a crypto call per id.
 */
import { randomFillSync } from 'node:crypto';

const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let next = POOL_IDS;

export function newActivationId(): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const start = next++ * 16;
  return pool.toString('hex', start, start + 16);
}

/** Transaction ids have the same shape as activation ids (OpenWhisk's are 32 hex chars too). */
export function newTransactionId(): string {
  return newActivationId();
}

export const ACTIVATION_ID_PATTERN = /^[0-9a-f]{32}$/;
