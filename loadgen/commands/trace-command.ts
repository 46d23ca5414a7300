/**
 * `loadgen trace`: builds a synthetic Azure-like trace (trace/build-trace.ts) and writes trace.csv, metadata.csv
 * and trace-info.json (the spec, the IAT scale found, per-function rates and expected concurrency) into --out.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable, fmt } from '../results/table.js';
import { numberFlag } from './flags.js';
import { buildTrace, DEFAULT_SPEC, type TraceSpec } from '../trace/build-trace.js';
import { writeTrace } from '../trace/trace-files.js';

export const TRACE_USAGE = `loadgen trace --out DIR [options]
  --seed N                 random seed (default ${DEFAULT_SPEC.seed}); same seed, same trace
  --functions K            functions to sample (default ${DEFAULT_SPEC.functions})
  --duration-ms MS         trace length (default ${DEFAULT_SPEC.durationMs})
  --target-load C          expected concurrency Σ λ·warm to hit; default 1.05 × --cores
  --cores N                the worker's cores, for the default target (default 16)
  --warm-median-ms MS      median warm time (default ${DEFAULT_SPEC.warm.medianMs}); --warm-sigma S (${DEFAULT_SPEC.warm.sigma})
  --warm-min-ms MS, --warm-max-ms MS   clip warm times (default ${DEFAULT_SPEC.warm.minMs}..${DEFAULT_SPEC.warm.maxMs})
  --init-median-ms MS      median cold-start cost on top of warm (default ${DEFAULT_SPEC.init.medianMs})
  --popularity-decades D   spread of base rates (default ${DEFAULT_SPEC.popularityDecades})
  --bursty                 add a burst: --burst-function NAME (default: the shortest function),
                           --burst-rps R (default 45% of the stationary rate, as the paper's 18 of 40 req/s),
                           --burst-start-ms MS (default: mid-trace), --burst-duration-ms MS (default 60000)`;

export function traceCommand(argv: string[]): void {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' }, seed: { type: 'string' }, functions: { type: 'string' }, 'duration-ms': { type: 'string' },
      'target-load': { type: 'string' }, cores: { type: 'string' }, 'warm-median-ms': { type: 'string' }, 'warm-sigma': { type: 'string' },
      'warm-min-ms': { type: 'string' }, 'warm-max-ms': { type: 'string' }, 'init-median-ms': { type: 'string' },
      'popularity-decades': { type: 'string' }, bursty: { type: 'boolean' }, 'burst-function': { type: 'string' },
      'burst-rps': { type: 'string' }, 'burst-start-ms': { type: 'string' }, 'burst-duration-ms': { type: 'string' },
    },
  });
  if (!v.out) throw new Error(`--out is required\n${TRACE_USAGE}`);
  const num = (s: string | undefined, d: number) => numberFlag(s, d);
  const durationMs = num(v['duration-ms'], DEFAULT_SPEC.durationMs);
  const spec: TraceSpec = {
    ...DEFAULT_SPEC,
    seed: num(v.seed, DEFAULT_SPEC.seed),
    functions: num(v.functions, DEFAULT_SPEC.functions),
    durationMs,
    targetLoad: num(v['target-load'], 1.05 * num(v.cores, 16)),
    warm: {
      medianMs: num(v['warm-median-ms'], DEFAULT_SPEC.warm.medianMs), sigma: num(v['warm-sigma'], DEFAULT_SPEC.warm.sigma),
      minMs: num(v['warm-min-ms'], DEFAULT_SPEC.warm.minMs), maxMs: num(v['warm-max-ms'], DEFAULT_SPEC.warm.maxMs),
    },
    init: { ...DEFAULT_SPEC.init, medianMs: num(v['init-median-ms'], DEFAULT_SPEC.init.medianMs) },
    popularityDecades: num(v['popularity-decades'], DEFAULT_SPEC.popularityDecades),
  };
  let built = buildTrace(spec);
  if (v.bursty) {
    spec.burst = {
      ...(v['burst-function'] ? { function: v['burst-function'] } : {}),
      rps: num(v['burst-rps'], 0.45 * built.info.requestsPerSec),
      startMs: num(v['burst-start-ms'], durationMs / 2),
      durationMs: num(v['burst-duration-ms'], 60_000),
    };
    built = buildTrace(spec);
  }
  const { tracePath, metadataPath } = writeTrace(v.out, built);
  const infoPath = join(v.out, 'trace-info.json');
  writeFileSync(infoPath, JSON.stringify(built.info, null, 2) + '\n');
  process.stdout.write(formatTable(
    built.info.functions.map((f) => [f.name, f.warmMs, f.coldMs, f.memoryMb, f.invocations, f.ratePerSec, f.iatCv, f.concurrency]),
    ['function', 'warm ms', 'cold ms', 'memory MB', 'n', 'req/s', 'IAT cv', 'λ·warm'],
  ) + '\n');
  process.stdout.write(
    `\n${built.events.length} invocations over ${fmt(durationMs / 1000)} s (${fmt(built.info.requestsPerSec)} req/s); ` +
      `expected concurrency ${fmt(built.info.expectedConcurrency)} (target ${fmt(spec.targetLoad)})` +
      (built.info.burstFunction ? `; with the burst of ${built.info.burstFunction} at ${fmt(spec.burst!.rps)} req/s: ${fmt(built.info.expectedConcurrencyWithBurst)}` : '') +
      `\nwrote ${tracePath}, ${metadataPath}, ${infoPath}\n`,
  );
}
