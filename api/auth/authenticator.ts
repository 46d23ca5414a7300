/**
 * HTTP Basic authentication with OpenWhisk's `uuid:key` credentials. Subjects come from the store and are cached
 * briefly by uuid (the invoke path must not read the store); keys are compared in constant time over their
 * SHA-256 digests, so neither length nor content leaks through timing.
 *
 * A header that passed that check is remembered for as long as its subject is cached, by its exact value, so a
 * client repeating it (every client does) costs one map lookup instead of a base64 decode and a SHA-256. Only
 * verified headers go in, so guesses never do, and each guess still takes the constant-time path; the map compares
 * a presented header's characters with a remembered one's only when their hashes already match. Entries go with
 * their subject's: after the TTL, on invalidate(uuid), and all at once when the map is full.
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

/** An Authorization header value already verified against the subject it names. */
interface VerifiedHeader {
  credentials: Credentials;
  uuid: string;
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
  /** By exact `Authorization` value; never outlives the CachedSubject it was checked against. */
  private readonly verified = new Map<string, VerifiedHeader>();
  /** Counts invalidate() calls: what was read from the store before one is not cached after it. */
  private generation = 0;

  constructor(private readonly subjects: SubjectStore, private readonly now: () => number = Date.now) {}

  /** Resolves the subject of an `Authorization` header, or throws UnauthorizedError. */
  authenticate(header: string | undefined): Promise<Credentials> {
    const known = this.known(header);
    return known ? Promise.resolve(known) : this.verify(header);
  }

  /** The credentials of a header verified recently (no store read, no await), or undefined: then authenticate(). */
  known(header: string | undefined): Credentials | undefined {
    const entry = header === undefined ? undefined : this.verified.get(header);
    return entry && entry.expiresAt > this.now() ? entry.credentials : undefined;
  }

  /** Drops a cached subject and the headers verified against it (after its keys, namespaces or limits change). */
  invalidate(uuid: string): void {
    this.generation++;
    this.cache.delete(uuid);
    for (const [header, entry] of this.verified) {
      if (entry.uuid === uuid) this.verified.delete(header);
    }
  }

  private async verify(header: string | undefined): Promise<Credentials> {
    const parsed = parseBasic(header);
    if (!parsed) throw new UnauthorizedError(Messages.authenticationInvalid);
    const [uuid, key] = parsed;
    const generation = this.generation;
    const entry = await this.lookup(uuid);
    if (!entry || !timingSafeEqual(digest(key), entry.keyDigest)) {
      throw new UnauthorizedError(Messages.authenticationInvalid);
    }
    const credentials = { subject: entry.subject, authKey: `${uuid}:${key}` };
    // Unless a subject was invalidated while this one was being read (then the next request checks again).
    if (generation === this.generation) {
      if (this.verified.size >= CACHE_MAX) this.verified.clear();
      this.verified.set(header!, { credentials, uuid, expiresAt: entry.expiresAt });
    }
    return credentials;
  }

  private async lookup(uuid: string): Promise<CachedSubject | undefined> {
    const cached = this.cache.get(uuid);
    if (cached && cached.expiresAt > this.now()) return cached;
    const generation = this.generation;
    const subject = await this.subjects.getSubjectByUuid(uuid);
    if (!subject) return undefined;
    const entry = { subject, keyDigest: digest(subject.key), expiresAt: this.now() + CACHE_TTL_MS };
    if (generation !== this.generation) return entry;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
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
