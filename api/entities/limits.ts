/**
 * Action limits with OpenWhisk's defaults and bounds (TimeLimit, MemoryLimit, LogLimit, ConcurrencyLimit).
 * Out of range → 400 with OpenWhisk's "requirement failed" message. Also a namespace's allowed kinds (403).
 */
import type { Config, LimitRange } from '../../common/config/config.js';
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, ForbiddenError } from '../../common/errors/whisk-errors.js';
import { SEQUENCE_KIND } from '../../common/runtimes/runtime-manifest.js';
import type { ActionLimits, NamespaceLimits } from '../../common/types/entities.js';

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

/**
 * A namespace whose overrides list `allowedKinds` may only create and update actions of those kinds (OpenWhisk's
 * KindRestrictor, from UserLimits.allowedKinds): 403 otherwise. Sequences are not a runtime and always allowed.
 */
export function checkAllowedKind(kind: string, overrides: NamespaceLimits | undefined): void {
  const allowed = overrides?.allowedKinds;
  if (!allowed || kind === SEQUENCE_KIND || allowed.includes(kind)) return;
  throw new ForbiddenError(Messages.notAuthorizedToActionKind(kind));
}
