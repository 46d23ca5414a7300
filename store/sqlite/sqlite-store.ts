/**
 * The embedded default Store: one SQLite file (better-sqlite3) in WAL mode. better-sqlite3 is synchronous, so every
 * statement is atomic with respect to this process's event loop; revision checks and batches still run inside
 * transactions so other processes sharing the file see them whole. Statements are prepared once, at open.
 * Activation batches on a file are written by a thread with its own connection (activation-writer-thread.ts), off
 * the event loop; an in-memory database writes them inline. Either way putActivations resolves once committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ActivationRecord, Collection, Stored, Subject } from '../../common/types/entities.js';
import { ConflictError } from '../../common/errors/whisk-errors.js';
import { activationNameKey } from '../activation-path.js';
import { activationJson } from '../activation-json.js';
import type { ActivationFilter, ListOptions, Store } from '../store.js';
import { ActivationWriterThread, type ActivationRow } from './activation-writer-thread.js';
import { migrate } from './migrations.js';

export interface SqliteStoreOptions {
  /** Path of the database file (its folder is created), or `:memory:`. */
  file: string;
  /**
   * Where activation batches are written: `thread` (the default for a file) or `inline` on the event loop (always,
   * for an in-memory database, which another connection cannot open).
   */
  activationWriter?: 'thread' | 'inline';
}

/** How long a connection waits for the other connection's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

const INSERT_ACTIVATION = `INSERT OR REPLACE INTO activations (namespace, activation_id, name, path_name, start, doc)
  VALUES (?, ?, ?, ?, ?, ?)`;

type EntityKey = { namespace: string; collection: Collection; name: string };
type DocRow = { doc: string };
type CountRow = { n: number };
type Statements = ReturnType<typeof prepareStatements>;

const ENTITY_FILTER = `namespace = @namespace AND collection = @collection
  AND (@prefix IS NULL OR substr(name, 1, length(@prefix)) = @prefix)
  AND (@topLevelOnly = 0 OR instr(name, '/') = 0)`;

const ACTIVATION_FILTER = `namespace = @namespace
  AND (@name IS NULL OR COALESCE(path_name, name) = @name)
  AND (@since IS NULL OR start >= @since)
  AND (@upto IS NULL OR start <= @upto)`;

export class SqliteStore implements Store {
  readonly name = 'sqlite';
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly putEntityTx: Database.Transaction<(key: EntityKey, doc: string, expectedRev: number | null) => number>;
  private readonly putActivationsTx: Database.Transaction<(rows: readonly ActivationRow[]) => void>;
  private readonly activationWriter: ActivationWriterThread | undefined;
  /** Last `updated` stamp handed out: stamps only grow, so "newest first" is the order of writes. */
  private lastUpdated: number;

  constructor(options: SqliteStoreOptions) {
    if (options.file !== ':memory:' && options.file !== '') {
      fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
    }
    this.db = new Database(options.file, { timeout: BUSY_TIMEOUT_MS });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    migrate(this.db);
    this.sql = prepareStatements(this.db);
    this.putEntityTx = this.db.transaction((key: EntityKey, doc: string, expectedRev: number | null) =>
      this.writeEntity(key, doc, expectedRev));
    this.putActivationsTx = this.db.transaction((rows: readonly ActivationRow[]) => {
      for (const row of rows) this.sql.putActivation.run(row);
    });
    const inMemory = options.file === ':memory:' || options.file === '';
    if (!inMemory && options.activationWriter !== 'inline') {
      this.activationWriter = new ActivationWriterThread({ file: options.file, insertSql: INSERT_ACTIVATION, busyTimeoutMs: BUSY_TIMEOUT_MS });
    }
    this.lastUpdated = this.sql.maxUpdated.get()?.m ?? 0;
  }

  /** Runs inside the putEntity transaction: the revision check and the write are one unit. */
  private writeEntity(key: EntityKey, doc: string, expectedRev: number | null): number {
    const current = this.sql.getRev.get(key)?.rev;
    if (expectedRev === null && current !== undefined) {
      throw new ConflictError(`${key.collection}/${key.name} already exists`);
    }
    if (expectedRev !== null && current !== expectedRev) {
      throw new ConflictError(`${key.collection}/${key.name} was changed or removed (revision ${expectedRev} is stale)`);
    }
    const rev = (current ?? 0) + 1;
    this.lastUpdated = Math.max(Date.now(), this.lastUpdated + 1);
    const row = { ...key, doc, rev, updated: this.lastUpdated };
    if (current === undefined) this.sql.insertEntity.run(row);
    else this.sql.updateEntity.run(row);
    return rev;
  }

  async getEntity<T>(namespace: string, collection: Collection, name: string): Promise<Stored<T> | undefined> {
    const row = this.sql.getEntity.get({ namespace, collection, name });
    return row && { doc: JSON.parse(row.doc) as T, rev: row.rev };
  }

  async putEntity<T>(namespace: string, collection: Collection, name: string, doc: T, expectedRev: number | null): Promise<number> {
    // IMMEDIATE takes the write lock up front, so another process cannot slip in between check and write.
    return this.putEntityTx.immediate({ namespace, collection, name }, JSON.stringify(doc), expectedRev);
  }

  async deleteEntity(namespace: string, collection: Collection, name: string): Promise<boolean> {
    return this.sql.deleteEntity.run({ namespace, collection, name }).changes > 0;
  }

  async listEntities<T>(namespace: string, collection: Collection, options: ListOptions): Promise<T[]> {
    const rows = this.sql.listEntities.all({ ...entityParams(namespace, collection, options), skip: options.skip, limit: sqlLimit(options.limit) });
    return rows.map((r) => JSON.parse(r.doc) as T);
  }

  async countEntities(namespace: string, collection: Collection, options: Omit<ListOptions, 'skip' | 'limit'>): Promise<number> {
    return this.sql.countEntities.get(entityParams(namespace, collection, options))!.n;
  }

  async getSubjectByUuid(uuid: string): Promise<Subject | undefined> {
    const row = this.sql.getSubject.get(uuid);
    return row && (JSON.parse(row.doc) as Subject);
  }

  async getSubjectByNamespace(namespace: string): Promise<Subject | undefined> {
    const row = this.sql.getSubjectByNamespace.get(namespace);
    return row && (JSON.parse(row.doc) as Subject);
  }

  async putSubject(subject: Subject): Promise<void> {
    this.sql.putSubject.run(subject.uuid, JSON.stringify(subject));
  }

  async putActivations(records: readonly ActivationRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((r): ActivationRow => [r.namespace, r.activationId, r.name, activationNameKey(r), r.start, activationJson(r, false)]);
    if (this.activationWriter) await this.activationWriter.write(rows);
    else this.putActivationsTx(rows);
  }

  async getActivation(namespace: string, activationId: string): Promise<ActivationRecord | undefined> {
    const row = this.sql.getActivation.get(namespace, activationId);
    return row && (JSON.parse(row.doc) as ActivationRecord);
  }

  async listActivations(namespace: string, filter: ActivationFilter): Promise<ActivationRecord[]> {
    const rows = this.sql.listActivations.all({ ...activationParams(namespace, filter), skip: filter.skip, limit: sqlLimit(filter.limit) });
    return rows.map((r) => JSON.parse(r.doc) as ActivationRecord);
  }

  async countActivations(namespace: string, filter: Omit<ActivationFilter, 'skip' | 'limit'>): Promise<number> {
    return this.sql.countActivations.get(activationParams(namespace, filter))!.n;
  }

  async close(): Promise<void> {
    await this.activationWriter?.close();
    if (this.db.open) this.db.close();
  }
}

function entityParams(namespace: string, collection: Collection, o: Omit<ListOptions, 'skip' | 'limit'>) {
  return { namespace, collection, prefix: o.prefix ?? null, topLevelOnly: o.topLevelOnly ? 1 : 0 };
}

function activationParams(namespace: string, f: Omit<ActivationFilter, 'skip' | 'limit'>) {
  return { namespace, name: f.name ?? null, since: f.since ?? null, upto: f.upto ?? null };
}

/** SQLite reads a negative LIMIT as "no limit". */
function sqlLimit(limit: number): number {
  return limit > 0 ? limit : -1;
}

function prepareStatements(db: Database.Database) {
  return {
    getEntity: db.prepare<[EntityKey], { doc: string; rev: number }>(
      'SELECT doc, rev FROM entities WHERE namespace = @namespace AND collection = @collection AND name = @name'),
    getRev: db.prepare<[EntityKey], { rev: number }>(
      'SELECT rev FROM entities WHERE namespace = @namespace AND collection = @collection AND name = @name'),
    insertEntity: db.prepare(`INSERT INTO entities (namespace, collection, name, doc, rev, updated)
      VALUES (@namespace, @collection, @name, @doc, @rev, @updated)`),
    updateEntity: db.prepare(`UPDATE entities SET doc = @doc, rev = @rev, updated = @updated
      WHERE namespace = @namespace AND collection = @collection AND name = @name`),
    deleteEntity: db.prepare<[EntityKey]>(
      'DELETE FROM entities WHERE namespace = @namespace AND collection = @collection AND name = @name'),
    listEntities: db.prepare<[Record<string, unknown>], DocRow>(
      `SELECT doc FROM entities WHERE ${ENTITY_FILTER} ORDER BY updated DESC, name ASC LIMIT @limit OFFSET @skip`),
    countEntities: db.prepare<[Record<string, unknown>], CountRow>(
      `SELECT count(*) AS n FROM entities WHERE ${ENTITY_FILTER}`),
    maxUpdated: db.prepare<[], { m: number | null }>('SELECT max(updated) AS m FROM entities'),
    getSubject: db.prepare<[string], DocRow>('SELECT doc FROM subjects WHERE uuid = ?'),
    getSubjectByNamespace: db.prepare<[string], DocRow>(
      "SELECT s.doc FROM subjects s, json_each(s.doc, '$.namespaces') n WHERE n.value = ? LIMIT 1"),
    putSubject: db.prepare('INSERT OR REPLACE INTO subjects (uuid, doc) VALUES (?, ?)'),
    putActivation: db.prepare<[ActivationRow]>(INSERT_ACTIVATION),
    getActivation: db.prepare<[string, string], DocRow>(
      'SELECT doc FROM activations WHERE namespace = ? AND activation_id = ?'),
    listActivations: db.prepare<[Record<string, unknown>], DocRow>(`SELECT doc FROM activations WHERE ${ACTIVATION_FILTER}
      ORDER BY start DESC, activation_id DESC LIMIT @limit OFFSET @skip`),
    countActivations: db.prepare<[Record<string, unknown>], CountRow>(
      `SELECT count(*) AS n FROM activations WHERE ${ACTIVATION_FILTER}`),
  };
}
