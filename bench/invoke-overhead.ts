/**
 * Warm-invoke overhead of the whole platform against a direct /run to the same action proxy, in one run.
 * Baseline: the nodejs action proxy started bare, /init once, then /run back to back. Platform: `npm start`'s
 * process (process backend, SQLite store) invoking a no-op nodejs action blocking (full record, as the openwhisk
 * npm client asks). Both after a JIT warm-up. Prints p50/p90/p99, throughput, the p50 overhead and the platform
 * process's CPU time per invoke (the load generator's CPU is not counted).
 * Knobs: BENCH_REQUESTS (per client, default 3000), BENCH_WARMUP (default 4000), BENCH_CLIENTS (default "1,8"),
 * BENCH_CPU_PROF_DIR (writes a `node --cpu-prof` profile of the platform process there when it exits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedLoop, type LoopResult, type Target } from './lib/closed-loop.js';
import { childPids, cpuTimeMs, startPlatform, startProxy, type Started } from './lib/processes.js';
import { AUTH_HEADER, invokeUrl, putAction } from './lib/platform-client.js';
import { fmt, summarize } from './lib/stats.js';

const NOOP = 'function main(params) { return { ok: true } }';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 4000);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8').split(',').map(Number);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;

const runBody = JSON.stringify({
  value: {}, namespace: 'guest', action_name: '/guest/noop', action_version: '0.0.1',
  activation_id: '0'.repeat(32), transaction_id: 'bench', deadline: String(Date.now() + 3_600_000),
});

interface Measured {
  loop: LoopResult;
  cpuMsPerCall: number;
  proxyCpuMsPerCall: number;
}

async function measure(target: Target, clients: number, pid: number, proxyPid: number | undefined): Promise<Measured> {
  await closedLoop(target, clients, Math.ceil(WARMUP / clients));
  const cpu0 = cpuTimeMs(pid);
  const proxy0 = proxyPid ? cpuTimeMs(proxyPid) : 0;
  const loop = await closedLoop(target, clients, REQUESTS);
  const calls = loop.requests;
  return {
    loop,
    cpuMsPerCall: (cpuTimeMs(pid) - cpu0) / calls,
    proxyCpuMsPerCall: proxyPid ? (cpuTimeMs(proxyPid) - proxy0) / calls : 0,
  };
}

export async function runInvokeOverhead(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'owfast-bench-'));
  const started: Started[] = [];
  try {
    const proxy = await startProxy();
    started.push(proxy);
    const init = await fetch(`${proxy.url}/init`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: { name: 'noop', main: 'main', code: NOOP, binary: false, env: {} } }),
    });
    if (!init.ok) throw new Error(`baseline /init failed: ${init.status}`);
    const direct: Target = { url: `${proxy.url}/run`, method: 'POST', body: runBody, expectStatus: 200 };

    const platform = await startPlatform(['--backend', 'process', '--store', 'sqlite', '--data-dir', dataDir], {},
      CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : []);
    started.push(platform);
    await putAction(platform.url, 'noop', { exec: { kind: 'nodejs:default', code: NOOP } });
    const viaPlatform: Target = {
      url: invokeUrl(platform.url, 'noop'), method: 'POST', body: '{}', expectStatus: 200,
      headers: { authorization: AUTH_HEADER },
    };
    await closedLoop(viaPlatform, 1, 1); // cold start, so the proxy child exists
    const platformProxy = childPids(platform.child.pid!)[0];

    console.log(`\ninvoke-overhead: warm no-op nodejs action, ${REQUESTS} requests per client after ${WARMUP} warm-up`);
    console.log('clients | path      |   p50 ms |   p90 ms |   p99 ms |  req/s | errors | CPU µs/call (server) | CPU µs/call (proxy)');
    for (const clients of CLIENTS) {
      const d = await measure(direct, clients, proxy.child.pid!, undefined);
      const p = await measure(viaPlatform, clients, platform.child.pid!, platformProxy);
      const ds = summarize(d.loop.latenciesMs);
      const ps = summarize(p.loop.latenciesMs);
      const row = (name: string, s: typeof ds, m: Measured, server: string, proxyCpu: string) =>
        console.log(`${String(clients).padStart(7)} | ${name.padEnd(9)} | ${fmt(s.p50).padStart(8)} | ${fmt(s.p90).padStart(8)} | ${fmt(s.p99).padStart(8)} | ${m.loop.throughput.toFixed(0).padStart(6)} | ${String(m.loop.errors).padStart(6)} | ${server.padStart(20)} | ${proxyCpu.padStart(19)}`);
      row('direct', ds, d, '-', (d.cpuMsPerCall * 1000).toFixed(0));
      row('platform', ps, p, (p.cpuMsPerCall * 1000).toFixed(0), (p.proxyCpuMsPerCall * 1000).toFixed(0));
      console.log(`        | overhead  | p50 +${fmt(ps.p50 - ds.p50)} ms, p90 +${fmt(ps.p90 - ds.p90)} ms, p99 +${fmt(ps.p99 - ds.p99)} ms; throughput ${((p.loop.throughput / d.loop.throughput) * 100).toFixed(0)}% of direct`);
    }
  } finally {
    for (const s of started) s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
