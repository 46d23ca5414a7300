/**
 * API-gateway route overhead: the same warm no-op nodejs web action called through its route
 * (`/api/{namespace-id}/bench/noop`, created with apimgmt's createApi as `wsk api create` does) and through its
 * web action URL (`/api/v1/web/guest/default/noop.json`), in alternating rounds, in one run of `npm start`'s
 * process (process backend, SQLite store). Prints p50/p90/p99 and req/s for both and the route's extra cost.
 * Knobs: BENCH_REQUESTS (per client, default 3000), BENCH_WARMUP (default 3000), BENCH_CLIENTS (default "1,8").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedLoop, type LoopResult, type Target } from './lib/closed-loop.js';
import { startPlatform, type Started } from './lib/processes.js';
import { AUTH_HEADER, putAction } from './lib/platform-client.js';
import { fmt, summarize } from './lib/stats.js';

const NOOP = 'function main(params) { return { ok: true } }';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3000);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8').split(',').map(Number);
/** Direct and route runs alternate in this many rounds, so drift (JIT, GC, the machine) hits both alike. */
const ROUNDS = 3;

const signed = (ms: number) => `${ms >= 0 ? '+' : ''}${fmt(ms)}`;

function merged(loops: LoopResult[]): LoopResult {
  const requests = loops.reduce((n, l) => n + l.requests, 0);
  const elapsedMs = loops.reduce((n, l) => n + l.elapsedMs, 0);
  return {
    latenciesMs: loops.flatMap((l) => l.latenciesMs),
    requests,
    errors: loops.reduce((n, l) => n + l.errors, 0),
    elapsedMs,
    throughput: (requests / elapsedMs) * 1000,
  };
}

/** Creates `GET /bench/noop` → noop.json the way `wsk api create /bench /noop get noop` does; returns its URL. */
async function createRoute(baseUrl: string): Promise<string> {
  const apidoc = {
    namespace: '_', gatewayBasePath: '/bench', gatewayPath: '/noop', gatewayMethod: 'GET', id: 'API:_:/bench',
    action: { name: 'noop', namespace: '_', backendMethod: 'GET', backendUrl: `${baseUrl}/api/v1/web/_/default/noop.http`, authkey: 'bench' },
  };
  const res = await fetch(`${baseUrl}/api/v1/web/whisk.system/apimgmt/createApi.http?responsetype=json`, {
    method: 'POST', headers: { authorization: AUTH_HEADER, 'content-type': 'application/json' }, body: JSON.stringify({ apidoc }),
  });
  if (!res.ok) throw new Error(`createApi failed: ${res.status} ${await res.text()}`);
  const api = (await res.json()) as { gwApiUrl: string };
  return `${api.gwApiUrl}/noop`;
}

export async function runApiRoute(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'owfast-bench-'));
  let platform: Started | undefined;
  try {
    platform = await startPlatform(['--backend', 'process', '--store', 'sqlite', '--data-dir', dataDir]);
    await putAction(platform.url, 'noop', { exec: { kind: 'nodejs:default', code: NOOP }, annotations: [{ key: 'web-export', value: true }] });
    const direct: Target = { url: `${platform.url}/api/v1/web/guest/default/noop.json`, method: 'GET', expectStatus: 200 };
    const viaRoute: Target = { url: await createRoute(platform.url), method: 'GET', expectStatus: 200 };
    await closedLoop(viaRoute, 1, 1); // cold start, and the route table loaded

    console.log(`\napi-route: warm no-op nodejs web action, ${REQUESTS} requests per client after ${WARMUP} warm-up`);
    console.log('clients | path       |   p50 ms |   p90 ms |   p99 ms |  req/s | errors');
    for (const clients of CLIENTS) {
      await closedLoop(direct, clients, Math.ceil(WARMUP / clients));
      await closedLoop(viaRoute, clients, Math.ceil(WARMUP / clients));
      const d: LoopResult[] = [];
      const r: LoopResult[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        d.push(await closedLoop(direct, clients, Math.ceil(REQUESTS / ROUNDS)));
        r.push(await closedLoop(viaRoute, clients, Math.ceil(REQUESTS / ROUNDS)));
      }
      const dm = merged(d);
      const rm = merged(r);
      const ds = summarize(dm.latenciesMs);
      const rs = summarize(rm.latenciesMs);
      const row = (name: string, s: typeof ds, loop: LoopResult) =>
        console.log(`${String(clients).padStart(7)} | ${name.padEnd(10)} | ${fmt(s.p50).padStart(8)} | ${fmt(s.p90).padStart(8)} | ${fmt(s.p99).padStart(8)} | ${loop.throughput.toFixed(0).padStart(6)} | ${String(loop.errors).padStart(6)}`);
      row('web action', ds, dm);
      row('route', rs, rm);
      console.log(`        | overhead   | p50 ${signed(rs.p50 - ds.p50)} ms, p90 ${signed(rs.p90 - ds.p90)} ms, p99 ${signed(rs.p99 - ds.p99)} ms; throughput ${((rm.throughput / dm.throughput) * 100).toFixed(0)}% of the web action URL`);
    }
  } finally {
    platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
