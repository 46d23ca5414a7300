/**
 * `require-whisk-auth` on a web action: `true` demands Basic auth of a subject that owns the action's namespace;
 * a string (or number) demands that the `X-Require-Whisk-Auth` header equal it (compared in constant time).
 * Anything else (absent, false) leaves the action public. 401 otherwise.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Messages } from '../../common/errors/messages.js';
import { UnauthorizedError } from '../../common/errors/whisk-errors.js';
import type { KeyValue, Subject } from '../../common/types/entities.js';
import type { Authenticator } from '../auth/authenticator.js';
import { getValue } from '../entities/key-values.js';
import { owns } from '../entities/package-access.js';

export const WHISK_AUTH_HEADER = 'x-require-whisk-auth';

/** The authenticated subject when the action asked for Basic auth, else undefined. */
export async function checkWebAuth(
  annotations: readonly KeyValue[], namespace: string, headers: IncomingHttpHeaders, auth: Authenticator,
): Promise<Subject | undefined> {
  const required = getValue(annotations, 'require-whisk-auth');
  if (required === true || required === 'true') {
    const { subject } = await auth.authenticate(headers.authorization);
    if (!owns(subject, namespace)) throw new UnauthorizedError(Messages.authenticationInvalid);
    return subject;
  }
  if (typeof required === 'string' || typeof required === 'number') {
    const given = headers[WHISK_AUTH_HEADER];
    if (typeof given !== 'string' || !sameSecret(given, String(required))) throw new UnauthorizedError(Messages.authenticationInvalid);
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
