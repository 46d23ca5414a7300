/** OpenWhisk's `[{key, value}]` lists: merging (later wins, order kept) and lookups. */
import type { Json, JsonObject, KeyValue } from '../../common/types/entities.js';

/** `base ++ overrides` as OpenWhisk's Parameters: an override replaces the entry with the same key. */
export function mergeKeyValues(base: readonly KeyValue[], overrides: readonly KeyValue[]): KeyValue[] {
  const out = base.filter((kv) => !overrides.some((o) => o.key === kv.key));
  return [...out, ...overrides];
}

export function withoutKeys(list: readonly KeyValue[], keys: readonly string[]): KeyValue[] {
  return list.filter((kv) => !keys.includes(kv.key));
}

export function getValue(list: readonly KeyValue[], key: string): Json | undefined {
  return list.find((kv) => kv.key === key)?.value;
}

/** OpenWhisk's "truthy" annotation test: true, or the string "true". */
export function isTruthy(list: readonly KeyValue[], key: string): boolean {
  const v = getValue(list, key);
  return v === true || v === 'true';
}

export function toObject(list: readonly KeyValue[]): JsonObject {
  const out: JsonObject = {};
  for (const kv of list) out[kv.key] = kv.value;
  return out;
}
