/**
 * The Store: entities by (namespace, collection, name) with revision checks, subjects by uuid, and activation
 * records written in batches and read back with filters. Implementations: memory/ (tests), sqlite/ (embedded
 * default). Every implementation passes store.contract.ts.
 *
 * Contract: methods may be called concurrently; `putEntity` is atomic with its revision check. Failures are
 * ConflictError (revision mismatch / already exists); a missing entity is `undefined`, not an error.
 */
import type { ActivationRecord, Collection, Stored, Subject } from '../common/types/entities.js';

export interface ListOptions {
  skip: number;
  /** 0 means no limit. */
  limit: number;
  /** Only names starting with this prefix (e.g. `pkg/` for the actions of a package). */
  prefix?: string;
  /** Only names without a `/` (entities outside any package). */
  topLevelOnly?: boolean;
}

export interface ActivationFilter {
  /** OpenWhisk's name filter: `pkg/name` matches a packaged action's records, `name` the others' (activation-path.ts). */
  name?: string;
  /** Epoch ms; records whose start is ≥ since. */
  since?: number;
  /** Epoch ms; records whose start is ≤ upto. */
  upto?: number;
  skip: number;
  /** 0 means no limit. */
  limit: number;
}

export interface EntityStore {
  getEntity<T>(namespace: string, collection: Collection, name: string): Promise<Stored<T> | undefined>;
  /**
   * Writes the entity. `expectedRev` null: must not exist yet (else ConflictError); a number: the stored revision
   * must equal it (else ConflictError). Returns the new revision.
   */
  putEntity<T>(namespace: string, collection: Collection, name: string, doc: T, expectedRev: number | null): Promise<number>;
  /** Removes the entity; returns false when it did not exist. */
  deleteEntity(namespace: string, collection: Collection, name: string): Promise<boolean>;
  /** Sorted by last update, newest first (as OpenWhisk lists). */
  listEntities<T>(namespace: string, collection: Collection, options: ListOptions): Promise<T[]>;
  countEntities(namespace: string, collection: Collection, options: Omit<ListOptions, 'skip' | 'limit'>): Promise<number>;
}

export interface SubjectStore {
  getSubjectByUuid(uuid: string): Promise<Subject | undefined>;
  /** The subject that owns `namespace` (lists it in its namespaces), or undefined. */
  getSubjectByNamespace(namespace: string): Promise<Subject | undefined>;
  /** Inserts or replaces the subject (by uuid). */
  putSubject(subject: Subject): Promise<void>;
}

export interface ActivationStore {
  /** Writes a batch in one transaction. Re-writing an existing id replaces it. */
  putActivations(records: readonly ActivationRecord[]): Promise<void>;
  getActivation(namespace: string, activationId: string): Promise<ActivationRecord | undefined>;
  /** Newest first (by start, then by id). */
  listActivations(namespace: string, filter: ActivationFilter): Promise<ActivationRecord[]>;
  countActivations(namespace: string, filter: Omit<ActivationFilter, 'skip' | 'limit'>): Promise<number>;
}

export interface Store extends EntityStore, SubjectStore, ActivationStore {
  readonly name: string;
  close(): Promise<void>;
}
