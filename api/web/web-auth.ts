/**
 * Who calls a web action, and `require-whisk-auth` (WebActions.scala confirmAuthenticated). Valid Basic credentials
 * of any subject make the caller that subject (its namespace becomes `__ow_user`); invalid or absent ones leave the
 * caller anonymous, never an error by themselves. The annotation then decides:
 *
 *   absent or false       public
 *   true                  the caller must be authenticated (any subject)
 *   a string or a number  the `X-Require-Whisk-Auth` header must equal it (compared in constant time)
 *   anything else         nobody (a misconfigured action is not public)
 *
 * A refusal is 401 with akka's default text, as OpenWhisk's `terminate(Unauthorized)` answers.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Messages } from '../../common/errors/messages.js';
import { UnauthorizedError, WhiskError } from '../../common/errors/whisk-errors.js';
import type { KeyValue, Subject } from '../../common/types/entities.js';
import type { Authenticator } from '../auth/authenticator.js';
import { getValue } from '../entities/key-values.js';

export const WHISK_AUTH_HEADER = 'x-require-whisk-auth';

/** The subject whose valid Basic credentials came with the request, else undefined. */
export async function webCaller(headers: IncomingHttpHeaders, auth: Authenticator): Promise<Subject | undefined> {
  if (!headers.authorization) return undefined;
  try {
    return (await auth.authenticate(headers.authorization)).subject;
  } catch (err) {
    if (err instanceof WhiskError && err.status < 500) return undefined;
    throw err;
  }
}

/** Throws 401 unless the action's `require-whisk-auth` lets this request through. */
export function checkWebAuth(annotations: readonly KeyValue[], headers: IncomingHttpHeaders, caller: Subject | undefined): void {
  if (!annotations.some((a) => a.key === 'require-whisk-auth')) return;
  const required = getValue(annotations, 'require-whisk-auth');
  let allowed: boolean;
  if (required === false) allowed = true;
  else if (required === true) allowed = caller !== undefined;
  else if (typeof required === 'string' || typeof required === 'number') {
    const given = headers[WHISK_AUTH_HEADER];
    allowed = typeof given === 'string' && sameSecret(given, String(required));
  } else allowed = false;
  if (!allowed) throw new UnauthorizedError(Messages.webActionUnauthorized);
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
