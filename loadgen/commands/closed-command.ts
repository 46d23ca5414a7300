/**
 * `loadgen closed`: N clients invoking one function back to back (run-closed.ts) for a duration or a count per
 * client; writes the run's folder and prints its table. Deploys a busy-wait / simulated function of --warm-ms
 * unless --no-deploy names an existing action.
 */
import { parseArgs } from 'node:util';
import { VirtualClock } from '../../common/clock.js';
import { formatSummary } from '../results/table.js';
import { writeRun } from '../results/write-results.js';
import { runClosed } from '../run-closed.js';
import { defaultOutDir, numberFlag, optionalNumber } from './flags.js';
import { resolveTarget, TARGET_FLAGS, TARGET_HELP } from './target-options.js';

export const CLOSED_USAGE = `loadgen closed --clients N (--duration-ms MS | --count N) [options]
  --function NAME       action to invoke (default loadgen-closed)
  --warm-ms MS          its execution time: busy-wait on real sandboxes, sleep on the simulation backend (default 1)
  --cold-ms MS          a whole cold invocation (default warm + 500); --fn-memory-mb MB (default 256)
  --no-deploy           invoke an existing action as is
  --warmup-ms MS        start of the Little's-law window (default: after every client's first answer, ≥ 10% of the run)
  --sample-ms MS, --out DIR, --label NAME, --quiet   as for open
${TARGET_HELP}`;

export async function closedCommand(argv: string[]): Promise<void> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      ...TARGET_FLAGS,
      clients: { type: 'string' }, 'duration-ms': { type: 'string' }, count: { type: 'string' }, function: { type: 'string' },
      'warm-ms': { type: 'string' }, 'cold-ms': { type: 'string' }, 'fn-memory-mb': { type: 'string' }, 'no-deploy': { type: 'boolean' },
      'sample-ms': { type: 'string' }, 'warmup-ms': { type: 'string' }, out: { type: 'string' }, label: { type: 'string' }, quiet: { type: 'boolean' },
    },
  });
  const durationMs = optionalNumber(v['duration-ms'], 'duration-ms');
  const perClient = optionalNumber(v.count, 'count');
  if (durationMs === undefined && perClient === undefined) throw new Error(`give --duration-ms or --count\n${CLOSED_USAGE}`);
  const warmMs = numberFlag(v['warm-ms'], 1, 'warm-ms');
  const fn = {
    name: v.function ?? 'loadgen-closed',
    warmMs,
    coldMs: numberFlag(v['cold-ms'], warmMs + 500, 'cold-ms'),
    memoryMb: numberFlag(v['fn-memory-mb'], 256, 'fn-memory-mb'),
  };
  const { target, worker } = resolveTarget(v);
  if (target.clock instanceof VirtualClock && perClient === undefined) {
    throw new Error('on a virtual clock give --count: a duration alone never ends if the simulated function takes no time');
  }
  const clients = numberFlag(v.clients, 1, 'clients');
  const warmupMs = optionalNumber(v['warmup-ms'], 'warmup-ms');
  const label = v.label ?? `${clients} clients`;
  const out = v.out ?? defaultOutDir('closed');
  try {
    const result = await runClosed({
      target, fn, label, clients, deploy: !v['no-deploy'], progress: !v.quiet,
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(perClient !== undefined ? { perClient } : {}),
      sampleMs: numberFlag(v['sample-ms'], target.clock instanceof VirtualClock ? 10 : 250, 'sample-ms'),
      ...(warmupMs !== undefined ? { warmupMs } : {}),
      extra: { command: 'closed', clients, ...(worker ? { worker: { ...worker } } : {}) },
    });
    const files = writeRun(out, result.records, result.samples, result.summary);
    process.stdout.write(`${formatSummary(result.summary)}\n\nwrote ${files.join(', ')}\n`);
  } finally {
    await target.close();
  }
}
