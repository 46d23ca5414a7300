/**
 * Query values arrive checked and coerced to the types openapi.yaml declares (a repeated key is an array: the last
 * one wins); these helpers read them with OpenWhisk's defaults and its list bounds (limit 0 means the maximum).
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError } from '../../common/errors/whisk-errors.js';

export type Query = Record<string, unknown>;

export function queryString(query: Query, name: string): string | undefined {
  const raw = query[name];
  const v: unknown = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return v === undefined || v === null ? undefined : String(v);
}

export function queryBool(query: Query, name: string, fallback = false): boolean {
  const v = queryString(query, name);
  return v === undefined || v === '' ? fallback : v === 'true';
}

export function queryInt(query: Query, name: string): number | undefined {
  const v = queryString(query, name);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

export interface Page {
  skip: number;
  limit: number;
}

/** skip ≥ 0; limit default `std`, 0 → `max`, above `max` → 400 (OpenWhisk's ListLimit). */
export function listPage(query: Query, collection: string, std: number, max: number): Page {
  const skip = queryInt(query, 'skip') ?? 0;
  if (skip < 0) throw new BadRequestError(Messages.listSkipOutOfRange(collection, skip));
  const requested = queryInt(query, 'limit') ?? std;
  if (requested < 0 || requested > max) throw new BadRequestError(Messages.listLimitOutOfRange(collection, requested, max));
  return { skip, limit: requested === 0 ? max : requested };
}
