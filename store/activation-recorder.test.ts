import pino from 'pino';
import type { ActivationRecord } from '../common/types/entities.js';
import { ActivationRecorder } from './activation-recorder.js';
import { MemoryStore } from './memory/memory-store.js';
import { sampleActivation } from './store.contract.js';

/** A memory store that counts batch writes and fails the next `failures` of them. */
class FlakyStore extends MemoryStore {
  batches: number[] = [];
  failures = 0;
  override async putActivations(records: readonly ActivationRecord[]): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('disk on fire');
    }
    this.batches.push(records.length);
    await super.putActivations(records);
  }
}

function capturingLogger(): { logger: pino.Logger; lines: { level: number; msg: string; activationIds?: string[] }[] } {
  const lines: { level: number; msg: string }[] = [];
  return { lines, logger: pino({ level: 'error' }, { write: (s: string) => lines.push(JSON.parse(s)) }) };
}

const all = { skip: 0, limit: 0 };
const rec = (id: string, start = 100) => sampleActivation('ns', id, start);

describe('ActivationRecorder', () => {
  let store: FlakyStore;
  beforeEach(() => { store = new FlakyStore(); });
  afterEach(() => { jest.useRealTimers(); });

  it('finds a record right after record(), before any write', async () => {
    const recorder = new ActivationRecorder(store, { flushIntervalMs: 60_000, batchSize: 100 });
    recorder.record(rec('a1'));
    expect(await recorder.get('ns', 'a1')).toEqual(rec('a1'));
    expect(await recorder.get('other', 'a1')).toBeUndefined();
    expect(await store.getActivation('ns', 'a1')).toBeUndefined();
    await recorder.flush();
    expect(await store.getActivation('ns', 'a1')).toEqual(rec('a1'));
    expect(await recorder.get('ns', 'a1')).toEqual(rec('a1'));
    await recorder.close();
  });

  it('writes after flushIntervalMs, once per interval', async () => {
    jest.useFakeTimers();
    const recorder = new ActivationRecorder(store, { flushIntervalMs: 50, batchSize: 100 });
    recorder.record(rec('a1'));
    await jest.advanceTimersByTimeAsync(20);
    recorder.record(rec('a2'));
    expect(store.batches).toEqual([]);
    await jest.advanceTimersByTimeAsync(30);
    expect(store.batches).toEqual([2]);
    await recorder.close();
  });

  it('writes at once, one putActivations per batch, when the buffer reaches batchSize', async () => {
    jest.useFakeTimers();
    const recorder = new ActivationRecorder(store, { flushIntervalMs: 60_000, batchSize: 2 });
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) recorder.record(rec(id));
    await jest.advanceTimersByTimeAsync(0);
    expect(store.batches).toEqual([2, 2, 1]);
    expect(await store.countActivations('ns', {})).toBe(5);
    await recorder.close();
  });

  it('lists and counts records that were not written yet', async () => {
    const recorder = new ActivationRecorder(store, { flushIntervalMs: 60_000, batchSize: 100 });
    recorder.record(rec('a1', 100));
    recorder.record(rec('a2', 200));
    expect((await recorder.list('ns', all)).map((r) => r.activationId)).toEqual(['a2', 'a1']);
    recorder.record(rec('a3', 300));
    expect(await recorder.count('ns', { since: 150 })).toBe(2);
    await recorder.close();
  });

  it('writes everything on close', async () => {
    const recorder = new ActivationRecorder(store, { flushIntervalMs: 60_000, batchSize: 100 });
    recorder.record(rec('a1'));
    recorder.record(rec('a2'));
    await recorder.close();
    expect(await store.countActivations('ns', {})).toBe(2);
  });

  it('keeps a batch whose write failed, logs it, and writes it on the next flush before newer records', async () => {
    const { logger, lines } = capturingLogger();
    const recorder = new ActivationRecorder(store, { flushIntervalMs: 60_000, batchSize: 100, logger });
    store.failures = 1;
    recorder.record({ ...rec('a1'), statusCode: 1 });
    await recorder.flush();
    expect(lines.map((l) => l.msg)).toEqual(['writing activation records failed; will retry']);
    expect((await recorder.get('ns', 'a1'))?.statusCode).toBe(1);
    recorder.record({ ...rec('a1'), statusCode: 2 }); // the same id again: the newer record must win
    await recorder.flush();
    expect(store.batches).toEqual([1, 1]);
    expect((await store.getActivation('ns', 'a1'))?.statusCode).toBe(2);
    await recorder.close();
  });

  it('drops a batch after maxWriteAttempts, logging the ids it lost', async () => {
    const { logger, lines } = capturingLogger();
    const recorder = new ActivationRecorder(store, { flushIntervalMs: 60_000, batchSize: 100, logger, maxWriteAttempts: 2 });
    store.failures = 10;
    recorder.record(rec('a1'));
    await recorder.close();
    expect(lines.at(-1)).toMatchObject({ msg: 'writing activation records failed too often; dropping them', activationIds: ['a1'] });
    expect(await recorder.get('ns', 'a1')).toBeUndefined();
  });

  it('calls subscribers synchronously, and survives one that throws', async () => {
    const { logger, lines } = capturingLogger();
    const recorder = new ActivationRecorder(store, { flushIntervalMs: 60_000, batchSize: 100, logger });
    const seen: string[] = [];
    recorder.subscribe(() => { throw new Error('bad listener'); });
    const unsubscribe = recorder.subscribe((r) => seen.push(r.activationId));
    recorder.record(rec('a1'));
    expect(seen).toEqual(['a1']);
    unsubscribe();
    recorder.record(rec('a2'));
    expect(seen).toEqual(['a1']);
    expect(lines.filter((l) => l.msg === 'activation listener failed')).toHaveLength(2);
    await recorder.close();
    expect(await store.countActivations('ns', {})).toBe(2);
  });

  it('returns copies of buffered records', async () => {
    const recorder = new ActivationRecorder(store, { flushIntervalMs: 60_000, batchSize: 100 });
    recorder.record(rec('a1'));
    (await recorder.get('ns', 'a1'))!.logs.push('mutated');
    expect(await recorder.get('ns', 'a1')).toEqual(rec('a1'));
    await recorder.close();
  });
});
