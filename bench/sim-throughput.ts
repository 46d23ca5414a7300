/**
 * No-op throughput on the simulation backend (zero execution time) against a bare Node http echo server started
 * in the same run: how much of the machine's HTTP ceiling the control plane keeps. Blocking invokes with the full
 * record (auth, validation, queue, pool, records included).
 * Knobs: BENCH_REQUESTS (per client, default 5000), BENCH_CLIENTS (default "1,8,32"),
 * BENCH_CPU_PROF_DIR (writes a `node --cpu-prof` profile of the platform process there when it exits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedLoop, type Target } from './lib/closed-loop.js';
import { cpuTimeMs, startEchoServer, startPlatform, type Started } from './lib/processes.js';
import { AUTH_HEADER, invokeUrl, putAction } from './lib/platform-client.js';
import { fmt, summarize } from './lib/stats.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8,32').split(',').map(Number);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;

export async function runSimThroughput(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'owfast-bench-'));
  const started: Started[] = [];
  try {
    const echo = await startEchoServer();
    started.push(echo);
    const platform = await startPlatform(['--backend', 'simulation', '--store', 'sqlite', '--data-dir', dataDir], {
      OW_WORKER__SIMULATION__WARM_MS: '0', OW_WORKER__SIMULATION__COLD_MS: '0', OW_WORKER__CONCURRENCY_LIMIT: '256',
    }, CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : []);
    started.push(platform);
    await putAction(platform.url, 'noop', { exec: { kind: 'nodejs:default', code: 'function main() { return {} }' } });
    const targets: [string, Started, Target][] = [
      ['echo', echo, { url: `${echo.url}/`, method: 'POST', body: '{}', expectStatus: 200 }],
      ['platform', platform, {
        url: invokeUrl(platform.url, 'noop'), method: 'POST', body: '{}', expectStatus: 200, headers: { authorization: AUTH_HEADER },
      }],
    ];
    console.log(`\nsim-throughput: simulation backend (0 ms functions) vs bare echo server, ${REQUESTS} requests per client`);
    console.log('clients | server    |   p50 ms |   p99 ms |   req/s | errors | server CPU µs/req | vs echo');
    for (const clients of CLIENTS) {
      let echoRate = 0;
      for (const [name, proc, target] of targets) {
        await closedLoop(target, clients, Math.min(REQUESTS, 2000));
        const cpu0 = cpuTimeMs(proc.child.pid!);
        const loop = await closedLoop(target, clients, REQUESTS);
        const cpuUs = ((cpuTimeMs(proc.child.pid!) - cpu0) / loop.requests) * 1000;
        const s = summarize(loop.latenciesMs);
        if (name === 'echo') echoRate = loop.throughput;
        const ratio = name === 'echo' ? '' : `${((loop.throughput / echoRate) * 100).toFixed(0)}%`;
        console.log(`${String(clients).padStart(7)} | ${name.padEnd(9)} | ${fmt(s.p50).padStart(8)} | ${fmt(s.p99).padStart(8)} | ${loop.throughput.toFixed(0).padStart(7)} | ${String(loop.errors).padStart(6)} | ${cpuUs.toFixed(0).padStart(17)} | ${ratio}`);
      }
    }
  } finally {
    for (const s of started) s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
