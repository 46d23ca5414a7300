/**
 * Fully qualified entity names: `/namespace/name` or `/namespace/package/name`.
 * Names follow OpenWhisk's EntityName rule (EntityPath.scala): 1–256 chars, first a word char, then word chars,
 * `@ . & -` or space, not ending in a space.
 */
const ENTITY_NAME = /^\w(?:[\w@ .&-]*[\w@.&-])?$/;
export const ENTITY_NAME_MAX = 256;

export function isValidEntityName(name: string): boolean {
  return name.length > 0 && name.length <= ENTITY_NAME_MAX && ENTITY_NAME.test(name);
}

export interface EntityRef {
  namespace: string;
  /** Package name, when the entity sits in a package. */
  pkg?: string;
  name: string;
}

/** `name` or `pkg/name` as stored and as shown in records. */
export function qualifiedName(ref: Pick<EntityRef, 'pkg' | 'name'>): string {
  return ref.pkg ? `${ref.pkg}/${ref.name}` : ref.name;
}

/** `ns/pkg/name` without a leading slash: OpenWhisk's `path` annotation. */
export function entityPath(ref: EntityRef): string {
  return `${ref.namespace}/${qualifiedName(ref)}`;
}

/** `/ns/pkg/name`: the fully qualified form clients send and show. */
export function fullyQualified(ref: EntityRef): string {
  return `/${entityPath(ref)}`;
}
