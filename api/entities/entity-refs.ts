/**
 * Entity references in rule bodies: `/ns/name`, `/ns/pkg/name` (`_` = the caller's namespace), a relative `name`
 * or `pkg/name` (in the rule's namespace), or OpenWhisk's `{path, name}`. Rules store and answer `{path, name}`.
 */
import type { EntityName } from '../../common/types/entities.js';
import { isValidEntityName } from '../../common/types/fqn.js';

export interface EntityRef {
  namespace: string;
  pkg?: string;
  name: string;
}

/** The reference, `_` resolved to `defaultNamespace`; undefined when it is not a valid reference. */
export function parseEntityRef(value: unknown, defaultNamespace: string): EntityRef | undefined {
  if (typeof value === 'string') return parsePath(value, defaultNamespace);
  if (value && typeof value === 'object') {
    const { path, name } = value as Partial<EntityName>;
    if (typeof path !== 'string' || typeof name !== 'string') return undefined;
    return parsePath(`/${path.replace(/^\//, '')}/${name}`, defaultNamespace);
  }
  return undefined;
}

function parsePath(text: string, defaultNamespace: string): EntityRef | undefined {
  const absolute = text.startsWith('/');
  const parts = (absolute ? text.slice(1) : text).split('/');
  if (absolute) {
    if (parts.length < 2 || parts.length > 3) return undefined;
    const namespace = parts[0] === '_' ? defaultNamespace : parts[0]!;
    return build(namespace, parts.length === 3 ? parts[1] : undefined, parts[parts.length - 1]!);
  }
  if (parts.length > 2) return undefined;
  return build(defaultNamespace, parts.length === 2 ? parts[0] : undefined, parts[parts.length - 1]!);
}

function build(namespace: string, pkg: string | undefined, name: string): EntityRef | undefined {
  if (!isValidEntityName(namespace) || !isValidEntityName(name)) return undefined;
  if (pkg !== undefined && !isValidEntityName(pkg)) return undefined;
  return pkg === undefined ? { namespace, name } : { namespace, pkg, name };
}

export function toEntityName(ref: EntityRef): EntityName {
  return { path: ref.pkg ? `${ref.namespace}/${ref.pkg}` : ref.namespace, name: ref.name };
}

export function fromEntityName(entity: EntityName): EntityRef {
  const slash = entity.path.indexOf('/');
  return slash < 0
    ? { namespace: entity.path, name: entity.name }
    : { namespace: entity.path.slice(0, slash), pkg: entity.path.slice(slash + 1), name: entity.name };
}

/** `ns/pkg/name` (OpenWhisk's `asString`, no leading slash). */
export function entityNameString(entity: EntityName): string {
  return `${entity.path}/${entity.name}`;
}
