/**
 * HTTP Basic authentication with OpenWhisk's `uuid:key` credentials. Subjects come from the store and are cached
 * briefly by uuid (the invoke path must not read the store); keys are compared in constant time over their
 * SHA-256 digests, so neither length nor content leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Messages } from '../../common/errors/messages.js';
import { ForbiddenError, UnauthorizedError } from '../../common/errors/whisk-errors.js';
import type { Subject } from '../../common/types/entities.js';
import type { SubjectStore } from '../../store/store.js';

interface CachedSubject {
  subject: Subject;
  keyDigest: Buffer;
  expiresAt: number;
}

export interface Credentials {
  subject: Subject;
  /** `uuid:key`, passed to actions that ask for it (__OW_API_KEY). */
  authKey: string;
}

const CACHE_TTL_MS = 10_000;
const CACHE_MAX = 10_000;

export class Authenticator {
  private readonly cache = new Map<string, CachedSubject>();

  constructor(private readonly subjects: SubjectStore, private readonly now: () => number = Date.now) {}

  /** Resolves the subject of an `Authorization` header, or throws UnauthorizedError. */
  async authenticate(header: string | undefined): Promise<Credentials> {
    const credentials = parseBasic(header);
    if (!credentials) throw new UnauthorizedError(Messages.authenticationInvalid);
    const [uuid, key] = credentials;
    const entry = await this.lookup(uuid);
    if (!entry || !timingSafeEqual(digest(key), entry.keyDigest)) {
      throw new UnauthorizedError(Messages.authenticationInvalid);
    }
    return { subject: entry.subject, authKey: `${uuid}:${key}` };
  }

  /** Drops a cached subject (after its keys or namespaces change). */
  invalidate(uuid: string): void {
    this.cache.delete(uuid);
  }

  private async lookup(uuid: string): Promise<CachedSubject | undefined> {
    const cached = this.cache.get(uuid);
    if (cached && cached.expiresAt > this.now()) return cached;
    const subject = await this.subjects.getSubjectByUuid(uuid);
    if (!subject) return undefined;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    const entry = { subject, keyDigest: digest(subject.key), expiresAt: this.now() + CACHE_TTL_MS };
    this.cache.set(uuid, entry);
    return entry;
  }
}

/** `_` is the caller's default namespace; any other namespace must belong to the subject. */
export function resolveNamespace(requested: string, subject: Subject): string {
  const namespace = requested === '_' ? subject.namespaces[0]! : requested;
  if (!subject.namespaces.includes(namespace)) throw new ForbiddenError(Messages.notAuthorized);
  return namespace;
}

function parseBasic(header: string | undefined): [string, string] | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
