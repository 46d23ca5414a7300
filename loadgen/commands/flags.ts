/** Flag helpers shared by the commands: numbers that refuse garbage, and the default results folder. */
import { join } from 'node:path';

export function numberFlag(value: string | undefined, fallback: number, name = 'flag'): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${value}"`);
  return n;
}

export function optionalNumber(value: string | undefined, name: string): number | undefined {
  return value === undefined ? undefined : numberFlag(value, 0, name);
}

/** results/loadgen/<command>-<yyyymmdd-hhmmss>: under results/, which git ignores. */
export function defaultOutDir(command: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join('results', 'loadgen', `${command}-${stamp}`);
}
