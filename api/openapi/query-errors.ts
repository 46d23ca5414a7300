/**
 * OpenWhisk answers bad list and invoke query values with its own messages (Messages.scala), which its clients and
 * tests match on. openapi.yaml declares the true types; this maps a failed check of one of those parameters to
 * OpenWhisk's wording. Anything else keeps the generic "request content was malformed" message.
 */
import { Messages } from '../../common/errors/messages.js';

interface ValidationError {
  instancePath: string;
}

/** `/api/v1/namespaces/{namespace}/actions/...` → `actions` (the collection named in OpenWhisk's messages). */
function collectionOf(path: string): string {
  return /\/namespaces\/\{namespace\}\/([a-z]+)/.exec(path)?.[1] ?? 'entities';
}

export function openWhiskQueryMessage(
  error: ValidationError, operationPath: string, query: Record<string, unknown>, maxWaitMs: number, listMax = 200,
): string | undefined {
  const m = /^\/query\/(\w+)$/.exec(error.instancePath);
  if (!m) return undefined;
  const name = m[1]!;
  const raw = query[name];
  const value = String(Array.isArray(raw) ? raw[raw.length - 1] : raw);
  const isInteger = /^-?\d+$/.test(value);
  const collection = collectionOf(operationPath);
  switch (name) {
    case 'limit':
      return isInteger ? Messages.listLimitOutOfRange(collection, Number(value), listMax) : Messages.argumentNotInteger(collection, value);
    case 'skip':
      return isInteger ? Messages.listSkipOutOfRange(collection, Number(value)) : Messages.argumentNotInteger(collection, value);
    case 'since':
    case 'upto':
      return Messages.badEpoch(value);
    case 'timeout':
      return Messages.invalidTimeout(maxWaitMs);
    default:
      return undefined;
  }
}
