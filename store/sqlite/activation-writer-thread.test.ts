/**
 * The threaded activation writer behind SqliteStore on a file: records are readable once putActivations resolves,
 * nothing sent is lost at close (even writes nobody awaited), and failures reach the caller (a batch the database
 * refuses; a thread that cannot start), after which the next write starts a new thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ActivationRecorder } from '../activation-recorder.js';
import { sampleActivation } from '../store.contract.js';
import { ActivationWriterThread } from './activation-writer-thread.js';
import { SqliteStore } from './sqlite-store.js';

describe('SqliteStore with its activation writer thread', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-writer-'));
    file = path.join(dir, 'store.db');
  });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('writes batches from the thread, readable through the main connection once resolved', async () => {
    const store = new SqliteStore({ file });
    const batch = [sampleActivation('ns', 'a1', 100), sampleActivation('ns', 'a2', 200)];
    await store.putActivations(batch);
    expect(await store.getActivation('ns', 'a2')).toEqual(batch[1]);
    expect((await store.listActivations('ns', { skip: 0, limit: 0 })).map((r) => r.activationId)).toEqual(['a2', 'a1']);
    // Entities are written by the main connection meanwhile: both share the file's write lock.
    await Promise.all([store.putEntity('ns', 'actions', 'x', { name: 'x' }, null), store.putActivations([sampleActivation('ns', 'a3', 300)])]);
    expect(await store.countActivations('ns', {})).toBe(3);
    await store.close();
  });

  it('loses nothing at close: writes sent and not awaited are committed first', async () => {
    const store = new SqliteStore({ file });
    const writes = Array.from({ length: 20 }, (_, b) =>
      store.putActivations(Array.from({ length: 50 }, (_, i) => sampleActivation('ns', `id-${b}-${i}`, b * 1000 + i))));
    await store.close();
    await Promise.all(writes);
    const raw = new Database(file, { readonly: true });
    expect((raw.prepare('SELECT count(*) AS n FROM activations').get() as { n: number }).n).toBe(1000);
    raw.close();
    await expect(store.putActivations([sampleActivation('ns', 'late', 1)])).rejects.toThrow(/closed/);
  });

  it("keeps the recorder's promise: everything recorded is in the file after recorder.close() and store.close()", async () => {
    const store = new SqliteStore({ file });
    const recorder = new ActivationRecorder(store, { flushIntervalMs: 60_000, batchSize: 7 });
    for (let i = 0; i < 100; i++) recorder.record(sampleActivation('ns', `r${i}`, i));
    await recorder.close();
    await store.close();
    const reopened = new SqliteStore({ file });
    expect(await reopened.countActivations('ns', {})).toBe(100);
    expect(await reopened.getActivation('ns', 'r42')).toEqual(sampleActivation('ns', 'r42', 42));
    await reopened.close();
  });

  it("rejects a batch the database refuses with SQLite's error, and keeps writing the next ones", async () => {
    const store = new SqliteStore({ file });
    await store.putActivations([sampleActivation('ns', 'before', 1)]);
    const raw = new Database(file);
    raw.exec('ALTER TABLE activations RENAME TO moved');
    await expect(store.putActivations([sampleActivation('ns', 'lost', 2)])).rejects.toThrow(/writing activation records failed: no such table: activations/);
    raw.exec('ALTER TABLE moved RENAME TO activations');
    raw.close();
    await store.putActivations([sampleActivation('ns', 'after', 3)]);
    expect((await store.listActivations('ns', { skip: 0, limit: 0 })).map((r) => r.activationId)).toEqual(['after', 'before']);
    await store.close();
  });

  it('rejects the writes in flight when the thread dies, and starts a new thread for the next write', async () => {
    await new SqliteStore({ file, activationWriter: 'inline' }).close(); // the schema
    const driver = path.join(dir, 'driver.js');
    const insert = 'INSERT INTO activations (namespace, activation_id, name, path_name, start, doc) VALUES (?, ?, ?, ?, ?, ?)';
    const writer = new ActivationWriterThread({ file, insertSql: insert, busyTimeoutMs: 100, driver });
    await expect(writer.write([['ns', 'x', 'x', null, 1, '{}']])).rejects.toThrow(/driver\.js/);
    fs.writeFileSync(driver, `module.exports = require(${JSON.stringify(require.resolve('better-sqlite3'))});`);
    await writer.write([['ns', 'y', 'y', null, 2, '{}']]);
    await writer.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT activation_id AS id FROM activations').all()).toEqual([{ id: 'y' }]);
    raw.close();
  });
});
