/**
 * The one suite every Store implementation runs (memory, SQLite, later PostgreSQL), so they cannot drift apart.
 * Call `describeStoreContract(name, makeStore)` from the implementation's test; pass `{ skip: 'why' }` when the
 * backing service is unavailable, and the skip is announced loudly.
 */
import { ConflictError } from '../common/errors/whisk-errors.js';
import type { ActivationRecord, Subject } from '../common/types/entities.js';
import type { Store } from './store.js';

interface Doc {
  name: string;
  value: number;
  nested: { tags: string[] };
}

const doc = (name: string, value = 1): Doc => ({ name, value, nested: { tags: ['a'] } });
const all = { skip: 0, limit: 0 };

/** A complete activation record for tests. */
export function sampleActivation(namespace: string, activationId: string, start: number, name = 'hello', path?: string): ActivationRecord {
  return {
    namespace, name, version: '0.0.1', subject: 'guest', activationId, start, end: start + 5, duration: 5, statusCode: 0,
    response: { status: 'success', statusCode: 0, success: true, result: { ok: true } },
    logs: ['2024-01-01T00:00:00.000Z stdout: hi'],
    annotations: [{ key: 'path', value: path ?? `${namespace}/${name}` }, { key: 'kind', value: 'nodejs:20' }],
    publish: false,
  };
}

export function describeStoreContract(name: string, makeStore: () => Promise<Store> | Store, options?: { skip?: string }): void {
  const skipped = typeof options?.skip === 'string';
  if (skipped) console.warn(`\n*** Store contract for "${name}" is SKIPPED: ${options?.skip} ***\n`);
  (skipped ? describe.skip : describe)(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => { store = await makeStore(); });
    afterEach(async () => { await store.close(); });

    describe('entities', () => {
      it('round-trips a document with its revision', async () => {
        expect(await store.putEntity('ns', 'actions', 'a', doc('a'), null)).toBe(1);
        expect(await store.getEntity('ns', 'actions', 'a')).toEqual({ doc: doc('a'), rev: 1 });
        expect(await store.getEntity('ns', 'actions', 'missing')).toBeUndefined();
        expect(await store.getEntity('ns', 'triggers', 'a')).toBeUndefined();
      });

      it('refuses to create what exists, and to update with a stale or missing revision', async () => {
        await store.putEntity('ns', 'actions', 'a', doc('a', 1), null);
        await expect(store.putEntity('ns', 'actions', 'a', doc('a', 2), null)).rejects.toBeInstanceOf(ConflictError);
        expect(await store.putEntity('ns', 'actions', 'a', doc('a', 3), 1)).toBe(2);
        await expect(store.putEntity('ns', 'actions', 'a', doc('a', 4), 1)).rejects.toBeInstanceOf(ConflictError);
        await expect(store.putEntity('ns', 'actions', 'nope', doc('nope'), 1)).rejects.toBeInstanceOf(ConflictError);
        expect(await store.getEntity('ns', 'actions', 'a')).toEqual({ doc: doc('a', 3), rev: 2 });
        expect(await store.getEntity('ns', 'actions', 'nope')).toBeUndefined();
      });

      it('lets exactly one of several concurrent creates win', async () => {
        const results = await Promise.allSettled([1, 2, 3, 4, 5].map((v) => store.putEntity('ns', 'rules', 'r', doc('r', v), null)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
      });

      it('deletes, reporting whether the entity existed', async () => {
        await store.putEntity('ns', 'packages', 'p', doc('p'), null);
        expect(await store.deleteEntity('ns', 'packages', 'p')).toBe(true);
        expect(await store.deleteEntity('ns', 'packages', 'p')).toBe(false);
        expect(await store.getEntity('ns', 'packages', 'p')).toBeUndefined();
        expect(await store.putEntity('ns', 'packages', 'p', doc('p'), null)).toBe(1);
      });

      it('lists newest update first, with skip and limit (0 = no limit)', async () => {
        for (const n of ['a', 'b', 'c', 'd']) await store.putEntity('ns', 'actions', n, doc(n), null);
        await store.putEntity('ns', 'actions', 'b', doc('b', 2), 1);
        const names = async (skip: number, limit: number) =>
          (await store.listEntities<Doc>('ns', 'actions', { skip, limit })).map((d) => d.name);
        expect(await names(0, 0)).toEqual(['b', 'd', 'c', 'a']);
        expect(await names(1, 2)).toEqual(['d', 'c']);
        expect(await names(3, 0)).toEqual(['a']);
        expect(await names(10, 5)).toEqual([]);
        expect(await store.listEntities('ns', 'triggers', all)).toEqual([]);
      });

      it('filters by name prefix and by top level, in lists and counts', async () => {
        for (const n of ['top', 'pkg/x', 'pkgx', 'pkg/y', 'other/z']) await store.putEntity('ns', 'actions', n, doc(n), null);
        const names = async (o: { prefix?: string; topLevelOnly?: boolean }) =>
          (await store.listEntities<Doc>('ns', 'actions', { ...all, ...o })).map((d) => d.name);
        expect(await names({ prefix: 'pkg/' })).toEqual(['pkg/y', 'pkg/x']);
        expect(await names({ topLevelOnly: true })).toEqual(['pkgx', 'top']);
        expect(await names({ prefix: '%' })).toEqual([]);
        expect(await store.countEntities('ns', 'actions', {})).toBe(5);
        expect(await store.countEntities('ns', 'actions', { prefix: 'pkg' })).toBe(3);
        expect(await store.countEntities('ns', 'actions', { topLevelOnly: true })).toBe(2);
        expect(await store.countEntities('ns', 'rules', {})).toBe(0);
      });

      it('keeps namespaces apart', async () => {
        await store.putEntity('ns1', 'actions', 'a', doc('a', 1), null);
        await store.putEntity('ns2', 'actions', 'a', doc('a', 2), null);
        expect((await store.getEntity<Doc>('ns1', 'actions', 'a'))?.doc.value).toBe(1);
        expect(await store.deleteEntity('ns2', 'actions', 'a')).toBe(true);
        expect(await store.listEntities('ns1', 'actions', all)).toEqual([doc('a', 1)]);
        expect(await store.countEntities('ns2', 'actions', {})).toBe(0);
      });

      it('keeps stored documents out of callers\' reach', async () => {
        const original = doc('a');
        await store.putEntity('ns', 'actions', 'a', original, null);
        original.nested.tags.push('mutated');
        const got = await store.getEntity<Doc>('ns', 'actions', 'a');
        got!.doc.nested.tags.push('mutated');
        (await store.listEntities<Doc>('ns', 'actions', all))[0]!.nested.tags.push('mutated');
        expect((await store.getEntity<Doc>('ns', 'actions', 'a'))?.doc).toEqual(doc('a'));
      });
    });

    describe('subjects', () => {
      const guest: Subject = { subject: 'guest', uuid: 'u-1', key: 'k-1', namespaces: ['guest'] };

      it('puts, gets and replaces by uuid, and keeps copies', async () => {
        expect(await store.getSubjectByUuid('u-1')).toBeUndefined();
        const mine = structuredClone(guest);
        await store.putSubject(mine);
        mine.namespaces.push('mutated');
        const got = await store.getSubjectByUuid('u-1');
        expect(got).toEqual(guest);
        got!.namespaces.push('mutated');
        await store.putSubject({ ...guest, key: 'k-2', namespaces: ['guest', 'other'] });
        expect(await store.getSubjectByUuid('u-1')).toEqual({ ...guest, key: 'k-2', namespaces: ['guest', 'other'] });
      });

      it('finds the subject owning a namespace, with its limit overrides', async () => {
        const limited: Subject = { ...guest, namespaces: ['guest', 'team'], limits: { team: { invocationsPerMinute: 5, allowedKinds: ['nodejs:20'] } } };
        await store.putSubject(limited);
        await store.putSubject({ subject: 'sys', uuid: 'u-2', key: 'k', namespaces: ['whisk.system'] });
        expect(await store.getSubjectByNamespace('team')).toEqual(limited);
        expect((await store.getSubjectByNamespace('whisk.system'))?.uuid).toBe('u-2');
        expect(await store.getSubjectByNamespace('gue')).toBeUndefined();
        expect(await store.getSubjectByNamespace('nobody')).toBeUndefined();
      });
    });

    describe('activations', () => {
      it('writes a batch and reads each record back', async () => {
        const batch = [sampleActivation('ns', 'id1', 100), sampleActivation('ns', 'id2', 200), sampleActivation('other', 'id3', 300)];
        await store.putActivations(batch);
        await store.putActivations([]);
        for (const r of batch) expect(await store.getActivation(r.namespace, r.activationId)).toEqual(r);
        expect(await store.getActivation('ns', 'id3')).toBeUndefined();
        expect(await store.getActivation('ns', 'missing')).toBeUndefined();
      });

      it('lists newest start first, then by id, with skip and limit', async () => {
        await store.putActivations([
          sampleActivation('ns', 'a1', 100), sampleActivation('ns', 'b2', 300), sampleActivation('ns', 'c3', 200), sampleActivation('ns', 'd4', 300),
        ]);
        const ids = async (skip: number, limit: number) =>
          (await store.listActivations('ns', { skip, limit })).map((r) => r.activationId);
        expect(await ids(0, 0)).toEqual(['d4', 'b2', 'c3', 'a1']);
        expect(await ids(1, 2)).toEqual(['b2', 'c3']);
        expect(await ids(4, 0)).toEqual([]);
        expect(await store.countActivations('ns', {})).toBe(4);
      });

      // OpenWhisk keys its activations view by `pkg/name` for packaged actions and by `name` otherwise (one key per
      // record): `hello` does not list `utils/hello`.
      it('filters by name (top level) or package-qualified name, and by an inclusive since/upto', async () => {
        await store.putActivations([
          sampleActivation('ns', 'a1', 100, 'hello'),
          sampleActivation('ns', 'a2', 200, 'hello', 'ns/utils/hello'),
          sampleActivation('ns', 'a3', 300, 'bye', 'ns/utils/bye'),
          sampleActivation('ns', 'a4', 400, 'hello', 'ns/hello'),
        ]);
        const ids = async (f: { name?: string; since?: number; upto?: number }) =>
          (await store.listActivations('ns', { skip: 0, limit: 0, ...f })).map((r) => r.activationId);
        expect(await ids({ name: 'hello' })).toEqual(['a4', 'a1']);
        expect(await ids({ name: 'utils/hello' })).toEqual(['a2']);
        expect(await ids({ name: 'utils' })).toEqual([]);
        expect(await ids({ name: 'bye' })).toEqual([]);
        expect(await ids({ since: 200, upto: 300 })).toEqual(['a3', 'a2']);
        expect(await ids({ name: 'hello', since: 200 })).toEqual(['a4']);
        expect(await ids({ name: 'utils/hello', since: 201 })).toEqual([]);
        expect(await ids({ upto: 99 })).toEqual([]);
        expect(await store.countActivations('ns', { name: 'hello', upto: 200 })).toBe(1);
        expect(await store.countActivations('ns', { name: 'utils/bye' })).toBe(1);
      });

      it('replaces a record written again under the same id', async () => {
        await store.putActivations([sampleActivation('ns', 'a1', 100)]);
        const again = { ...sampleActivation('ns', 'a1', 500), statusCode: 1 };
        await store.putActivations([again]);
        expect(await store.getActivation('ns', 'a1')).toEqual(again);
        expect(await store.countActivations('ns', {})).toBe(1);
        expect((await store.listActivations('ns', { skip: 0, limit: 0, since: 500 })).map((r) => r.statusCode)).toEqual([1]);
      });

      it('keeps namespaces apart, even under the same id', async () => {
        await store.putActivations([sampleActivation('ns1', 'same', 100), sampleActivation('ns2', 'same', 200)]);
        expect((await store.getActivation('ns1', 'same'))?.start).toBe(100);
        expect((await store.listActivations('ns2', { skip: 0, limit: 0 })).map((r) => r.start)).toEqual([200]);
        expect(await store.countActivations('ns3', {})).toBe(0);
      });

      it('keeps stored records out of callers\' reach', async () => {
        const r = sampleActivation('ns', 'a1', 100);
        await store.putActivations([r]);
        r.logs.push('mutated');
        (await store.getActivation('ns', 'a1'))!.logs.push('mutated');
        (await store.listActivations('ns', { skip: 0, limit: 0 }))[0]!.logs.push('mutated');
        expect(await store.getActivation('ns', 'a1')).toEqual(sampleActivation('ns', 'a1', 100));
      });
    });
  });
}
