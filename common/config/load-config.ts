/**
 * Builds the one Config: defaults < config file < env < overrides (CLI flags), validated by ajv against schema.ts,
 * then deep-frozen. The only module that reads process.env (and only when no env is passed in).
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import type { Config } from './config.js';
import { configSchema } from './schema.js';

export class ConfigError extends Error {}

export interface LoadConfigOptions {
  file?: string;
  env?: Record<string, string | undefined>;
  overrides?: Record<string, unknown>;
}

const ENV_PREFIX = 'OW_';

/**
 * `OW_` variables that belong to OpenWhisk clients, not to this server: the Serverless Framework's
 * `serverless-openwhisk` plugin reads its endpoint and key from these (its provider/credentials.js), so users who
 * deploy with it often have them set. They are skipped here; every other unknown `OW_` key still fails start-up.
 */
export const CLIENT_ENV_VARS: ReadonlySet<string> = new Set(['OW_APIHOST', 'OW_AUTH', 'OW_NAMESPACE', 'OW_APIGW_ACCESS_TOKEN']);

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const merged: Record<string, unknown> = {};
  const file = options.file ?? env.OW_CONFIG;
  if (file) deepMerge(merged, readConfigFile(file));
  deepMerge(merged, fromEnv(env));
  if (options.overrides) deepMerge(merged, options.overrides);

  const ajv = new Ajv({ useDefaults: true, coerceTypes: true, allErrors: true, strict: false });
  const validate = ajv.compile(configSchema);
  if (!validate(merged)) {
    const detail = (validate.errors ?? [])
      .map((e) => {
        const key = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
        const extra = e.params && 'allowedValues' in e.params ? ` (valid: ${(e.params.allowedValues as string[]).join(', ')})` : '';
        const prop = e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : '';
        return `${key}: ${e.message}${prop}${extra}`;
      })
      .join('; ');
    throw new ConfigError(`invalid config: ${detail}`);
  }
  return deepFreeze(merged) as unknown as Config;
}

function readConfigFile(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
  }
}

/** OW_WORKER__MEMORY_MB=8192 → { worker: { memoryMb: "8192" } } (ajv coerces the type); client variables skipped. */
export function fromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || name === 'OW_CONFIG' || CLIENT_ENV_VARS.has(name) || value === undefined) continue;
    const path = name.slice(ENV_PREFIX.length).split('__').map(snakeToCamel);
    let node = out;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = value;
  }
  return out;
}

function snakeToCamel(s: string): string {
  return s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(source)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const t = target[k];
      target[k] = t && typeof t === 'object' ? t : {};
      deepMerge(target[k] as Record<string, unknown>, v as Record<string, unknown>);
    } else {
      target[k] = v;
    }
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * The few host variables a child process needs to run at all (PATH, HOME, LANG), for backends that spawn local
 * sandboxes. Read here so that this module stays the only reader of the environment.
 */
export function hostEnvironment(env: Record<string, string | undefined> = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG']) {
    const value = env[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The effective config with secrets removed, for the one start-up log line. */
export function redactConfig(config: Config): Record<string, unknown> {
  return JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
}
