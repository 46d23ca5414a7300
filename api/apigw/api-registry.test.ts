/**
 * The registry on both stores: APIs keyed by base path in the `apis` collection, the compiled table served by
 * namespace id, dropped on writes, and no other namespace's APIs in sight.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { subjectFromKey } from '../auth/seed-subjects';
import { MemoryStore } from '../../store/memory/memory-store';
import { SqliteStore } from '../../store/sqlite/sqlite-store';
import type { Store } from '../../store/store';
import { makeTempDir } from '../../test/helpers/test-platform';
import { ApiRegistry } from './api-registry';
import { addEndpoint, baseSwagger } from './swagger-doc';

const doc = (basePath: string, relPath: string, action: string) =>
  addEndpoint(baseSwagger(basePath), {
    relPath, verb: 'get', action: { namespace: 'guest', packageName: '', actionName: action }, origin: 'http://h', responseType: 'json',
  });

describe.each([
  ['memory', () => new MemoryStore()],
  ['sqlite', (dir: string) => new SqliteStore({ file: join(dir, 'owfast.db') })],
])('ApiRegistry on the %s store', (_name, makeStore) => {
  const dir = makeTempDir('owfast-apireg-');
  let store: Store;
  let now = 0;
  let registry: ApiRegistry;

  beforeEach(async () => {
    store = makeStore(dir);
    await store.putSubject(subjectFromKey('guest', 'g-uuid:k'));
    await store.putSubject(subjectFromKey('other', 'o-uuid:k'));
    registry = new ApiRegistry(store, 1000, () => now);
  });
  afterEach(async () => {
    await store.close();
    rmSync(join(dir, 'owfast.db'), { force: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores one API per base path, lists them by base path, and serves them by namespace id', async () => {
    await registry.put({ namespace: 'guest', basePath: '/z', swagger: doc('/z', '/a', 'za'), updated: 1 }, null);
    await registry.put({ namespace: 'guest', basePath: '/', swagger: doc('/', '/b', 'root'), updated: 2 }, null);
    expect((await registry.list('guest')).map((a) => a.basePath)).toEqual(['/', '/z']);
    expect((await registry.get('guest', '/z'))?.rev).toBe(1);
    expect((await registry.routes('g-uuid'))!.map((a) => a.basePath).sort()).toEqual(['/', '/z']);
    expect(await registry.routes('o-uuid')).toEqual([]);
    expect(await registry.routes('nobody')).toBeUndefined();
    expect(await store.listEntities('guest', 'actions', { skip: 0, limit: 0 })).toEqual([]);
  });

  it('drops the compiled table on every write, and checks revisions', async () => {
    await registry.put({ namespace: 'guest', basePath: '/a', swagger: doc('/a', '/x', 'one'), updated: 1 }, null);
    expect((await registry.routes('g-uuid'))![0]!.operations.map((o) => o.target.actionName)).toEqual(['one']);
    await registry.put({ namespace: 'guest', basePath: '/a', swagger: doc('/a', '/x', 'two'), updated: 2 }, 1);
    expect((await registry.routes('g-uuid'))![0]!.operations.map((o) => o.target.actionName)).toEqual(['two']);
    await expect(registry.put({ namespace: 'guest', basePath: '/a', swagger: doc('/a', '/x', 'three'), updated: 3 }, 1)).rejects.toThrow(/stale/);
    expect(await registry.delete('guest', '/a')).toBe(true);
    expect(await registry.routes('g-uuid')).toEqual([]);
  });

  it("re-reads another gateway's writes once the table's TTL has passed", async () => {
    expect(await registry.routes('g-uuid')).toEqual([]);
    await new ApiRegistry(store, 1000, () => now).put({ namespace: 'guest', basePath: '/b', swagger: doc('/b', '/x', 'b'), updated: 1 }, null);
    expect(await registry.routes('g-uuid')).toEqual([]);
    now += 1001;
    expect((await registry.routes('g-uuid'))!.map((a) => a.basePath)).toEqual(['/b']);
  });
});
