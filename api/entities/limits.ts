/**
 * Action limits with OpenWhisk's defaults and bounds (TimeLimit, MemoryLimit, LogLimit, ConcurrencyLimit).
 * Out of range → 400 with OpenWhisk's "requirement failed" message.
 */
import type { Config, LimitRange } from '../../common/config/config.js';
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError } from '../../common/errors/whisk-errors.js';
import type { ActionLimits } from '../../common/types/entities.js';

export type LimitsConfig = Config['limits'];

export function defaultLimits(config: LimitsConfig): ActionLimits {
  return {
    timeout: config.timeoutMs.std,
    memory: config.memoryMb.std,
    logs: config.logsMb.std,
    concurrency: config.concurrency.std,
  };
}

/** Merges requested limits over `base` field by field and checks every bound. */
export function resolveLimits(requested: Partial<ActionLimits> | undefined, base: ActionLimits, config: LimitsConfig): ActionLimits {
  const limits: ActionLimits = {
    timeout: requested?.timeout ?? base.timeout,
    memory: requested?.memory ?? base.memory,
    logs: requested?.logs ?? base.logs,
    concurrency: requested?.concurrency ?? base.concurrency,
  };
  check(limits.timeout, config.timeoutMs, Messages.timeoutOutOfRange);
  check(limits.memory, config.memoryMb, Messages.memoryOutOfRange);
  check(limits.logs, config.logsMb, Messages.logsOutOfRange);
  check(limits.concurrency, config.concurrency, Messages.concurrencyOutOfRange);
  return limits;
}

function check(value: number, range: LimitRange, message: (v: number, min: number, max: number) => string): void {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new BadRequestError(Messages.limitOutOfRange(message(value, range.min, range.max)));
  }
}
