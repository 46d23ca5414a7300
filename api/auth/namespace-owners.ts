/**
 * Who owns a namespace: the subject a web action runs as (OpenWhisk's Identity.get by namespace, cached). Cached
 * briefly by namespace, misses included, so a web invoke reads the store at most once per TTL per namespace.
 */
import type { Subject } from '../../common/types/entities.js';
import type { SubjectStore } from '../../store/store.js';

interface Entry {
  subject: Subject | undefined;
  expiresAt: number;
}

const CACHE_TTL_MS = 10_000;
const CACHE_MAX = 10_000;

export class NamespaceOwners {
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly subjects: Pick<SubjectStore, 'getSubjectByNamespace'>, private readonly now: () => number = Date.now) {}

  /** The owning subject, or undefined when no subject lists the namespace. */
  async ownerOf(namespace: string): Promise<Subject | undefined> {
    const hit = this.cache.get(namespace);
    if (hit && hit.expiresAt > this.now()) return hit.subject;
    const subject = await this.subjects.getSubjectByNamespace(namespace);
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(namespace, { subject, expiresAt: this.now() + CACHE_TTL_MS });
    return subject;
  }

  /** Drops what is cached for the subject's namespaces (after its keys, namespaces or limits change). */
  invalidate(subject: Subject): void {
    for (const namespace of subject.namespaces) this.cache.delete(namespace);
  }
}
