/**
 * Docker benchmarks, each against a baseline run in the same process:
 *  - cold start: an invocation that needs a new container (create → ready → /init → first result) through the
 *    worker, against raw dockerode create + start + /init + /run of the same image;
 *  - warm overhead: invokes through the gateway (`npm start`'s process on the Docker backend) against direct /run
 *    calls to the same containers (one container per client), at 1 and 8 clients;
 *  - churn: containers created, made ready and removed per second, 8 in parallel, through the backend against raw
 *    dockerode.
 * Needs a Docker daemon and the test images (scripts/docker/build-test-images.sh).
 * Knobs: BENCH_COLD_REPS (8), BENCH_REQUESTS (2000 per client), BENCH_WARMUP (4000: the developers' guide's JIT
 * warm-up, per client count and path), BENCH_CHURN_MS (10000), BENCH_DOCKER_PARTS (cold,warm,churn: which parts
 * run), BENCH_DOCKER_CLIENTS (1,8: the warm client counts), BENCH_CPU_PROF_DIR (writes a `node --cpu-prof` profile
 * of the gateway process there when it exits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { realClock } from '../common/clock.js';
import { loadConfig } from '../common/config/load-config.js';
import { silentLogger } from '../common/log.js';
import { DockerBackend, dockerAvailable } from '../worker/backends/docker/docker-backend.js';
import type { SandboxSpec } from '../worker/backends/container-backend.js';
import type { RunnableAction } from '../worker/invocation/invocation.js';
import { createWorker } from '../worker/worker.js';
import { closedLoop, type Target } from './lib/closed-loop.js';
import { cpuTimeMs, startPlatform, type Started } from './lib/processes.js';
import { AUTH_HEADER, invokeUrl, putAction } from './lib/platform-client.js';
import { postJson, rawStart, removeBenchContainers } from './lib/raw-docker.js';
import { fmt, summarize } from './lib/stats.js';

const IMAGE = 'openwhisk/action-nodejs-v20:nightly';
const NOOP = 'function main(params) { return { ok: true } }';
const COLD_REPS = Number(process.env.BENCH_COLD_REPS ?? 8);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 4000);
const CHURN_MS = Number(process.env.BENCH_CHURN_MS ?? 10_000);
const PARTS = new Set((process.env.BENCH_DOCKER_PARTS ?? 'cold,warm,churn').split(',').map((p) => p.trim()));
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;
const CLIENT_COUNTS = (process.env.BENCH_DOCKER_CLIENTS ?? '1,8').split(',').map(Number);
const BENCH_WORKER = 'bench-docker';

const runBody = (i: number) => ({
  value: {}, namespace: 'guest', action_name: '/guest/noop', action_version: '0.0.1', activation_id: String(i).padStart(32, '0'),
  transaction_id: 'bench', deadline: String(Date.now() + 3_600_000),
});
const initBody = { value: { name: 'noop', main: 'main', code: NOOP, binary: false, env: {} } };

function noopAction(version: string): RunnableAction {
  return {
    functionKey: `guest/noop@${version}`, namespace: 'guest', name: 'noop', path: 'guest/noop', version, kind: 'nodejs:20',
    image: IMAGE, protocol: 'openwhisk', code: NOOP, binary: false, main: 'main',
    limits: { timeout: 60_000, memory: 256, logs: 10, concurrency: 1 }, initEnv: {},
  };
}

async function coldStart(docker: Dockerode): Promise<void> {
  const raw: number[] = [];
  const platform: number[] = [];
  const backend = new DockerBackend({ workerId: BENCH_WORKER, docker });
  const worker = createWorker(
    { worker: benchWorkerConfig(), payloadMaxBytes: 1_048_576, apiHost: '' },
    { backend, clock: realClock, logger: silentLogger, sink: () => {} },
  );
  try {
    for (let i = 0; i < COLD_REPS; i++) {
      let t = performance.now();
      const c = await rawStart(docker, IMAGE, 256);
      const init = await postJson(`http://${c.ip}:8080/init`, initBody);
      const run = await postJson(`http://${c.ip}:8080/run`, runBody(i));
      raw.push(performance.now() - t);
      if (init.status !== 200 || run.status !== 200) throw new Error(`raw cold start failed: ${init.status}/${run.status}`);
      await c.remove();

      t = performance.now();
      const record = await worker.invoke({
        activationId: String(i).padStart(32, '0'), tid: 'bench', action: noopAction(`0.0.${i + 1}`), params: {},
        namespace: 'guest', subject: 'guest', arrivedAt: Date.now(),
      });
      platform.push(performance.now() - t);
      if (!record.response.success) throw new Error(`worker cold start failed: ${JSON.stringify(record.response)}`);
    }
  } finally {
    await worker.close();
  }
  const r = summarize(raw);
  const p = summarize(platform);
  console.log(`\ncold start (create → ready → /init → first result), ${COLD_REPS} each, ms`);
  console.log(`  raw dockerode  p50 ${fmt(r.p50, 1)}  mean ${fmt(r.mean, 1)}  max ${fmt(Math.max(...raw), 1)}`);
  console.log(`  worker         p50 ${fmt(p.p50, 1)}  mean ${fmt(p.mean, 1)}  max ${fmt(Math.max(...platform), 1)}`);
  console.log(`  overhead       p50 ${(((p.p50 - r.p50) / r.p50) * 100).toFixed(1)}%  mean ${(((p.mean - r.mean) / r.mean) * 100).toFixed(1)}%`);
}

async function warmOverhead(docker: Dockerode): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'owfast-bench-'));
  let platform: Started | undefined;
  try {
    platform = await startPlatform(['--backend', 'docker', '--store', 'sqlite', '--data-dir', dataDir], {
      OW_WORKER__CONCURRENCY_LIMIT: '8', OW_WORKER__ID: BENCH_WORKER,
    }, CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : []);
    await putAction(platform.url, 'noop', { exec: { kind: 'nodejs:default', code: NOOP } });
    const prewarm = await fetch(`${platform.url}/api/v1/namespaces/_/prewarm`, {
      method: 'POST', headers: { authorization: AUTH_HEADER, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'noop', count: 8 }),
    });
    if (!prewarm.ok) throw new Error(`prewarm failed: ${prewarm.status} ${await prewarm.text()}`);
    const containers = await docker.listContainers({ filters: { label: ['owfast.action=guest/noop'] } });
    const ips = await Promise.all(containers.map(async (c) => {
      const info = await docker.getContainer(c.Id).inspect();
      return info.NetworkSettings.Networks.bridge?.IPAddress ?? "";
    }));
    // Each direct client gets a container of its own (a container runs one activation at a time), initialized
    // by the platform's prewarm with the same code.
    const direct = (client: number): Target => ({
      url: `http://${ips[client % ips.length]}:8080/run`, method: 'POST', body: JSON.stringify(runBody(client)), expectStatus: 200,
    });
    const viaPlatform: Target = {
      url: invokeUrl(platform.url, 'noop'), method: 'POST', body: '{}', expectStatus: 200, headers: { authorization: AUTH_HEADER },
    };
    console.log(`\nwarm overhead on Docker (${ips.length} prewarmed containers), ${REQUESTS} requests per client after ${WARMUP} warm-up`);
    console.log('clients | path      |   p50 ms |   p90 ms |   p99 ms |  req/s | errors | gateway CPU µs/call');
    for (const clients of CLIENT_COUNTS) {
      await closedLoop(direct, clients, Math.ceil(WARMUP / clients));
      const d = await closedLoop(direct, clients, REQUESTS);
      await closedLoop(viaPlatform, clients, Math.ceil(WARMUP / clients));
      const cpu0 = cpuTimeMs(platform.child.pid!);
      const p = await closedLoop(viaPlatform, clients, REQUESTS);
      const cpu = ((cpuTimeMs(platform.child.pid!) - cpu0) / p.requests) * 1000;
      const ds = summarize(d.latenciesMs);
      const ps = summarize(p.latenciesMs);
      const row = (name: string, s: typeof ds, rate: number, errors: number, c: string) =>
        console.log(`${String(clients).padStart(7)} | ${name.padEnd(9)} | ${fmt(s.p50).padStart(8)} | ${fmt(s.p90).padStart(8)} | ${fmt(s.p99).padStart(8)} | ${rate.toFixed(0).padStart(6)} | ${String(errors).padStart(6)} | ${c}`);
      row('direct', ds, d.throughput, d.errors, '-');
      row('platform', ps, p.throughput, p.errors, cpu.toFixed(0));
      console.log(`        | overhead  | p50 +${fmt(ps.p50 - ds.p50)} ms, p99 +${fmt(ps.p99 - ds.p99)} ms; throughput ${((p.throughput / d.throughput) * 100).toFixed(0)}% of direct`);
    }
  } finally {
    platform?.stop();
    await new Promise((r) => setTimeout(r, 1500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function churn(docker: Dockerode): Promise<void> {
  const parallel = 8;
  const spec: SandboxSpec = {
    functionKey: 'guest/churn@0.0.1', kind: 'nodejs:20', image: IMAGE, protocol: 'openwhisk', memoryMb: 128, cpuShares: 512,
    concurrency: 1, labels: { 'owfast.worker': BENCH_WORKER }, env: {},
  };
  const backend = new DockerBackend({ workerId: BENCH_WORKER, docker });
  const loop = async (once: () => Promise<void>) => {
    let count = 0;
    const deadline = performance.now() + CHURN_MS;
    await Promise.all(Array.from({ length: parallel }, async () => {
      while (performance.now() < deadline) {
        await once();
        count++;
      }
    }));
    return (count / CHURN_MS) * 1000;
  };
  const rawRate = await loop(async () => (await rawStart(docker, IMAGE, 128)).remove());
  const backendRate = await loop(async () => backend.destroy(await backend.create(spec)));
  await backend.close();
  console.log(`\ncontainer churn (create → ready → remove), ${parallel} in parallel for ${CHURN_MS / 1000} s`);
  console.log(`  raw dockerode ${rawRate.toFixed(1)}/s, backend ${backendRate.toFixed(1)}/s (${((backendRate / rawRate) * 100).toFixed(0)}% of raw)`);
}

function benchWorkerConfig() {
  return loadConfig({ env: {}, overrides: { worker: { id: BENCH_WORKER, memoryMb: 8192, concurrencyLimit: 8, evictionPolicy: 'lru' } } }).worker;
}

export async function runDocker(): Promise<void> {
  const docker = new Dockerode();
  if (!(await dockerAvailable(docker))) {
    console.log('\ndocker: SKIPPED — no Docker daemon answers (see scripts/docker/ensure-docker.sh)');
    return;
  }
  try {
    if (PARTS.has('cold')) await coldStart(docker);
    if (PARTS.has('warm')) await warmOverhead(docker);
    if (PARTS.has('churn')) await churn(docker);
  } finally {
    await removeBenchContainers(docker);
    const ours = await docker.listContainers({ all: true, filters: { label: [`owfast.worker=${BENCH_WORKER}`] } });
    await Promise.allSettled(ours.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  }
}
