/**
 * An activation record's JSON, made once: a blocking invoke answers with the record and the store writes the same
 * record, so the first of them to ask serializes it and the other reuses the string. Records are immutable once
 * recorded (see ActivationRecorder.record), which is what makes the memo safe; it is keyed weakly, so a record's
 * string goes when the record does.
 */
import type { ActivationRecord } from '../common/types/entities.js';

const serialized = new WeakMap<ActivationRecord, string>();

/**
 * The record's JSON, reusing the string made earlier for it. `remember: false` is for the last user (the store's
 * write): it serializes when nobody did, without keeping the string.
 */
export function activationJson(record: ActivationRecord, remember = true): string {
  let json = serialized.get(record);
  if (json === undefined) {
    json = JSON.stringify(record);
    if (remember) serialized.set(record, json);
  }
  return json;
}
