/**
 * Seeding the catalog is idempotent: a second seed changes nothing, a changed shipped action upgrades an entity
 * still as seeded, edits by the whisk.system subject and its own entities are never overwritten, other namespaces
 * are never written, and concurrent seeds install each entity once. Then across a real restart on SQLite through
 * the API: nothing duplicated or lost, the subject's edit kept, the guest's own `utils` untouched.
 */
import { rmSync } from 'node:fs';
import { loadConfig } from '../common/config/load-config';
import { silentLogger } from '../common/log';
import { RuntimeManifest } from '../common/runtimes/runtime-manifest';
import type { Collection, WhiskAction, WhiskPackage } from '../common/types/entities';
import { updateAction } from '../api/entities/action-put';
import { MemoryStore } from '../store/memory/memory-store';
import { authed, keyValues } from '../test/helpers/api-client';
import { makeTempDir, startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../test/helpers/test-platform';
import { CATALOG, catalogSource, type CatalogPackage } from './catalog';
import { CATALOG_DIGEST, seedCatalog, type SeedCatalogDeps } from './seed-catalog';

const SYS = 'whisk.system';
const ACTION_COUNT = CATALOG.reduce((n, p) => n + p.actions.length, 0);
const ENTITY_COUNT = CATALOG.length + ACTION_COUNT;
const manifest = RuntimeManifest.load();
const { limits } = loadConfig({ env: {} });

function deps(store: MemoryStore, extra: Partial<SeedCatalogDeps> = {}): SeedCatalogDeps {
  return { store, manifest, limits, logger: silentLogger, ...extra };
}

/** The shipped catalog with one action's source replaced (a new release). */
const sourceWith = (pkg: string, action: string, code: string) => (p: string, a: string) => (p === pkg && a === action ? code : catalogSource(p, a));

async function countAll(store: MemoryStore, namespace: string, collection: Collection) {
  return store.countEntities(namespace, collection, {});
}

describe('seedCatalog', () => {
  it('creates every package and action, shared, with the resolved kind and a digest', async () => {
    const store = new MemoryStore();
    const report = await seedCatalog(deps(store));
    expect(report.created).toHaveLength(ENTITY_COUNT);
    expect(report.created).toEqual(expect.arrayContaining(['/whisk.system/utils', '/whisk.system/utils/echo', '/whisk.system/samples/wordCount']));
    const sort = (await store.getEntity<WhiskAction>(SYS, 'actions', 'utils/sort'))!.doc;
    expect(sort).toMatchObject({ namespace: 'whisk.system/utils', name: 'sort', version: '0.0.1', publish: true, exec: { kind: 'nodejs:20', code: catalogSource('utils', 'sort') } });
    expect(keyValues(sort.annotations)[CATALOG_DIGEST]).toMatch(/^sha256:[0-9a-f]{32}$/);
    const utils = (await store.getEntity<WhiskPackage>(SYS, 'packages', 'utils'))!.doc;
    expect(utils).toMatchObject({ publish: true, binding: {}, version: '0.0.1' });
  });

  it('changes nothing when seeded again (a restart)', async () => {
    const store = new MemoryStore();
    await seedCatalog(deps(store));
    const echo = await store.getEntity<WhiskAction>(SYS, 'actions', 'utils/echo');
    const again = await seedCatalog(deps(store));
    expect(again.unchanged).toHaveLength(ENTITY_COUNT);
    expect([...again.created, ...again.upgraded, ...again.kept]).toEqual([]);
    expect(await store.getEntity<WhiskAction>(SYS, 'actions', 'utils/echo')).toEqual(echo);
    expect(await countAll(store, SYS, 'actions')).toBe(ACTION_COUNT);
    expect(await countAll(store, SYS, 'packages')).toBe(CATALOG.length);
  });

  it('upgrades an action still as seeded when the shipped one changed, bumping its version', async () => {
    const store = new MemoryStore();
    await seedCatalog(deps(store));
    const code = 'function main(params) { return { echoed: params }; }';
    const report = await seedCatalog(deps(store, { source: sourceWith('utils', 'echo', code) }));
    expect(report.upgraded).toEqual(['/whisk.system/utils/echo']);
    const echo = (await store.getEntity<WhiskAction>(SYS, 'actions', 'utils/echo'))!.doc;
    expect(echo).toMatchObject({ version: '0.0.2', exec: { code } });
    // Its new digest marks it as seeded again: the next release upgrades it too.
    expect((await seedCatalog(deps(store))).upgraded).toEqual(['/whisk.system/utils/echo']);
  });

  it("never overwrites the whisk.system subject's edits, even when a later release changes the action", async () => {
    const store = new MemoryStore();
    await seedCatalog(deps(store));
    const stored = (await store.getEntity<WhiskAction>(SYS, 'actions', 'utils/cat'))!;
    // As `wsk action update /whisk.system/utils/cat -a description mine` does (the digest annotation survives).
    const edited = updateAction(stored.doc, { annotations: [{ key: 'description', value: 'mine' }] }, {
      namespace: 'whisk.system/utils', name: 'cat', manifest, limits, now: Date.now(),
    });
    await store.putEntity(SYS, 'actions', 'utils/cat', edited, stored.rev);
    const report = await seedCatalog(deps(store, { source: sourceWith('utils', 'cat', 'function main() { return {}; }') }));
    expect(report.kept).toEqual(['/whisk.system/utils/cat']);
    expect((await store.getEntity<WhiskAction>(SYS, 'actions', 'utils/cat'))!.doc).toEqual(edited);
  });

  it("leaves whisk.system's own entities alone and fills in what is missing", async () => {
    const store = new MemoryStore();
    const own: WhiskPackage = {
      namespace: SYS, name: 'samples', version: '0.0.7', publish: false, binding: {}, parameters: [], annotations: [], updated: 1,
    };
    await store.putEntity(SYS, 'packages', 'samples', own, null);
    const report = await seedCatalog(deps(store));
    expect(report.kept).toEqual(['/whisk.system/samples']);
    expect((await store.getEntity<WhiskPackage>(SYS, 'packages', 'samples'))!.doc).toEqual(own);
    expect(await store.getEntity(SYS, 'actions', 'samples/greeting')).toBeDefined();

    // A deleted catalog action comes back; the rest stays as is.
    await store.deleteEntity(SYS, 'actions', 'utils/head');
    const restored = await seedCatalog(deps(store));
    expect(restored.created).toEqual(['/whisk.system/utils/head']);
  });

  it('installs no actions under a whisk.system package that is a binding', async () => {
    const store = new MemoryStore();
    const binding: WhiskPackage = {
      namespace: SYS, name: 'utils', version: '0.0.1', publish: true, binding: { namespace: 'elsewhere', name: 'tools' }, parameters: [], annotations: [], updated: 1,
    };
    await store.putEntity(SYS, 'packages', 'utils', binding, null);
    const report = await seedCatalog(deps(store));
    expect(report.kept).toEqual(['/whisk.system/utils']);
    expect(await store.countEntities(SYS, 'actions', { prefix: 'utils/' })).toBe(0);
    expect(await store.countEntities(SYS, 'actions', { prefix: 'samples/' })).toBe(CATALOG.find((p) => p.name === 'samples')!.actions.length);
  });

  it('writes whisk.system only', async () => {
    const store = new MemoryStore();
    const guestUtils: WhiskPackage = {
      namespace: 'guest', name: 'utils', version: '0.0.1', publish: false, binding: {}, parameters: [], annotations: [], updated: 1,
    };
    await store.putEntity('guest', 'packages', 'utils', guestUtils, null);
    const written: string[] = [];
    const put = store.putEntity.bind(store);
    store.putEntity = (namespace, collection, name, doc, rev) => {
      written.push(namespace);
      return put(namespace, collection, name, doc, rev);
    };
    await seedCatalog(deps(store));
    expect(new Set(written)).toEqual(new Set([SYS]));
    expect((await store.getEntity('guest', 'packages', 'utils'))!.doc).toEqual(guestUtils);
    expect(await countAll(store, 'guest', 'actions')).toBe(0);
  });

  it('installs each entity once when two seeds race on one store', async () => {
    const store = new MemoryStore();
    const [a, b] = await Promise.all([seedCatalog(deps(store)), seedCatalog(deps(store))]);
    expect(a.created.length + b.created.length).toBe(ENTITY_COUNT);
    expect(await countAll(store, SYS, 'actions')).toBe(ACTION_COUNT);
    expect((await store.getEntity<WhiskAction>(SYS, 'actions', 'utils/echo'))!.doc.version).toBe('0.0.1');
  });

  it('follows the catalog it is given (a package added in a release)', async () => {
    const store = new MemoryStore();
    await seedCatalog(deps(store));
    const extra: CatalogPackage = { name: 'extras', annotations: [{ key: 'description', value: 'more' }], actions: [{ name: 'echo', annotations: [] }] };
    const report = await seedCatalog(deps(store, { catalog: [...CATALOG, extra], source: (p, a) => catalogSource(p === 'extras' ? 'utils' : p, a) }));
    expect(report.created).toEqual(['/whisk.system/extras', '/whisk.system/extras/echo']);
  });
});

describe('the catalog across a restart (sqlite, through the API)', () => {
  const dataDir = makeTempDir('owfast-catalog-');
  let first: TestPlatform | undefined;
  let second: TestPlatform | undefined;
  const SYSTEM = '/api/v1/namespaces/whisk.system';

  beforeAll(async () => {
    first = await startTestPlatform({ store: 'sqlite', dataDir, catalog: true });
    await authed(first.url, 'put', `${SYSTEM}/actions/utils/echo?overwrite=true`, WHISK_SYSTEM_KEY)
      .send({ annotations: [{ key: 'description', value: 'edited by whisk.system' }] }).expect(200);
    await authed(first.url, 'put', '/api/v1/namespaces/_/packages/utils').send({ annotations: [{ key: 'mine', value: true }] }).expect(200);
    await first.cleanup();
    first = undefined;
    second = await startTestPlatform({ store: 'sqlite', dataDir, catalog: true, backend: 'process' });
  }, 30_000);

  afterAll(async () => {
    await first?.cleanup();
    await second?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('neither duplicates nor loses catalog entities', async () => {
    const packages = await authed(second!.url, 'get', `${SYSTEM}/packages?public=true`).expect(200);
    expect(packages.body.map((p: { name: string }) => p.name).sort()).toEqual(CATALOG.map((p) => p.name).sort());
    expect((await authed(second!.url, 'get', `${SYSTEM}/actions?count=true`, WHISK_SYSTEM_KEY).expect(200)).body).toEqual({ actions: ACTION_COUNT });
    const sorted = await authed(second!.url, 'post', `${SYSTEM}/actions/utils/sort?blocking=true&result=true`).send({ lines: ['b', 'a'] }).expect(200);
    expect(sorted.body).toEqual({ lines: ['a', 'b'], length: 2 });
  });

  it("keeps the subject's edit and the guest's own utils package", async () => {
    const echo = await authed(second!.url, 'get', `${SYSTEM}/actions/utils/echo`).expect(200);
    expect(echo.body.version).toBe('0.0.2');
    expect(keyValues(echo.body.annotations).description).toBe('edited by whisk.system');
    const mine = await authed(second!.url, 'get', '/api/v1/namespaces/_/packages/utils').expect(200);
    expect(mine.body).toMatchObject({ namespace: 'guest', name: 'utils', version: '0.0.1', annotations: [{ key: 'mine', value: true }], actions: [] });
  });
});
