/**
 * A Store in Maps, for tests and throwaway runs. Documents are deep-copied on the way in and out, so callers can
 * never change what is stored; ordering and filtering follow the SQLite store exactly (the contract suite checks).
 */
import type { ActivationRecord, Collection, Stored, Subject } from '../../common/types/entities.js';
import { ConflictError } from '../../common/errors/whisk-errors.js';
import { activationNameKey } from '../activation-path.js';
import type { ActivationFilter, ListOptions, Store } from '../store.js';

interface EntityRow {
  name: string;
  doc: unknown;
  rev: number;
  updated: number;
}

interface ActivationRow {
  record: ActivationRecord;
  /** OpenWhisk's name-filter key (activation-path.ts). */
  nameKey: string;
}

export class MemoryStore implements Store {
  readonly name = 'memory';
  /** `namespace/collection` → name → row. */
  private readonly entities = new Map<string, Map<string, EntityRow>>();
  private readonly subjects = new Map<string, Subject>();
  /** namespace → activation id → row. */
  private readonly activations = new Map<string, Map<string, ActivationRow>>();
  /** Last `updated` stamp handed out: stamps only grow, so "newest first" is the order of writes. */
  private lastUpdated = 0;

  async getEntity<T>(namespace: string, collection: Collection, name: string): Promise<Stored<T> | undefined> {
    const row = this.entities.get(collectionKey(namespace, collection))?.get(name);
    return row && { doc: copy(row.doc as T), rev: row.rev };
  }

  async putEntity<T>(namespace: string, collection: Collection, name: string, doc: T, expectedRev: number | null): Promise<number> {
    const key = collectionKey(namespace, collection);
    let rows = this.entities.get(key);
    const current = rows?.get(name)?.rev;
    if (expectedRev === null && current !== undefined) throw new ConflictError(`${collection}/${name} already exists`);
    if (expectedRev !== null && current !== expectedRev) {
      throw new ConflictError(`${collection}/${name} was changed or removed (revision ${expectedRev} is stale)`);
    }
    if (!rows) this.entities.set(key, (rows = new Map()));
    const rev = (current ?? 0) + 1;
    this.lastUpdated = Math.max(Date.now(), this.lastUpdated + 1);
    rows.set(name, { name, doc: copy(doc), rev, updated: this.lastUpdated });
    return rev;
  }

  async deleteEntity(namespace: string, collection: Collection, name: string): Promise<boolean> {
    return this.entities.get(collectionKey(namespace, collection))?.delete(name) ?? false;
  }

  async listEntities<T>(namespace: string, collection: Collection, options: ListOptions): Promise<T[]> {
    const rows = this.matchingEntities(namespace, collection, options)
      .sort((a, b) => b.updated - a.updated || compareText(a.name, b.name));
    return page(rows, options.skip, options.limit).map((r) => copy(r.doc as T));
  }

  async countEntities(namespace: string, collection: Collection, options: Omit<ListOptions, 'skip' | 'limit'>): Promise<number> {
    return this.matchingEntities(namespace, collection, options).length;
  }

  async getSubjectByUuid(uuid: string): Promise<Subject | undefined> {
    const subject = this.subjects.get(uuid);
    return subject && copy(subject);
  }

  async getSubjectByNamespace(namespace: string): Promise<Subject | undefined> {
    for (const subject of this.subjects.values()) if (subject.namespaces.includes(namespace)) return copy(subject);
    return undefined;
  }

  async putSubject(subject: Subject): Promise<void> {
    this.subjects.set(subject.uuid, copy(subject));
  }

  async putActivations(records: readonly ActivationRecord[]): Promise<void> {
    // Copy the whole batch before touching the maps, so a batch that cannot be copied writes nothing.
    const rows = records.map((r) => ({ record: copy(r), nameKey: activationNameKey(r) }));
    for (const row of rows) {
      let byId = this.activations.get(row.record.namespace);
      if (!byId) this.activations.set(row.record.namespace, (byId = new Map()));
      byId.set(row.record.activationId, row);
    }
  }

  async getActivation(namespace: string, activationId: string): Promise<ActivationRecord | undefined> {
    const row = this.activations.get(namespace)?.get(activationId);
    return row && copy(row.record);
  }

  async listActivations(namespace: string, filter: ActivationFilter): Promise<ActivationRecord[]> {
    const rows = this.matchingActivations(namespace, filter)
      .sort((a, b) => b.record.start - a.record.start || compareText(b.record.activationId, a.record.activationId));
    return page(rows, filter.skip, filter.limit).map((r) => copy(r.record));
  }

  async countActivations(namespace: string, filter: Omit<ActivationFilter, 'skip' | 'limit'>): Promise<number> {
    return this.matchingActivations(namespace, filter).length;
  }

  async close(): Promise<void> {}

  private matchingEntities(namespace: string, collection: Collection, o: Omit<ListOptions, 'skip' | 'limit'>): EntityRow[] {
    const rows = [...(this.entities.get(collectionKey(namespace, collection))?.values() ?? [])];
    return rows.filter((r) => (o.prefix === undefined || r.name.startsWith(o.prefix)) && (!o.topLevelOnly || !r.name.includes('/')));
  }

  private matchingActivations(namespace: string, f: Omit<ActivationFilter, 'skip' | 'limit'>): ActivationRow[] {
    const rows = [...(this.activations.get(namespace)?.values() ?? [])];
    return rows.filter(({ record: r, nameKey }) =>
      (f.name === undefined || nameKey === f.name) &&
      (f.since === undefined || r.start >= f.since) &&
      (f.upto === undefined || r.start <= f.upto));
  }
}

function collectionKey(namespace: string, collection: Collection): string {
  return `${namespace}\u0000${collection}`;
}

/** Documents are JSON in every store; a JSON round trip gives the same copy SQLite does (undefined fields vanish). */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Binary order, as SQLite compares TEXT. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function page<T>(rows: T[], skip: number, limit: number): T[] {
  return rows.slice(skip, limit > 0 ? skip + limit : undefined);
}
