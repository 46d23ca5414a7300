/**
 * The SQLite schema as an ordered list of migrations. `PRAGMA user_version` holds the number of migrations
 * applied; opening a store applies the missing ones, each in its own transaction. Never edit a released
 * migration: append a new one.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  /** What the migration does, for the error message when it fails. */
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'entities, subjects and activations',
    sql: `
      CREATE TABLE entities (
        namespace  TEXT    NOT NULL,
        collection TEXT    NOT NULL,
        name       TEXT    NOT NULL,
        doc        TEXT    NOT NULL,
        rev        INTEGER NOT NULL,
        updated    INTEGER NOT NULL,
        PRIMARY KEY (namespace, collection, name)
      ) WITHOUT ROWID;
      CREATE INDEX entities_by_updated ON entities (namespace, collection, updated DESC);

      CREATE TABLE subjects (
        uuid TEXT PRIMARY KEY NOT NULL,
        doc  TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE activations (
        namespace     TEXT    NOT NULL,
        activation_id TEXT    NOT NULL,
        name          TEXT    NOT NULL,
        path_name     TEXT,
        start         INTEGER NOT NULL,
        doc           TEXT    NOT NULL,
        PRIMARY KEY (namespace, activation_id)
      );
      CREATE INDEX activations_by_start ON activations (namespace, start DESC);
    `,
  },
];

/** The schema version this code writes: the number of migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database up to SCHEMA_VERSION; refuses a database written by a newer version. Returns the version. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`database schema version ${current} is newer than this build supports (${SCHEMA_VERSION})`);
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    const migration = MIGRATIONS[version]!;
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; `version` is our own integer.
      db.pragma(`user_version = ${version + 1}`);
    });
    try {
      apply.immediate();
    } catch (cause) {
      throw new Error(`migration ${version + 1} (${migration.description}) failed`, { cause });
    }
  }
  return SCHEMA_VERSION;
}
