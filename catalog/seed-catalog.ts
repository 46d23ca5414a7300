/**
 * Installs the /whisk.system catalog (catalog.ts) through the Store at start-up, idempotently:
 *   missing entity                        → created
 *   still exactly what a seed wrote       → left as is, or upgraded (patch version bumped) when the shipped one differs
 *   changed by the whisk.system subject   → left alone (its edits win over later releases)
 *   whisk.system's own, not seeded        → left alone (a package of that name that is a binding gets no actions)
 * "What a seed wrote" is recognised by the CATALOG_DIGEST annotation: a digest of the entity's content (exec,
 * parameters, annotations, limits, publish, binding) at the time it was seeded. An entity whose content no longer
 * matches its digest was edited. Only whisk.system is ever written; a concurrent seed (another gateway on the same
 * store) shows up as a revision conflict and is skipped.
 *
 * Known caveats: an action dropped from a later catalog stays installed; an entity the subject deleted comes back
 * at the next start.
 */
import { createHash } from 'node:crypto';
import { ConflictError } from '../common/errors/whisk-errors.js';
import type { Logger } from '../common/log.js';
import type { RuntimeManifest } from '../common/runtimes/runtime-manifest.js';
import { bindingOf, type KeyValue, type WhiskAction, type WhiskPackage } from '../common/types/entities.js';
import type { EntityStore } from '../store/store.js';
import { bumpPatch, createAction } from '../api/entities/action-put.js';
import { getValue, withoutKeys } from '../api/entities/key-values.js';
import type { LimitsConfig } from '../api/entities/limits.js';
import { CATALOG, CATALOG_KIND, CATALOG_NAMESPACE, catalogSource, type CatalogPackage } from './catalog.js';

/** Annotation on every seeded entity: the digest of its content as seeded. */
export const CATALOG_DIGEST = 'catalog-digest';

export interface SeedCatalogDeps {
  store: EntityStore;
  manifest: RuntimeManifest;
  limits: LimitsConfig;
  logger: Logger;
  /** Defaults to the shipped catalog (tests pass a changed one to exercise upgrades). */
  catalog?: readonly CatalogPackage[];
  /** Action source by package and action name; defaults to the shipped files. */
  source?: (pkg: string, action: string) => string;
  now?: () => number;
}

/** Fully qualified names (`/whisk.system/utils/echo`) by outcome. */
export interface SeedReport {
  created: string[];
  upgraded: string[];
  unchanged: string[];
  /** Changed by the subject, or its own entity: not touched. */
  kept: string[];
}

type Outcome = keyof SeedReport;

export async function seedCatalog(deps: SeedCatalogDeps): Promise<SeedReport> {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const source = deps.source ?? catalogSource;
  const report: SeedReport = { created: [], upgraded: [], unchanged: [], kept: [] };
  const note = (outcome: Outcome, name: string) => report[outcome].push(`/${CATALOG_NAMESPACE}/${name}`);

  for (const pkg of deps.catalog ?? CATALOG) {
    const shippedPackage = withDigest(packageDoc(pkg, now()), packageContent);
    const pkgOutcome = await install(store, 'packages', pkg.name, shippedPackage, packageContent);
    note(pkgOutcome, pkg.name);
    const stored = await store.getEntity<WhiskPackage>(CATALOG_NAMESPACE, 'packages', pkg.name);
    if (stored && bindingOf(stored.doc)) {
      deps.logger.warn({ tid: 'catalog', package: pkg.name }, 'whisk.system package is a binding: catalog actions not installed');
      continue;
    }
    for (const action of pkg.actions) {
      const doc = createAction({
        exec: { kind: CATALOG_KIND, code: source(pkg.name, action.name) },
        annotations: action.annotations,
        publish: true,
      }, { namespace: `${CATALOG_NAMESPACE}/${pkg.name}`, name: action.name, manifest: deps.manifest, limits: deps.limits, now: now() });
      const name = `${pkg.name}/${action.name}`;
      note(await install(store, 'actions', name, withDigest(doc, actionContent), actionContent), name);
    }
  }
  deps.logger.info({
    tid: 'catalog', created: report.created.length, upgraded: report.upgraded.length, unchanged: report.unchanged.length, kept: report.kept.length,
  }, 'whisk.system catalog seeded');
  return report;
}

interface Seedable {
  version: string;
  annotations: KeyValue[];
  updated: number;
}

async function install<T extends Seedable>(
  store: EntityStore, collection: 'packages' | 'actions', name: string, shipped: T, content: (doc: T) => unknown,
): Promise<Outcome> {
  try {
    const existing = await store.getEntity<T>(CATALOG_NAMESPACE, collection, name);
    if (!existing) {
      await store.putEntity(CATALOG_NAMESPACE, collection, name, shipped, null);
      return 'created';
    }
    const seededDigest = getValue(existing.doc.annotations, CATALOG_DIGEST);
    if (seededDigest === undefined || seededDigest !== digest(content(existing.doc))) return 'kept';
    if (seededDigest === getValue(shipped.annotations, CATALOG_DIGEST)) return 'unchanged';
    const upgraded = { ...shipped, version: bumpPatch(existing.doc.version) };
    await store.putEntity(CATALOG_NAMESPACE, collection, name, upgraded, existing.rev);
    return 'upgraded';
  } catch (err) {
    // Another seed (or the subject) wrote it between our read and write: theirs stands.
    if (err instanceof ConflictError) return 'kept';
    throw err;
  }
}

function packageDoc(pkg: CatalogPackage, now: number): WhiskPackage {
  return {
    namespace: CATALOG_NAMESPACE,
    name: pkg.name,
    version: '0.0.1',
    publish: true,
    binding: {},
    parameters: [],
    annotations: pkg.annotations,
    updated: now,
  };
}

/** What a digest covers: everything but names, version, timestamps and the digest itself. */
const packageContent = (p: WhiskPackage) => ({
  publish: p.publish, binding: p.binding, parameters: p.parameters, annotations: withoutKeys(p.annotations, [CATALOG_DIGEST]),
});
const actionContent = (a: WhiskAction) => ({
  publish: a.publish, exec: a.exec, parameters: a.parameters, limits: a.limits, annotations: withoutKeys(a.annotations, [CATALOG_DIGEST]),
});

function withDigest<T extends Seedable>(doc: T, content: (doc: T) => unknown): T {
  return { ...doc, annotations: [...withoutKeys(doc.annotations, [CATALOG_DIGEST]), { key: CATALOG_DIGEST, value: digest(content(doc)) }] };
}

function digest(content: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 32)}`;
}

/** JSON with object keys sorted, so a store that reorders keys does not look like an edit. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
