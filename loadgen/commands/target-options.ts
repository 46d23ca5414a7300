/**
 * Flags shared by `open` and `closed`: which target to drive and, for the in-process worker, its config. Worker
 * knobs (queue policy, concurrency limit, regulator, bypass) are plain config passed through to loadConfig, so a
 * policy the worker does not implement fails with the config's own message listing the valid names; env vars
 * (OW_WORKER__QUEUE_POLICY, …) work too, as for `npm start`. Against HTTP they belong to the server, not to us.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../../common/config/config.js';
import { loadConfig } from '../../common/config/load-config.js';
import { createRootLogger } from '../../common/log.js';
import { createHttpTarget } from '../targets/http-target.js';
import { createInProcessTarget } from '../targets/in-process-target.js';
import type { LoadTarget } from '../targets/target.js';

export const TARGET_FLAGS = {
  target: { type: 'string' },
  apihost: { type: 'string' },
  auth: { type: 'string' },
  'admin-auth': { type: 'string' },
  kind: { type: 'string' },
  clock: { type: 'string' },
  config: { type: 'string' },
  'queue-policy': { type: 'string' },
  'concurrency-limit': { type: 'string' },
  regulator: { type: 'string' },
  'bypass-ms': { type: 'string' },
  'memory-mb': { type: 'string' },
  set: { type: 'string', multiple: true },
  'log-level': { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export type TargetFlags = { [K in keyof typeof TARGET_FLAGS]?: (typeof TARGET_FLAGS)[K] extends { multiple: true } ? string[] : string };

export const TARGET_HELP = `target:
  --target http|in-process   default: http when --apihost is given, else in-process
  --apihost URL              OpenWhisk API endpoint (http target)
  --auth UUID:KEY            namespace key (default: the guest key); --admin-auth for /admin/workers (default whisk.system)
  --kind KIND                action kind of the busy-wait function (default nodejs:20)
in-process worker (simulation backend; config passed through, env OW_* honoured):
  --clock virtual|real       virtual: time jumps between timers (default); real: wall clock
  --queue-policy NAME        worker.queuePolicy (fcfs, and whatever the worker implements)
  --concurrency-limit N      worker.concurrencyLimit (0 = 2 × this machine's cores; set it for simulations)
  --regulator VALUE          worker.regulator (a name, or JSON); in silico, AIMD wants a simulated signal:
                             --regulator aimd --set worker.aimd.signal=runningEwma --set worker.simulation.cores=N
  --bypass-ms N              worker.bypassMs
  --memory-mb N              worker.memoryMb (default 1048576: simulated memory is free)
  --set key.path=value       any other config key, repeatable (e.g. --set worker.idleTtlMs=60000)
  --config FILE              a config file, as for npm start`;

export interface ResolvedTarget {
  target: LoadTarget;
  /** What to record about the worker's configuration (in-process only). */
  worker?: Config['worker'];
}

export function resolveTarget(flags: TargetFlags): ResolvedTarget {
  const kind = flags.target ?? (flags.apihost ? 'http' : 'in-process');
  if (kind === 'http') {
    if (!flags.apihost) throw new Error('--target http needs --apihost');
    return {
      target: createHttpTarget({
        apihost: flags.apihost,
        ...(flags.auth ? { auth: flags.auth } : {}),
        ...(flags['admin-auth'] ? { adminAuth: flags['admin-auth'] } : {}),
        ...(flags.kind ? { kind: flags.kind } : {}),
      }),
    };
  }
  if (kind !== 'in-process') throw new Error(`unknown target ${kind} (valid: http, in-process)`);
  const clock = flags.clock ?? 'virtual';
  if (clock !== 'virtual' && clock !== 'real') throw new Error(`unknown clock ${clock} (valid: virtual, real)`);
  const config = loadConfig({ ...(flags.config ? { file: flags.config } : {}), overrides: workerOverrides(flags) });
  const logger = createRootLogger({ level: flags['log-level'] ?? 'warn' });
  return { target: createInProcessTarget({ config, clock, logger }), worker: config.worker };
}

/** The config overrides the flags stand for; only keys actually given are set. */
export function workerOverrides(flags: TargetFlags): Record<string, unknown> {
  const worker: Record<string, unknown> = { memoryMb: flags['memory-mb'] ?? 1_048_576 };
  if (flags['queue-policy'] !== undefined) worker.queuePolicy = flags['queue-policy'];
  if (flags['concurrency-limit'] !== undefined) worker.concurrencyLimit = flags['concurrency-limit'];
  if (flags.regulator !== undefined) worker.regulator = parseValue(flags.regulator);
  if (flags['bypass-ms'] !== undefined) worker.bypassMs = flags['bypass-ms'];
  const overrides: Record<string, unknown> = { worker };
  for (const assignment of flags.set ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new Error(`--set needs key.path=value, got ${assignment}`);
    const path = assignment.slice(0, eq).split('.');
    let node = overrides;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = parseValue(assignment.slice(eq + 1));
  }
  return overrides;
}

/** JSON when it parses (objects, numbers, booleans), else the string itself. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
