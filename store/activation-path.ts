/**
 * The key OpenWhisk's activation name filter (`GET …/activations?name=`) matches: `pkg/name` for an action in a
 * package (its `path` annotation has three parts, `ns/pkg/name`), the record's `name` otherwise (actions outside a
 * package, sequences, triggers). So `name=hello` lists only the top-level `hello`, and `name=pkg/hello` the packaged
 * one, exactly as OpenWhisk's activations view keys them. Shared by every Store and by the live stream.
 */
import type { ActivationRecord } from '../common/types/entities.js';

export function activationNameKey(record: Pick<ActivationRecord, 'name' | 'annotations'>): string {
  const path = record.annotations?.find((a) => a.key === 'path')?.value;
  if (typeof path !== 'string') return record.name;
  const parts = path.split('/');
  return parts.length === 3 ? `${parts[1]}/${record.name}` : record.name;
}
