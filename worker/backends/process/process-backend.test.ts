import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AgentConnectionError } from '../../agents/agent-protocol.js';
import { SandboxStartError, type Sandbox, type SandboxExitReason, type SandboxSpec } from '../container-backend.js';
import { ProcessBackend } from './process-backend.js';

const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
if (!HAS_PYTHON) console.warn('\n\n!!!!! python3 NOT FOUND: the python process-backend tests are SKIPPED !!!!!\n\n');

const RUN = { namespace: 'guest', action_name: '/guest/t', action_version: '0.0.1', activation_id: 'b'.repeat(32), transaction_id: 't', deadline: '1' };

function spec(kind: string, extra: Partial<SandboxSpec> = {}): SandboxSpec {
  return { functionKey: 'guest/t@0.0.1', kind, image: kind, protocol: 'openwhisk', memoryMb: 128, cpuShares: 128, concurrency: 1, labels: {}, env: {}, ...extra };
}

async function initialized(backend: ProcessBackend, code: string, extra: Partial<SandboxSpec> = {}, kind = 'nodejs:20'): Promise<Sandbox> {
  const sandbox = await backend.create(spec(kind, extra));
  const init = await sandbox.agent.init({ name: 't', main: 'main', code, binary: false, env: {} }, 5000);
  expect(init.statusCode).toBe(200);
  return sandbox;
}

const pidOf = (sandbox: Sandbox) => (sandbox as unknown as { child: { pid: number } }).child.pid;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return existsSync(`/proc/${pid}`) && !/\) Z /.test(spawnSync('cat', [`/proc/${pid}/stat`]).stdout.toString());
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('ProcessBackend', () => {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'owfast-process-test-'));
  const backend = new ProcessBackend({ workerId: 'w1', runDir });

  afterEach(() => backend.close());
  afterAll(() => rmSync(runDir, { recursive: true, force: true }));

  it('is the non-isolating process backend', () => {
    expect(backend.name).toBe('process');
    expect(backend.isolates).toBe(false);
  });

  it('starts a nodejs proxy ready for /init, with a pid file, and destroys it', async () => {
    const sandbox = await backend.create(spec('nodejs:20'));
    const pid = pidOf(sandbox);
    expect(alive(pid)).toBe(true);
    expect(readdirSync(runDir)).toEqual(expect.arrayContaining([`${sandbox.id}.pid`, sandbox.id]));
    await backend.destroy(sandbox);
    expect(alive(pid)).toBe(false);
    expect(readdirSync(runDir)).toEqual([]);
    expect(sandbox.exitReason).toBeUndefined();
    await expect(sandbox.agent.run({ value: {}, ...RUN }, 1000)).rejects.toBeInstanceOf(AgentConnectionError);
  });

  it('gives the child a minimal environment plus spec.env, and caps the node heap at memoryMb', async () => {
    process.env.OWFAST_TEST_SECRET = 'must not leak';
    try {
      const code = "function main() { return { env: Object.keys(process.env).sort(), mine: process.env.MINE, heapMb: require('node:v8').getHeapStatistics().heap_size_limit / 1048576 }; }";
      const sandbox = await initialized(backend, code, { env: { MINE: 'yes', __OW_API_HOST: 'http://127.0.0.1:3233' } });
      const body = (await sandbox.agent.run({ value: {}, ...RUN }, 5000)).body as { env: string[]; mine: string; heapMb: number };
      expect(body.mine).toBe('yes');
      expect(body.env).not.toContain('OWFAST_TEST_SECRET');
      expect(body.env).not.toContain('__OW_ALLOW_CONCURRENT');
      expect(body.env).toEqual(expect.arrayContaining(['PATH', 'TMPDIR', '__OW_API_HOST']));
      expect(body.heapMb).toBeLessThan(256);
    } finally {
      delete process.env.OWFAST_TEST_SECRET;
    }
  });

  it('sets __OW_ALLOW_CONCURRENT=true when concurrency > 1', async () => {
    const sandbox = await initialized(backend, 'function main() { return { allow: process.env.__OW_ALLOW_CONCURRENT }; }', { concurrency: 4 });
    expect((await sandbox.agent.run({ value: {}, ...RUN }, 5000)).body).toEqual({ allow: 'true' });
  });

  it.each(['blackbox', 'java:8', 'go:1.21'])('refuses kind %s with SandboxStartError naming it', async (kind) => {
    const failure = backend.create(spec(kind));
    await expect(failure).rejects.toBeInstanceOf(SandboxStartError);
    await expect(failure).rejects.toThrow(kind);
  });

  it('refuses python kinds when python3 is missing', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const noPython = new ProcessBackend({ workerId: 'nopython', runDir: path.join(runDir, 'nopython') });
      await expect(noPython.create(spec('python:3.11'))).rejects.toThrow(/python3 is missing/);
    } finally {
      process.env.PATH = savedPath;
      rmSync(path.join(runDir, 'nopython'), { recursive: true, force: true });
    }
  });

  it('fails with SandboxStartError when the proxy does not start in time, leaving nothing behind', async () => {
    const slow = new ProcessBackend({ workerId: 'slow', runDir: path.join(runDir, 'slow'), startTimeoutMs: 1 });
    await expect(slow.create(spec('nodejs:20'))).rejects.toThrow(/did not report its port within 1 ms/);
    expect(readdirSync(path.join(runDir, 'slow'))).toEqual([]);
    rmSync(path.join(runDir, 'slow'), { recursive: true, force: true });
  });

  it('reports a child that dies mid-run: AgentConnectionError, onExit and exitReason', async () => {
    const sandbox = await initialized(backend, "function main() { console.log('bye'); process.exit(1); }");
    const reasons: SandboxExitReason[] = [];
    sandbox.onExit((reason) => reasons.push(reason));
    await expect(sandbox.agent.run({ value: {}, ...RUN }, 5000)).rejects.toBeInstanceOf(AgentConnectionError);
    await waitFor(() => reasons.length > 0);
    expect(reasons).toEqual(['exited']);
    expect(sandbox.exitReason).toBe('exited');
    const logs = await sandbox.logs.collect({ waitForSentinels: false, timeoutMs: 100, limitBytes: 10_000 });
    expect(logs.lines.some((line) => line.endsWith('stdout: bye'))).toBe(true);
    const late: SandboxExitReason[] = [];
    sandbox.onExit((reason) => late.push(reason));
    expect(late).toEqual(['exited']);
  });

  it('collects the logs of each activation', async () => {
    const sandbox = await initialized(backend, "function main(p) { console.log('n=' + p.n); return {}; }");
    for (const n of [1, 2]) {
      await sandbox.agent.run({ value: { n }, ...RUN }, 5000);
      const logs = await sandbox.logs.collect({ waitForSentinels: true, timeoutMs: 2000, limitBytes: 10_000 });
      expect(logs.sentinelsSeen).toBe(true);
      expect(logs.lines).toHaveLength(1);
      expect(logs.lines[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]{12}Z {7}stdout: n=${n}$`));
    }
  });

  (HAS_PYTHON ? it : it.skip)('starts a python proxy', async () => {
    const sandbox = await initialized(backend, 'def main(p):\n    return {"n": p["n"] + 1}\n', {}, 'python:3.11');
    expect((await sandbox.agent.run({ value: { n: 1 }, ...RUN }, 5000)).body).toEqual({ n: 2 });
  });

  it('removes orphans left by an earlier run, and only our proxies', async () => {
    const crashed = new ProcessBackend({ workerId: 'w2', runDir: path.join(runDir, 'w2') });
    try {
      const orphans = [await crashed.create(spec('nodejs:20')), await crashed.create(spec('nodejs:20'))];
      if (HAS_PYTHON) orphans.push(await crashed.create(spec('python:3.11')));
      // A pid file naming a process that is not one of our proxies (this test runner) must not be killed.
      writeFileSync(path.join(runDir, 'w2', 'stranger.pid'), String(process.pid));
      const restarted = new ProcessBackend({ workerId: 'w2', runDir: path.join(runDir, 'w2') });
      expect(await restarted.removeOrphans()).toBe(orphans.length);
      for (const orphan of orphans) await waitFor(() => !alive(pidOf(orphan)));
      expect(readdirSync(path.join(runDir, 'w2'))).toEqual([]);
      expect(await restarted.removeOrphans()).toBe(0);
    } finally {
      await crashed.close();
      rmSync(path.join(runDir, 'w2'), { recursive: true, force: true });
    }
  });

  it('close() destroys every live sandbox', async () => {
    const own = new ProcessBackend({ workerId: 'w3', runDir: path.join(runDir, 'w3') });
    const sandboxes = await Promise.all([own.create(spec('nodejs:20')), own.create(spec('nodejs:20'))]);
    await own.close();
    for (const sandbox of sandboxes) expect(alive(pidOf(sandbox))).toBe(false);
    expect(readdirSync(path.join(runDir, 'w3'))).toEqual([]);
    rmSync(path.join(runDir, 'w3'), { recursive: true, force: true });
  });
});
