/**
 * Size limits of a create/update body, checked before anything else is done with it (OpenWhisk's
 * LimitedWhiskEntityPut, applied to every PUT of actions, packages, triggers and rules): the exec (code + main,
 * + image for blackbox) against the code limit, then the parameters, then the annotations, each against the
 * parameter limit. A parameter list weighs the UTF-8 bytes of each distinct key plus its value as compact JSON
 * (Parameters.size). Over → 413 "<field> larger than allowed: N > M bytes."
 */
import { Messages } from '../../common/errors/messages.js';
import { PayloadTooLargeError } from '../../common/errors/whisk-errors.js';

export interface EntitySizeLimits {
  codeMaxBytes: number;
  parametersMaxBytes: number;
}

export function checkEntitySize(body: unknown, limits: EntitySizeLimits): void {
  if (body === null || typeof body !== 'object') return;
  const { exec, parameters, annotations } = body as { exec?: unknown; parameters?: unknown; annotations?: unknown };
  check('exec', execSize(exec), limits.codeMaxBytes);
  check('parameters', keyValuesSize(parameters), limits.parametersMaxBytes);
  check('annotations', keyValuesSize(annotations), limits.parametersMaxBytes);
}

function check(field: string, size: number, limit: number): void {
  if (size > limit) throw new PayloadTooLargeError(Messages.entityTooBig(field, size, limit));
}

function execSize(exec: unknown): number {
  if (exec === null || typeof exec !== 'object') return 0;
  const { code, main, image } = exec as { code?: unknown; main?: unknown; image?: unknown };
  return bytes(code) + bytes(main) + bytes(image);
}

function keyValuesSize(list: unknown): number {
  if (!Array.isArray(list)) return 0;
  // Later entries replace earlier ones with the same key, as OpenWhisk reads the list into a map.
  const byKey = new Map<string, unknown>();
  for (const entry of list) {
    if (entry !== null && typeof entry === 'object' && typeof (entry as { key?: unknown }).key === 'string') {
      byKey.set((entry as { key: string }).key, (entry as { value?: unknown }).value ?? null);
    }
  }
  let size = 0;
  for (const [key, value] of byKey) size += Buffer.byteLength(key) + Buffer.byteLength(JSON.stringify(value));
  return size;
}

function bytes(value: unknown): number {
  return typeof value === 'string' ? Buffer.byteLength(value) : 0;
}
