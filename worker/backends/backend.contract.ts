/**
 * The ContainerBackend contract (STYLE.md §7.2): ONE backend-agnostic jest suite, run through createWorker (the real
 * pool, queue, regulator and runner, on the real clock) on whatever backend a fixture gives. Every implementation's
 * `<name>-contract.test.ts` calls `describeBackendContract(name, setup, { skip })`; a skip is printed loudly.
 *
 * BackendFixture, what `setup()` resolves to:
 *   backend       the backend under test. The suite wraps it to observe sandboxes and never closes it.
 *   workerId      the worker id (worker settings and sandbox labels).
 *   action(b, o)  a RunnableAction that behaves as `b` when invoked with `params(b)`; `o` overrides fields (the suite
 *                 passes a unique `name` per test, and limits). Use `contractAction` and, for nodejs code,
 *                 `nodeActionCode` + `nodeActionParams` (shared by the process and Docker fixtures).
 *   params(b, o)  the invocation parameters that trigger `b`; `o.sleepMs` for `sleep`.
 *   capabilities  realCode: results are computed by the action's code (echo really echoes);
 *                 memoryLimit: the sandbox is killed past limits.memory (the `oom` behaviour works);
 *                 logs: stdout/stderr are collected per activation up to the sentinels.
 *   makeSibling?  a NEW backend instance with the same workerId (and state: run dir, labels) as after a restart;
 *                 for the orphan clean-up check. Leave it out and say why in `orphansSkipReason`.
 *   cleanup()     closes the backend and removes what the fixture made; runs in afterAll.
 * Behaviours: echo (returns its params), logs (writes CONTRACT_LOG_LINES on stdout and stderr), applicationError
 * (returns {error}), developerError (throws), sleep (runs sleepMs), crash (the sandbox's process exits mid-run),
 * oom (allocates past its memory limit).
 * Every wait is bounded; every sandbox a test made is destroyed after it, and the fixture is cleaned up in afterAll.
 * Jest cannot skip a test once the (async) fixture is known, so a check the capabilities rule out passes after a
 * loud "NOT CHECKED" warning that names the reason.
 */
import { realClock } from '../../common/clock.js';
import { Messages } from '../../common/errors/messages.js';
import { silentLogger } from '../../common/log.js';
import type { ActivationRecord, Json, JsonObject } from '../../common/types/entities.js';
import type { AgentConnection } from '../agents/agent-protocol.js';
import type { RunnableAction } from '../invocation/invocation.js';
import { LOG_SENTINEL } from '../logs/sandbox-logs.js';
import { invocationOf, runnableAction, workerSettings, type ActionOverrides, type WorkerOverrides } from '../test-support/runnable.js';
import { createWorker, type Worker } from '../worker.js';
import type { ContainerBackend, Sandbox, SandboxSpec } from './container-backend.js';
import { SimulationBackend, type SimulationOptions } from './simulation/simulation-backend.js';

export type Behaviour = 'echo' | 'logs' | 'applicationError' | 'developerError' | 'sleep' | 'crash' | 'oom';

export interface BackendCapabilities {
  realCode: boolean;
  memoryLimit: boolean;
  logs: boolean;
}

export interface BackendFixture {
  backend: ContainerBackend;
  workerId: string;
  action(behaviour: Behaviour, overrides?: ActionOverrides): RunnableAction;
  params(behaviour: Behaviour, options?: { sleepMs?: number }): JsonObject;
  capabilities: BackendCapabilities;
  makeSibling?(): Promise<ContainerBackend>;
  orphansSkipReason?: string;
  cleanup(): Promise<void>;
}

export interface ContractOptions {
  /** Skip the whole suite, saying why (e.g. "no Docker daemon"). */
  skip?: string;
  /** Per test; default 30 s. */
  testTimeoutMs?: number;
  /** For setup() and cleanup(); default 120 s (image pulls). */
  setupTimeoutMs?: number;
}

export const CONTRACT_LOG_LINES = { stdout: 'contract: a line on stdout', stderr: 'contract: a line on stderr' } as const;

const NODE_CODE: Record<Behaviour, string> = {
  echo: 'function main(params) { return params; }',
  logs: `function main() { console.log(${JSON.stringify(CONTRACT_LOG_LINES.stdout)}); console.error(${JSON.stringify(CONTRACT_LOG_LINES.stderr)}); return { logged: true }; }`,
  applicationError: "function main() { return { error: 'contract: application error' }; }",
  developerError: "function main() { throw new Error('contract: developer error'); }",
  sleep: 'function main(params) { const ms = Number(params.sleepMs) || 0; return new Promise((resolve) => setTimeout(() => resolve({ sleptMs: ms }), ms)); }',
  crash: 'function main() { setTimeout(() => process.exit(3), 20); return new Promise(() => {}); }',
  oom: 'function main() { const hog = []; for (;;) hog.push(new Array(1 << 20).fill(hog.length)); }',
};

/** The nodejs source (`main`) of each behaviour. */
export function nodeActionCode(behaviour: Behaviour): string {
  return NODE_CODE[behaviour];
}

/** The parameters nodeActionCode's actions need. */
export function nodeActionParams(behaviour: Behaviour, options: { sleepMs?: number } = {}): JsonObject {
  return behaviour === 'sleep' ? { sleepMs: options.sleepMs ?? 0 } : {};
}

/** A RunnableAction named `overrides.name` (default `contract-<behaviour>`) from fixture defaults and overrides. */
export function contractAction(behaviour: Behaviour, base: ActionOverrides, overrides: ActionOverrides = {}): RunnableAction {
  const { name, limits, ...rest } = overrides;
  return runnableAction(name ?? `contract-${behaviour}`, { ...base, ...rest, limits: { ...base.limits, ...limits } });
}

/** The simulation backend on the real clock with small times; behaviours through `sim_fail` and `warm_dur_ms`. */
export function makeSimulationFixture(options: Partial<SimulationOptions> = {}): BackendFixture {
  const backend = new SimulationBackend(realClock, { coldMs: 30, warmMs: 5, agentOverheadMs: 0, ...options });
  const simFail: Partial<Record<Behaviour, string>> = { applicationError: 'application', developerError: 'developer', crash: 'crash' };
  return {
    backend,
    workerId: 'sim-contract',
    action: (behaviour, overrides) => contractAction(behaviour, {}, overrides),
    params(behaviour, o = {}): JsonObject {
      if (behaviour === 'oom') throw new Error('the simulation backend has no memory limit to exceed');
      if (behaviour === 'sleep') return { warm_dur_ms: o.sleepMs ?? 0 };
      const fail = simFail[behaviour];
      return fail ? { sim_fail: fail } : {};
    },
    capabilities: { realCode: false, memoryLimit: false, logs: false },
    orphansSkipReason: 'the simulation backend has no real sandboxes that could outlive it',
    cleanup: () => backend.close(),
  };
}

/**
 * Wraps the backend under test and records what the worker asked of it: sandboxes created (with their specs) and
 * destroyed, which sandbox ran each activation and with what value, and the most runs ever overlapping in one.
 */
class ObservedBackend implements ContainerBackend {
  readonly name: string;
  readonly isolates: boolean;
  readonly created: string[] = [];
  readonly specs: SandboxSpec[] = [];
  readonly destroyed = new Set<string>();
  readonly runs = new Map<string, { sandboxId: string; value: Json }>();
  readonly maxOverlap = new Map<string, number>();
  private readonly active = new Map<string, number>();
  private readonly live = new Map<string, Sandbox>();
  private readonly destroying = new Set<Promise<void>>();

  constructor(private readonly inner: ContainerBackend) {
    this.name = inner.name;
    this.isolates = inner.isolates;
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    const sandbox = await this.inner.create(spec);
    this.created.push(sandbox.id);
    this.specs.push(spec);
    this.live.set(sandbox.id, sandbox);
    return this.observe(sandbox);
  }

  async destroy(sandbox: Sandbox): Promise<void> {
    this.destroyed.add(sandbox.id);
    const inner = this.live.get(sandbox.id);
    if (!inner) return;
    this.live.delete(sandbox.id);
    const done = this.inner.destroy(inner).finally(() => this.destroying.delete(done));
    this.destroying.add(done);
    await done;
  }

  removeOrphans(): Promise<number> {
    return this.inner.removeOrphans();
  }

  /** Destroys what the worker left (never closes the fixture's backend: other tests use it). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.live.values()].map((s) => this.destroy(s)));
    await Promise.allSettled([...this.destroying]);
  }

  private observe(inner: Sandbox): Sandbox {
    const agent: AgentConnection = {
      waitReady: (timeoutMs) => inner.agent.waitReady(timeoutMs),
      init: (payload, timeoutMs) => inner.agent.init(payload, timeoutMs),
      run: async (payload, timeoutMs) => {
        const running = (this.active.get(inner.id) ?? 0) + 1;
        this.active.set(inner.id, running);
        this.maxOverlap.set(inner.id, Math.max(running, this.maxOverlap.get(inner.id) ?? 0));
        this.runs.set(payload.activation_id, { sandboxId: inner.id, value: payload.value });
        try {
          return await inner.agent.run(payload, timeoutMs);
        } finally {
          this.active.set(inner.id, (this.active.get(inner.id) ?? 1) - 1);
        }
      },
      close: () => inner.agent.close(),
    };
    return {
      id: inner.id, spec: inner.spec, agent, logs: inner.logs, onExit: (listener) => inner.onExit(listener),
      get exitReason() {
        return inner.exitReason;
      },
    };
  }
}

/** `promise`, or a rejection naming `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `condition` every 20 ms until it holds, or fails after `ms`. */
async function eventually(condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`${what}: not true within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const annotation = (r: ActivationRecord, key: string) => r.annotations.find((a) => a.key === key)?.value;
const outcome = (r: ActivationRecord) => ({ status: r.response.status, statusCode: r.statusCode, result: r.response.result });

export function describeBackendContract(name: string, setup: () => Promise<BackendFixture>, options: ContractOptions = {}): void {
  const title = `ContainerBackend contract: ${name}`;
  if (options.skip) {
    console.warn(`\n\n!!!!! ${title} is SKIPPED: ${options.skip} !!!!!\n\n`);
    process.stderr.write(`!!!!! ${title} is SKIPPED: ${options.skip} !!!!!\n`);
    describe.skip(title, () => {
      it(`is skipped: ${options.skip}`, () => {});
    });
    return;
  }
  const testTimeoutMs = options.testTimeoutMs ?? 30_000;
  const setupTimeoutMs = options.setupTimeoutMs ?? 120_000;
  const boundMs = Math.max(5_000, Math.floor(testTimeoutMs / 3));
  const ACTION_TIMEOUT_MS = 1_000;

  describe(title, () => {
    let fixture: BackendFixture;
    let current: { worker: Worker; backend: ObservedBackend } | undefined;
    let sequence = 0;
    /** A name no other test uses, so no test sees another's containers. */
    const fresh = (label: string) => `${label}-${++sequence}`;

    beforeAll(async () => {
      fixture = await setup();
    }, setupTimeoutMs);

    /** Closes the test's worker: its pool destroys every container, the observer whatever is left. */
    async function stopWorker(): Promise<void> {
      const started = current;
      current = undefined;
      if (started) await within(started.worker.close(), boundMs, 'closing the worker');
    }

    afterEach(stopWorker, setupTimeoutMs);

    afterAll(async () => {
      if (fixture) await within(fixture.cleanup(), setupTimeoutMs, 'the fixture clean-up');
    }, setupTimeoutMs);

    async function startWorker(overrides: WorkerOverrides = {}) {
      const backend = new ObservedBackend(fixture.backend);
      const settings = workerSettings({
        id: fixture.workerId, concurrencyLimit: 8, evictionPolicy: 'lru', logCollectTimeoutMs: 2_000, ...overrides,
      });
      const worker = createWorker(settings, { backend, clock: realClock, logger: silentLogger, sink: () => {} });
      current = { worker, backend };
      await within(worker.start(), boundMs, 'worker start-up');
      const invoke = (action: RunnableAction, params: JsonObject) =>
        within(worker.invoke(invocationOf(action, realClock.now(), params)), boundMs, `invoking ${action.name}`);
      const sandboxOf = (r: ActivationRecord) => backend.runs.get(r.activationId)?.sandboxId;
      return { worker, backend, invoke, sandboxOf };
    }

    function notChecked(what: string, reason: string): void {
      console.warn(`\n!!!!! ${title}: ${what} NOT CHECKED: ${reason} !!!!!\n`);
    }

    it('cold-starts the first invocation, then reuses the same sandbox warm; initTime only on the cold one', async () => {
      const { invoke, sandboxOf, backend, worker } = await startWorker();
      const a = fixture.action('echo', { name: fresh('cold-warm') });
      const cold = await invoke(a, fixture.params('echo'));
      expect(outcome(cold)).toMatchObject({ status: 'success', statusCode: 0 });
      expect(annotation(cold, 'initTime')).toEqual(expect.any(Number));
      expect(cold.duration).toBeGreaterThanOrEqual(annotation(cold, 'initTime') as number);
      const warm = await invoke(a, fixture.params('echo'));
      expect(outcome(warm)).toMatchObject({ status: 'success', statusCode: 0 });
      expect(annotation(warm, 'initTime')).toBeUndefined();
      expect(sandboxOf(warm)).toBe(sandboxOf(cold));
      expect(backend.created).toHaveLength(1);
      expect(worker.characteristics()[a.functionKey]).toMatchObject({ cold: 1, warm: 1 });
    }, testTimeoutMs);

    it('passes the parameters to the action', async () => {
      const { invoke, backend } = await startWorker();
      const params = { ...fixture.params('echo'), name: 'Ada', nested: { n: [1, 2.5, null], text: 'ü ✓' }, flag: true };
      const r = await invoke(fixture.action('echo', { name: fresh('params') }), params);
      expect(outcome(r)).toMatchObject({ status: 'success' });
      expect(backend.runs.get(r.activationId)?.value).toEqual(params);
      if (fixture.capabilities.realCode) expect(r.response.result).toEqual(params);
      else notChecked('the echoed result', 'capabilities.realCode is false (the parameters reached the agent)');
    }, testTimeoutMs);

    it('collects each activation\'s stdout and stderr up to the sentinels (when capabilities.logs)', async () => {
      if (!fixture.capabilities.logs) return notChecked('log collection', 'capabilities.logs is false');
      const { invoke } = await startWorker();
      const a = fixture.action('logs', { name: fresh('logs') });
      for (let i = 0; i < 2; i++) {
        const r = await invoke(a, fixture.params('logs'));
        expect(outcome(r)).toMatchObject({ status: 'success' });
        expect(r.logs).toHaveLength(2); // this activation's lines only: the sentinels split them
        expect(r.logs).toEqual(expect.arrayContaining([
          expect.stringMatching(new RegExp(`^\\S+ +stdout: ${CONTRACT_LOG_LINES.stdout}$`)),
          expect.stringMatching(new RegExp(`^\\S+ +stderr: ${CONTRACT_LOG_LINES.stderr}$`)),
        ]));
        expect(r.logs.some((line) => line.includes(LOG_SENTINEL))).toBe(false);
      }
    }, testTimeoutMs);

    it('records an application error (status 1) and keeps the container', async () => {
      const { invoke, sandboxOf, backend } = await startWorker();
      const a = fixture.action('applicationError', { name: fresh('app-error') });
      const first = await invoke(a, fixture.params('applicationError'));
      expect(outcome(first)).toMatchObject({ status: 'application error', statusCode: 1, result: { error: expect.anything() } });
      expect(first.response.success).toBe(false);
      const second = await invoke(a, fixture.params('applicationError'));
      expect(outcome(second)).toMatchObject({ status: 'application error', statusCode: 1 });
      expect(annotation(second, 'initTime')).toBeUndefined();
      expect(sandboxOf(second)).toBe(sandboxOf(first));
      expect(backend.destroyed.size).toBe(0);
    }, testTimeoutMs);

    it('records a developer error (status 2), destroys the container, and cold-starts the next invocation', async () => {
      const { invoke, sandboxOf, backend } = await startWorker();
      const a = fixture.action('developerError', { name: fresh('dev-error') });
      const first = await invoke(a, fixture.params('developerError'));
      expect(outcome(first)).toMatchObject({ status: 'action developer error', statusCode: 2, result: { error: expect.any(String) } });
      await eventually(() => backend.destroyed.has(sandboxOf(first)!), boundMs, 'the failed container is destroyed');
      const next = await invoke(a, fixture.params('developerError'));
      expect(annotation(next, 'initTime')).toEqual(expect.any(Number));
      expect(sandboxOf(next)).not.toBe(sandboxOf(first));
    }, testTimeoutMs);

    it('stops a run at the time limit with OpenWhisk\'s message, destroys the container, and cold-starts the next', async () => {
      const { invoke, sandboxOf, backend } = await startWorker();
      const a = fixture.action('sleep', { name: fresh('timeout'), limits: { timeout: ACTION_TIMEOUT_MS } });
      const began = Date.now();
      const late = await invoke(a, fixture.params('sleep', { sleepMs: 30 * ACTION_TIMEOUT_MS }));
      expect(Date.now() - began).toBeLessThan(ACTION_TIMEOUT_MS + boundMs);
      expect(outcome(late)).toEqual({
        status: 'action developer error', statusCode: 2, result: { error: Messages.timedOut(ACTION_TIMEOUT_MS) },
      });
      expect(annotation(late, 'timeout')).toBe(true);
      await eventually(() => backend.destroyed.has(sandboxOf(late)!), boundMs, 'the timed-out container is destroyed');
      const next = await invoke(a, fixture.params('sleep', { sleepMs: 1 }));
      expect(outcome(next)).toMatchObject({ status: 'success' });
      expect(annotation(next, 'timeout')).toBe(false);
      expect(annotation(next, 'initTime')).toEqual(expect.any(Number));
      expect(sandboxOf(next)).not.toBe(sandboxOf(late));
    }, testTimeoutMs);

    it('turns a sandbox crash mid-run into a developer error and gives the next invocation a fresh sandbox', async () => {
      const { invoke, sandboxOf } = await startWorker();
      const a = fixture.action('crash', { name: fresh('crash') });
      const crashed = await invoke(a, fixture.params('crash'));
      expect(outcome(crashed)).toEqual({ status: 'action developer error', statusCode: 2, result: { error: Messages.abnormalRun } });
      const next = await invoke(a, fixture.params('crash'));
      expect(annotation(next, 'initTime')).toEqual(expect.any(Number));
      expect(sandboxOf(next)).not.toBe(sandboxOf(crashed));
    }, testTimeoutMs);

    it('reports a sandbox killed past its memory limit (when capabilities.memoryLimit)', async () => {
      if (!fixture.capabilities.memoryLimit) return notChecked('the memory-limit kill', 'capabilities.memoryLimit is false');
      const { invoke, sandboxOf } = await startWorker();
      const a = fixture.action('oom', { name: fresh('oom'), limits: { memory: 128 } });
      const killed = await invoke(a, fixture.params('oom'));
      expect(outcome(killed)).toEqual({ status: 'action developer error', statusCode: 2, result: { error: Messages.memoryExhausted } });
      const next = await invoke(a, fixture.params('oom'));
      expect(annotation(next, 'initTime')).toEqual(expect.any(Number));
      expect(sandboxOf(next)).not.toBe(sandboxOf(killed));
    }, testTimeoutMs);

    it('never reuses a busy container: N concurrent invocations of one function run in N sandboxes', async () => {
      const N = 3;
      const { invoke, sandboxOf, backend } = await startWorker();
      const a = fixture.action('sleep', { name: fresh('concurrent') });
      const records = await Promise.all(Array.from({ length: N }, () => invoke(a, fixture.params('sleep', { sleepMs: 300 }))));
      for (const r of records) {
        expect(outcome(r)).toMatchObject({ status: 'success' });
        expect(annotation(r, 'initTime')).toEqual(expect.any(Number));
      }
      expect(new Set(records.map(sandboxOf)).size).toBe(N);
      expect(backend.created).toHaveLength(N);
      for (const id of backend.created) expect(backend.maxOverlap.get(id)).toBe(1);
    }, testTimeoutMs);

    it('evicts the least recently used idle container when the memory budget is full', async () => {
      const MEMORY_MB = 128;
      const { invoke, sandboxOf, backend, worker } = await startWorker({ memoryMb: 2 * MEMORY_MB, evictionPolicy: 'lru' });
      const [f1, f2, f3] = ['f1', 'f2', 'f3'].map((f) => fixture.action('echo', { name: fresh(f), limits: { memory: MEMORY_MB } }));
      const first = { f1: await invoke(f1!, fixture.params('echo')), f2: await invoke(f2!, fixture.params('echo')) };
      const third = await invoke(f3!, fixture.params('echo')); // no room for a third: one idle container must go
      for (const r of [first.f1, first.f2, third]) expect(annotation(r, 'initTime')).toEqual(expect.any(Number));
      expect(backend.destroyed).toEqual(new Set([sandboxOf(first.f1)]));
      expect(worker.status().pool).toMatchObject({ containers: 2, reservedMb: 2 * MEMORY_MB, evictions: 1 });
      const again2 = await invoke(f2!, fixture.params('echo'));
      expect(annotation(again2, 'initTime')).toBeUndefined(); // f2 stayed warm
      expect(sandboxOf(again2)).toBe(sandboxOf(first.f2));
      const again1 = await invoke(f1!, fixture.params('echo'));
      expect(annotation(again1, 'initTime')).toEqual(expect.any(Number)); // f1 was the one evicted
    }, testTimeoutMs);

    it('prewarms a container so that the first invocation is a prewarm start, without initTime', async () => {
      const { invoke, sandboxOf, backend, worker } = await startWorker();
      const a = fixture.action('echo', { name: fresh('prewarm') });
      expect(await within(worker.prewarm(a, 1), boundMs, 'prewarm')).toBe(1);
      expect(backend.created).toHaveLength(1);
      const r = await invoke(a, fixture.params('echo'));
      expect(outcome(r)).toMatchObject({ status: 'success' });
      expect(annotation(r, 'initTime')).toBeUndefined();
      expect(sandboxOf(r)).toBe(backend.created[0]);
      expect(worker.characteristics()[a.functionKey]).toMatchObject({ prewarm: 1, cold: 0, warm: 0 });
    }, testTimeoutMs);

    it('removes, at start-up, a sandbox left behind by an unclean stop (orphan clean-up)', async () => {
      if (!fixture.makeSibling) return notChecked('orphan clean-up', fixture.orphansSkipReason ?? 'the fixture has no makeSibling()');
      // The spec a real worker would use (labels included): take it from one cold start.
      const { invoke, backend } = await startWorker();
      await invoke(fixture.action('echo', { name: fresh('orphan') }), fixture.params('echo'));
      const spec = backend.specs[0]!;
      await stopWorker();
      const orphan = await within(fixture.backend.create(spec), boundMs, 'creating the orphan');
      const sibling = await within(fixture.makeSibling(), boundMs, 'making a sibling backend');
      try {
        expect(await within(sibling.removeOrphans(), boundMs, 'removeOrphans')).toBeGreaterThanOrEqual(1);
        const gone = async () => {
          try {
            await orphan.agent.run({
              value: {}, namespace: 'guest', action_name: `/${spec.functionKey}`, action_version: '0.0.1',
              activation_id: '0'.repeat(32), transaction_id: 'orphan-check', deadline: '0',
            }, 500);
            return false;
          } catch {
            return true;
          }
        };
        await eventually(gone, boundMs, 'the orphan stops answering');
        expect(await within(sibling.removeOrphans(), boundMs, 'removeOrphans again')).toBe(0);
      } finally {
        await within(sibling.close(), boundMs, 'closing the sibling');
        await within(fixture.backend.destroy(orphan), boundMs, 'destroying the orphan').catch(() => {});
      }
    }, testTimeoutMs);
  });
}
