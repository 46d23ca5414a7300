/**
 * Docker integration: the worker (createWorker) on the DockerBackend, running the locally built runtime images
 * (scripts/docker/build-test-images.sh, run in beforeAll: it is quick when they are up to date). Skipped, loudly,
 * only when no Docker daemon answers. Every container is labelled with this file's worker id and removed by label
 * in afterAll.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import Dockerode from 'dockerode';
import { realClock } from '../../common/clock';
import { Messages } from '../../common/errors/messages';
import { silentLogger } from '../../common/log';
import type { ActivationRecord, JsonObject } from '../../common/types/entities';
import type { Sandbox, SandboxExitReason, SandboxSpec } from '../../worker/backends/container-backend';
import { DockerBackend } from '../../worker/backends/docker/docker-backend';
import type { RunnableAction } from '../../worker/invocation/invocation';
import { invocationOf, runnableAction, workerSettings, type ActionOverrides } from '../../worker/test-support/runnable';
import { createWorker, type Worker } from '../../worker/worker';

const ROOT = path.join(__dirname, '../..');
const NODE_IMAGE = 'openwhisk/action-nodejs-v20:nightly';
const PYTHON_IMAGE = 'openwhisk/action-python-v3.11:nightly';
/** A registry on loopback that does not answer: the pull fails at once, and no traffic leaves the machine. */
const MISSING_IMAGE = '127.0.0.1:9/owfast-test/no-such-image:latest';
const WORKER_ID = `it-docker-${process.pid}`;
/** Per test: generous, as the daemon slows down when other suites use it at the same time. */
const TEST_TIMEOUT_MS = 60_000;
const ORPHAN_WORKER_ID = `${WORKER_ID}-orphans`;
const DIRECT_WORKER_ID = `${WORKER_ID}-direct`;

/** Synchronous, so the suite can be skipped at collection time; runs dockerAvailable in a child process. */
function dockerAnswers(): boolean {
  const probe = `require(${JSON.stringify(path.join(ROOT, 'worker/backends/docker/docker-backend.ts'))})`
    + '.dockerAvailable(undefined, 2000).then((ok) => process.exit(ok ? 0 : 1), () => process.exit(1))';
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', probe], { cwd: ROOT, timeout: 20_000 }).status === 0;
}

const DOCKER = dockerAnswers();
if (!DOCKER) {
  const warning = '\n\n!!!!! NO DOCKER DAEMON ANSWERS: the Docker integration tests (docker-backend.test.ts) are SKIPPED !!!!!\n'
    + '!!!!! Run scripts/docker/ensure-docker.sh (as root) to start one.                                  !!!!!\n\n';
  console.warn(warning);
  // Jest drops the console output of an all-skipped file when several files run at once: say it on stderr too.
  process.stderr.write(warning);
}

/** Records every sandbox it creates, so tests can look at exit reasons. */
class RecordingDockerBackend extends DockerBackend {
  readonly sandboxes: Sandbox[] = [];
  override async create(spec: SandboxSpec): Promise<Sandbox> {
    const sandbox = await super.create(spec);
    this.sandboxes.push(sandbox);
    return sandbox;
  }
}

function nodeAction(name: string, code: string, overrides: ActionOverrides = {}): RunnableAction {
  return runnableAction(name, { image: NODE_IMAGE, code, ...overrides });
}

/** The container a nodejs action ran in: Docker sets the hostname to the short container id. */
const WITH_HOST = "const os = require('os');\n";
const hostOf = (record: ActivationRecord): string => (record.response.result as { host: string }).host;
const wasCold = (record: ActivationRecord): boolean => record.annotations.some((a) => a.key === 'initTime');

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

(DOCKER ? describe : describe.skip)('DockerBackend under the worker (Docker integration)', () => {
  // Our own agent for the Docker socket, closed in afterAll: idle keep-alive sockets would hold jest open.
  const dockerAgent = new http.Agent({ keepAlive: true });
  const docker = new Dockerode({ agent: dockerAgent } as Dockerode.DockerOptions);
  const records: ActivationRecord[] = [];
  let backend: RecordingDockerBackend;
  let worker: Worker;

  const containersOf = async (label: string): Promise<Dockerode.ContainerInfo[]> =>
    docker.listContainers({ all: true, filters: { label: [label] } });
  const invoke = (action: RunnableAction, params: JsonObject = {}): Promise<ActivationRecord> =>
    worker.invoke(invocationOf(action, realClock.now(), params));

  beforeAll(async () => {
    const build = spawnSync(path.join(ROOT, 'scripts/docker/build-test-images.sh'), { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
    if (build.status !== 0) throw new Error(`building the test images failed:\n${build.stdout}\n${build.stderr}`);
    backend = new RecordingDockerBackend({ workerId: WORKER_ID, docker, startTimeoutMs: 15_000, pullTimeoutMs: 10_000 });
    worker = createWorker(workerSettings({ id: WORKER_ID, concurrencyLimit: 4, logCollectTimeoutMs: 2000 }), {
      backend, clock: realClock, logger: silentLogger, sink: (record) => records.push(record),
    });
    await worker.start();
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    for (const id of [WORKER_ID, DIRECT_WORKER_ID, ORPHAN_WORKER_ID, `${ORPHAN_WORKER_ID}-other`]) {
      for (const info of await containersOf(`owfast.worker=${id}`)) await docker.getContainer(info.Id).remove({ force: true });
    }
    expect(await containersOf(`owfast.worker=${WORKER_ID}`)).toEqual([]);
    dockerAgent.destroy();
  }, 60_000);

  it('runs a nodejs action cold, then warm in the same labelled, memory-limited container', async () => {
    const action = nodeAction('hello', `${WITH_HOST}function main(p) { return { greeting: 'hello ' + p.name, host: os.hostname() }; }`);
    const cold = await invoke(action, { name: 'cold' });
    const warm = await invoke(action, { name: 'warm' });
    expect(cold.response).toEqual({ status: 'success', statusCode: 0, success: true, result: { greeting: 'hello cold', host: expect.any(String) }, size: expect.any(Number) });
    expect(warm.response.result).toEqual({ greeting: 'hello warm', host: hostOf(cold) });
    expect(wasCold(cold)).toBe(true);
    expect(wasCold(warm)).toBe(false);

    const info = await docker.getContainer(hostOf(cold)).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Config.Labels).toEqual(expect.objectContaining({
      owfast: 'true', 'owfast.worker': WORKER_ID, 'owfast.action': 'guest/hello', 'owfast.version': '0.0.1',
    }));
    expect(info.HostConfig.Memory).toBe(256 * 1024 * 1024);
    expect(info.HostConfig.MemorySwap).toBe(256 * 1024 * 1024);
    expect(info.HostConfig.CpuShares).toBe(1024);
    expect(info.Config.Env).not.toContain('__OW_ALLOW_CONCURRENT=true');
  }, TEST_TIMEOUT_MS);

  it('passes parameters and the /run environment', async () => {
    const action = nodeAction('params', 'function main(p) { return { sum: p.a + p.b, name: process.env.__OW_ACTION_NAME, id: process.env.__OW_ACTIVATION_ID }; }');
    const record = await invoke(action, { a: 2, b: 40 });
    expect(record.response.result).toEqual({ sum: 42, name: '/guest/params', id: record.activationId });
  }, TEST_TIMEOUT_MS);

  it("collects each activation's logs up to the sentinels, in OpenWhisk's format", async () => {
    const action = nodeAction('logs', "function main(p) { console.log('out ' + p.n); console.error('err ' + p.n); return {}; }");
    for (const n of [1, 2]) {
      const record = await invoke(action, { n });
      expect(record.logs).toHaveLength(2);
      expect(record.logs).toEqual(expect.arrayContaining([
        expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z {7}stdout: out ${n}$`)),
        expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z {7}stderr: err ${n}$`)),
      ]));
      expect(record.logs.join('\n')).not.toContain('XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX');
    }
  }, TEST_TIMEOUT_MS);

  it('records an application error and keeps the container', async () => {
    const action = nodeAction('apperr', `${WITH_HOST}function main() { return { error: { message: 'bad input', host: os.hostname() } }; }`);
    const first = await invoke(action);
    const second = await invoke(action);
    expect(first.response).toEqual(expect.objectContaining({ status: 'application error', statusCode: 1, success: false }));
    const hostOfError = (record: ActivationRecord) => (record.response.result as { error: { host: string } }).error.host;
    expect(first.response.result).toEqual({ error: { message: 'bad input', host: expect.any(String) } });
    expect(hostOfError(second)).toBe(hostOfError(first));
    expect(wasCold(second)).toBe(false);
  }, TEST_TIMEOUT_MS);

  it('turns a throw into a developer error (502), removes the container, and starts the next run cold', async () => {
    const action = nodeAction('thrower', `${WITH_HOST}function main(p) { if (p.fail) throw new Error('boom'); return { host: os.hostname() }; }`);
    const ok = await invoke(action);
    const failed = await invoke(action, { fail: true });
    expect(failed.response.status).toBe('action developer error');
    expect(failed.response.statusCode).toBe(2);
    expect((failed.response.result as { error: string }).error).toMatch(/^An error has occurred: .*boom/);
    await until(async () => (await containersOf(`owfast.action=guest/thrower`)).length === 0, 'the failed container to be removed');
    const next = await invoke(action);
    expect(wasCold(next)).toBe(true);
    expect(hostOf(next)).not.toBe(hostOf(ok));
  }, TEST_TIMEOUT_MS);

  it("times out with OpenWhisk's message and destroys the container", async () => {
    const action = nodeAction('sleepy', 'function main() { return new Promise((resolve) => setTimeout(() => resolve({}), 30000)); }', { limits: { timeout: 1000 } });
    const record = await invoke(action);
    expect(record.response).toEqual(expect.objectContaining({ status: 'action developer error', result: { error: Messages.timedOut(1000) } }));
    expect(record.annotations).toContainEqual({ key: 'timeout', value: true });
    await until(async () => (await containersOf('owfast.action=guest/sleepy')).length === 0, 'the timed-out container to be removed');
  }, TEST_TIMEOUT_MS);

  it('reports a memory-limit kill as "exhausted its memory" (OOMKilled detected)', async () => {
    const code = 'function main() { const hold = []; for (;;) hold.push(Buffer.alloc(8 * 1024 * 1024, 1)); }';
    const action = nodeAction('hog', code, { limits: { memory: 128 } });
    const record = await invoke(action);
    expect(record.response).toEqual(expect.objectContaining({ status: 'action developer error', result: { error: Messages.memoryExhausted } }));
    const sandbox = backend.sandboxes.find((s) => s.spec.functionKey === action.functionKey);
    expect(sandbox?.exitReason).toBe<SandboxExitReason>('oom');
    await until(async () => (await containersOf('owfast.action=guest/hog')).length === 0, 'the killed container to be removed');
  }, TEST_TIMEOUT_MS);

  it('handles a container that dies mid-run: developer error, container removed, the next call gets a fresh one', async () => {
    const action = nodeAction('crasher', `${WITH_HOST}function main(p) { if (p.crash) { console.log('bye'); process.exit(1); } return { host: os.hostname() }; }`);
    const before = await invoke(action);
    const crashed = await invoke(action, { crash: true });
    expect(crashed.response).toEqual(expect.objectContaining({ status: 'action developer error', result: { error: Messages.abnormalRun } }));
    expect(crashed.logs).toContain(Messages.logsMissing);
    const sandbox = backend.sandboxes.find((s) => s.id.startsWith(hostOf(before)));
    expect(sandbox?.exitReason).toBe<SandboxExitReason>('exited');
    await until(async () => (await containersOf('owfast.action=guest/crasher')).length === 0, 'the crashed container to be removed');
    const after = await invoke(action);
    expect(after.response.success).toBe(true);
    expect(wasCold(after)).toBe(true);
    expect(hostOf(after)).not.toBe(hostOf(before));
  }, TEST_TIMEOUT_MS);

  it('never hands a busy container to a second concurrent invocation', async () => {
    const action = nodeAction('busy', `${WITH_HOST}function main() { return new Promise((r) => setTimeout(() => r({ host: os.hostname() }), 400)); }`);
    const records3 = await Promise.all([invoke(action), invoke(action), invoke(action)]);
    expect(records3.every((r) => r.response.success)).toBe(true);
    expect(new Set(records3.map(hostOf)).size).toBe(3);
    const again = await invoke(action);
    expect(records3.map(hostOf)).toContain(hostOf(again));
    expect(wasCold(again)).toBe(false);
  }, TEST_TIMEOUT_MS);

  it('starts containers with __OW_ALLOW_CONCURRENT when the action allows concurrency', async () => {
    const action = nodeAction('overlap', `${WITH_HOST}function main() { return new Promise((r) => setTimeout(() => r({ host: os.hostname(), allow: process.env.__OW_ALLOW_CONCURRENT }), 300)); }`, { limits: { concurrency: 3 } });
    const first = await invoke(action);
    expect(first.response.result).toEqual({ host: expect.any(String), allow: 'true' });
    const overlapping = await Promise.all([invoke(action), invoke(action)]);
    expect(overlapping.map(hostOf)).toEqual([hostOf(first), hostOf(first)]);
  }, TEST_TIMEOUT_MS);

  it('fails an action whose image does not exist with a developer error naming it, and keeps working', async () => {
    const blackbox = runnableAction('ghost', { kind: 'blackbox', image: MISSING_IMAGE, code: undefined });
    const record = await invoke(blackbox);
    expect(record.response.status).toBe('action developer error');
    expect((record.response.result as { error: string }).error).toContain(Messages.imagePullError(MISSING_IMAGE));
    const fine = await invoke(nodeAction('after-ghost', 'function main() { return { fine: true }; }'));
    expect(fine.response.result).toEqual({ fine: true });
  }, TEST_TIMEOUT_MS);

  it('runs an Ilúvatar-protocol image (GET / readiness, POST /invoke, no /init)', async () => {
    const action = runnableAction('ilu', { kind: 'blackbox', image: 'owfast/iluvatar-agent-test:latest', protocol: 'iluvatar', code: undefined });
    const cold = await invoke(action, { name: 'agent' });
    const warm = await invoke(action, { name: 'again' });
    expect(cold.response).toMatchObject({ status: 'success', result: { name: 'agent', greeting: 'Hello, agent!' } });
    expect(warm.response.result).toMatchObject({ greeting: 'Hello, again!' });
    expect(cold.annotations.some((a) => a.key === 'initTime')).toBe(true);
    expect(warm.annotations.some((a) => a.key === 'initTime')).toBe(false);
  }, TEST_TIMEOUT_MS);

  it('runs a python action', async () => {
    const code = 'import socket\n\ndef main(args):\n    print("py " + args["name"])\n    return {"greeting": "hello " + args["name"], "host": socket.gethostname()}\n';
    const action = runnableAction('py', { kind: 'python:3.11', image: PYTHON_IMAGE, code });
    const cold = await invoke(action, { name: 'snake' });
    const warm = await invoke(action, { name: 'again' });
    expect(cold.response.result).toEqual({ greeting: 'hello snake', host: expect.any(String) });
    expect(hostOf(warm)).toBe(hostOf(cold));
    expect(cold.logs).toEqual([expect.stringMatching(/Z {7}stdout: py snake$/)]);
    expect(warm.logs).toEqual([expect.stringMatching(/Z {7}stdout: py again$/)]);
  }, TEST_TIMEOUT_MS);

  it('destroys a sandbox by force-removing its container; its agent then rejects', async () => {
    const direct = new DockerBackend({ workerId: DIRECT_WORKER_ID, docker });
    const sandbox = await direct.create({
      functionKey: 'guest/direct@0.0.1', kind: 'nodejs:20', image: NODE_IMAGE, protocol: 'openwhisk', memoryMb: 128, cpuShares: 512,
      concurrency: 1, labels: { 'owfast.action': 'guest/direct' }, env: { __OW_API_HOST: 'http://127.0.0.1:3233' },
    });
    const info = await docker.getContainer(sandbox.id).inspect();
    expect(info.Config.Labels).toEqual(expect.objectContaining({ owfast: 'true', 'owfast.worker': DIRECT_WORKER_ID, 'owfast.action': 'guest/direct' }));
    expect(info.Config.Env).toContain('__OW_API_HOST=http://127.0.0.1:3233');
    const began = Date.now();
    await direct.destroy(sandbox);
    expect(Date.now() - began).toBeLessThan(5000);
    await expect(docker.getContainer(sandbox.id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    await expect(sandbox.agent.run({ value: {}, namespace: 'guest', action_name: '/guest/direct', action_version: '0.0.1', activation_id: 'a', transaction_id: 't', deadline: '1' }, 1000))
      .rejects.toThrow(/closed/);
    expect(sandbox.exitReason).toBeUndefined();
    await direct.destroy(sandbox);
  }, TEST_TIMEOUT_MS);

  it('fails to start a container that exits before its agent answers, with its output, leaving nothing behind', async () => {
    const direct = new DockerBackend({ workerId: DIRECT_WORKER_ID, docker });
    // A blackbox image that dies at start-up (our python proxy refuses a non-numeric port): the author's fault.
    const failure = direct.create({
      functionKey: 'guest/broken@0.0.1', kind: 'blackbox', image: PYTHON_IMAGE, protocol: 'openwhisk', memoryMb: 128, cpuShares: 512,
      concurrency: 1, labels: {}, env: { __OW_PROXY_PORT: 'not-a-port' },
    });
    await expect(failure).rejects.toMatchObject({ actionFault: true, message: expect.stringMatching(/exited before its agent answered.*ValueError/s) });
    expect(await containersOf(`owfast.worker=${DIRECT_WORKER_ID}`)).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it("removes orphans at start-up: only this worker's labelled containers", async () => {
    const make = async (workerId: string) => {
      const container = await docker.createContainer({
        Image: NODE_IMAGE, Labels: { owfast: 'true', 'owfast.worker': workerId }, HostConfig: { Memory: 64 * 1024 * 1024 },
      });
      await container.start();
      return container.id;
    };
    const orphans = [await make(ORPHAN_WORKER_ID), await make(ORPHAN_WORKER_ID)];
    const someoneElses = await make(`${ORPHAN_WORKER_ID}-other`);
    const restarted = new DockerBackend({ workerId: ORPHAN_WORKER_ID, docker });
    expect(await restarted.removeOrphans()).toBe(2);
    const left = (await containersOf('owfast=true')).map((info) => info.Id);
    expect(left).not.toEqual(expect.arrayContaining([orphans[0]]));
    expect(left).not.toEqual(expect.arrayContaining([orphans[1]]));
    expect(left).toContain(someoneElses);
    expect(await restarted.removeOrphans()).toBe(0);
  }, TEST_TIMEOUT_MS);
});
