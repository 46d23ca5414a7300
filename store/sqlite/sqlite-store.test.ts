import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createStore } from '../create-store.js';
import { describeStoreContract, sampleActivation } from '../store.contract.js';
import { SCHEMA_VERSION } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

describeStoreContract('sqlite', () => new SqliteStore({ file: ':memory:' }));

describe('SqliteStore on disk', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-sqlite-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('creates its folder and keeps entities, subjects and activations across close and reopen', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'store.db');
    const first = new SqliteStore({ file });
    await first.putEntity('ns', 'actions', 'a', { name: 'a' }, null);
    await first.putEntity('ns', 'actions', 'a', { name: 'a', v: 2 }, 1);
    await first.putEntity('ns', 'actions', 'b', { name: 'b' }, null);
    await first.putSubject({ subject: 'guest', uuid: 'u', key: 'k', namespaces: ['guest'] });
    await first.putActivations([sampleActivation('ns', 'id1', 100), sampleActivation('ns', 'id2', 200)]);
    await first.close();
    await first.close(); // idempotent

    const second = new SqliteStore({ file });
    expect(await second.getEntity('ns', 'actions', 'a')).toEqual({ doc: { name: 'a', v: 2 }, rev: 2 });
    expect(await second.getSubjectByUuid('u')).toEqual({ subject: 'guest', uuid: 'u', key: 'k', namespaces: ['guest'] });
    expect(await second.getActivation('ns', 'id2')).toEqual(sampleActivation('ns', 'id2', 200));
    expect(await second.countActivations('ns', {})).toBe(2);
    // Updates after the reopen still list as newest: the update stamp continues from what is stored.
    await second.putEntity('ns', 'actions', 'a', { name: 'a', v: 3 }, 2);
    expect((await second.listEntities<{ name: string }>('ns', 'actions', { skip: 0, limit: 0 })).map((d) => d.name)).toEqual(['a', 'b']);
    await second.close();
  });

  it('sets the schema version and WAL mode, and refuses a database from a newer version', async () => {
    const file = path.join(dir, 'store.db');
    await new SqliteStore({ file }).close();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => new SqliteStore({ file })).toThrow(/newer/);
  });

  it('is what createStore makes for `sqlite`, at <dataDir>/openwhisk.db', async () => {
    const store = createStore({ store: 'sqlite', dataDir: path.join(dir, 'data') });
    expect(store.name).toBe('sqlite');
    await store.close();
    expect(fs.existsSync(path.join(dir, 'data', 'openwhisk.db'))).toBe(true);
    const memory = createStore({ store: 'memory', dataDir: dir });
    expect(memory.name).toBe('memory');
    await memory.close();
  });
});
