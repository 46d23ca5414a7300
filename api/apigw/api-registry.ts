/**
 * Where APIs live: one store entity per (namespace, base path) in the `apis` collection, holding the API's
 * Swagger document, so routes survive a restart with the SQLite store. Serving reads a compiled route table per
 * namespace, loaded lazily and dropped on every write through this gateway (a short TTL bounds staleness when
 * several gateways share a store). Route URLs name a namespace by its id, the uuid of a subject that owns it
 * (OpenWhisk's namespace uuid): the id resolves to that subject's namespaces.
 *
 * Contract: any method may be called concurrently; writes are revision-checked by the store (ConflictError).
 */
import type { Stored } from '../../common/types/entities.js';
import type { EntityStore, SubjectStore } from '../../store/store.js';
import { compileApi, type CompiledApi } from './api-routes.js';
import type { SwaggerApi } from './swagger-doc.js';

/** The stored entity: one API of a namespace. */
export interface WhiskApi {
  namespace: string;
  basePath: string;
  swagger: SwaggerApi;
  updated: number;
}

interface Cached<T> {
  value: T;
  expiresAt: number;
}

const COLLECTION = 'apis';
const MAX_CACHED = 10_000;

export class ApiRegistry {
  private readonly tables = new Map<string, Cached<CompiledApi[]>>();
  private readonly namespaceIds = new Map<string, Cached<string[]>>();
  /** Bumped on every write, so a load that raced a write is not cached. */
  private writes = 0;

  constructor(
    private readonly store: EntityStore & SubjectStore,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(namespace: string, basePath: string): Promise<Stored<WhiskApi> | undefined> {
    return this.store.getEntity<WhiskApi>(namespace, COLLECTION, basePath);
  }

  /** Every API of the namespace, by base path. */
  async list(namespace: string): Promise<WhiskApi[]> {
    const apis = await this.store.listEntities<WhiskApi>(namespace, COLLECTION, { skip: 0, limit: 0 });
    return apis.sort((a, b) => (a.basePath < b.basePath ? -1 : a.basePath > b.basePath ? 1 : 0));
  }

  async put(api: WhiskApi, expectedRev: number | null): Promise<void> {
    try {
      await this.store.putEntity(api.namespace, COLLECTION, api.basePath, api, expectedRev);
    } finally {
      this.forget(api.namespace);
    }
  }

  async delete(namespace: string, basePath: string): Promise<boolean> {
    try {
      return await this.store.deleteEntity(namespace, COLLECTION, basePath);
    } finally {
      this.forget(namespace);
    }
  }

  /** The compiled APIs served under a namespace id, or undefined when no subject has that id. */
  async routes(namespaceId: string): Promise<CompiledApi[] | undefined> {
    const namespaces = await this.namespacesOf(namespaceId);
    if (!namespaces) return undefined;
    const tables = await Promise.all(namespaces.map((ns) => this.table(ns)));
    return tables.flat();
  }

  private async table(namespace: string): Promise<CompiledApi[]> {
    const hit = this.tables.get(namespace);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const writes = this.writes;
    const compiled = (await this.list(namespace)).map((api) => compileApi(namespace, api.swagger));
    if (writes === this.writes) remember(this.tables, namespace, compiled, this.now() + this.ttlMs);
    return compiled;
  }

  private forget(namespace: string): void {
    this.writes++;
    this.tables.delete(namespace);
  }

  private async namespacesOf(namespaceId: string): Promise<string[] | undefined> {
    const hit = this.namespaceIds.get(namespaceId);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const subject = await this.store.getSubjectByUuid(namespaceId);
    if (!subject) return undefined;
    remember(this.namespaceIds, namespaceId, subject.namespaces, this.now() + this.ttlMs);
    return subject.namespaces;
  }
}

function remember<T>(cache: Map<string, Cached<T>>, key: string, value: T, expiresAt: number): void {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, { value, expiresAt });
}
