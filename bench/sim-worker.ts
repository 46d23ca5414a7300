/**
 * The in-process worker on the simulation backend (Ilúvatar §3.4), on the real clock:
 *  - sandbox creations per second: every invocation names a new function, so each one creates (and the pool
 *    later evicts) a sandbox through the full path (queue, regulator, pool, init, run, record);
 *  - the worker's own CPU at a load that saturates its simulated cores: open-loop arrivals at λ = cores ÷ S for
 *    functions of S ms, measured with process.cpuUsage (the arrival driver in the same process is included, so the
 *    figure is an upper bound).
 * The worker holds 4096 containers of 128 MB; a cold start that must evict frees 64 containers' worth
 * (`worker.reclaimBatchMb`), so eviction is planned once per 64 cold starts.
 * Knobs: BENCH_CREATIONS (20000), BENCH_SIM_CORES (16), BENCH_SIM_WARM_MS (100), BENCH_SIM_SECONDS (10),
 * BENCH_SIM_MEMORY_MB, BENCH_SIM_RECLAIM_BATCH_MB.
 */
import { realClock } from '../common/clock.js';
import { loadConfig } from '../common/config/load-config.js';
import { silentLogger } from '../common/log.js';
import { newActivationId } from '../common/ids.js';
import { SimulationBackend } from '../worker/backends/simulation/simulation-backend.js';
import type { Invocation, RunnableAction } from '../worker/invocation/invocation.js';
import { createWorker } from '../worker/worker.js';

const CREATIONS = Number(process.env.BENCH_CREATIONS ?? 20_000);
const CORES = Number(process.env.BENCH_SIM_CORES ?? 16);
const WARM_MS = Number(process.env.BENCH_SIM_WARM_MS ?? 100);
const SECONDS = Number(process.env.BENCH_SIM_SECONDS ?? 10);

function action(name: string, warmMs: number, coldMs: number): RunnableAction {
  return {
    functionKey: `bench/${name}@0.0.1`, namespace: 'bench', name, path: `bench/${name}`, version: '0.0.1', kind: 'nodejs:20',
    image: 'sim', protocol: 'openwhisk', binary: false, main: 'main', code: '',
    limits: { timeout: 60_000, memory: 128, logs: 0, concurrency: 1 }, initEnv: {}, expected: { warmMs, coldMs },
  };
}

function invocation(target: RunnableAction): Invocation {
  return { activationId: newActivationId(), tid: 'bench', action: target, params: {}, namespace: 'bench', subject: 'bench', arrivedAt: Date.now() };
}

function makeWorker(overrides: Record<string, unknown>) {
  const config = loadConfig({ env: {}, overrides: { worker: { memoryMb: Number(process.env.BENCH_SIM_MEMORY_MB ?? 128 * 4096), evictionPolicy: 'lru', reclaimBatchMb: Number(process.env.BENCH_SIM_RECLAIM_BATCH_MB ?? 128 * 64), ...overrides } } });
  const backend = new SimulationBackend(realClock, { coldMs: 0, warmMs: 0, agentOverheadMs: 0 });
  let records = 0;
  const worker = createWorker({ worker: config.worker, payloadMaxBytes: 1_048_576, apiHost: '' }, {
    backend, clock: realClock, logger: silentLogger, sink: () => { records++; },
  });
  return { worker, backend, records: () => records };
}

async function creations(): Promise<void> {
  const { worker } = makeWorker({ concurrencyLimit: 256 });
  await worker.start();
  const actions = Array.from({ length: CREATIONS }, (_, i) => action(`f${i}`, 0, 0));
  const began = performance.now();
  const cpu0 = process.cpuUsage();
  let next = 0;
  await Promise.all(Array.from({ length: 256 }, async () => {
    while (next < actions.length) await worker.invoke(invocation(actions[next++]!));
  }));
  const ms = performance.now() - began;
  const cpu = process.cpuUsage(cpu0);
  const status = worker.status();
  await worker.close();
  console.log(`\nsim-worker: ${CREATIONS} invocations of distinct functions (each a cold start) on the simulation backend`);
  console.log(`  ${((CREATIONS / ms) * 1000).toFixed(0)} sandbox creations/s (${ms.toFixed(0)} ms; CPU ${(((cpu.user + cpu.system) / 1000 / ms) * 100).toFixed(0)}% of a core; ${status.pool.evictions} evictions)`);
}

async function saturation(): Promise<void> {
  const { worker, records } = makeWorker({ concurrencyLimit: CORES, queuePolicy: 'fcfs' });
  await worker.start();
  const functions = Array.from({ length: 8 }, (_, i) => action(`s${i}`, WARM_MS, WARM_MS + 200));
  const ratePerSec = CORES / (WARM_MS / 1000);
  await Promise.all(functions.map((f) => worker.prewarm(f, Math.ceil(CORES / functions.length) + 2)));
  const began = performance.now();
  const cpu0 = process.cpuUsage();
  const pending: Promise<unknown>[] = [];
  let sent = 0;
  let maxQueue = 0;
  let runningSum = 0;
  let samples = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.floor(((performance.now() - began) / 1000) * ratePerSec);
      while (sent < due) pending.push(worker.invoke(invocation(functions[sent++ % functions.length]!)));
      const s = worker.status();
      maxQueue = Math.max(maxQueue, s.queueLength);
      runningSum += s.running;
      samples++;
      if (performance.now() - began >= SECONDS * 1000) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - began;
  await Promise.all(pending);
  await worker.close();
  console.log(`\nsim-worker: ${CORES} simulated cores, ${WARM_MS} ms functions at ${ratePerSec.toFixed(0)} req/s (λ·S = ${CORES}) for ${SECONDS} s`);
  console.log(`  mean running ${(runningSum / samples).toFixed(1)} of ${CORES}, max queue ${maxQueue}, ${records()} records`);
  console.log(`  worker + driver CPU: ${(((cpu.user + cpu.system) / 1000 / ms) * 100).toFixed(1)}% of a core`);
}

export async function runSimWorker(): Promise<void> {
  await creations();
  await saturation();
}
