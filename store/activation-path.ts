/**
 * The package-qualified name of an activation (`pkg/name`), read from its `path` annotation (`ns/pkg/name` or
 * `ns/name`), so that listing activations by `pkg/name` works as in OpenWhisk. Shared by every Store.
 */
import type { ActivationRecord } from '../common/types/entities.js';

/** `pkg/name` (or `name` outside a package) from the `path` annotation; undefined when there is none. */
export function pathQualifiedName(record: Pick<ActivationRecord, 'annotations'>): string | undefined {
  const path = record.annotations?.find((a) => a.key === 'path')?.value;
  if (typeof path !== 'string') return undefined;
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}
