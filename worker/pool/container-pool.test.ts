import { VirtualClock } from '../../common/clock.js';
import { Messages } from '../../common/errors/messages.js';
import { silentLogger } from '../../common/log.js';
import { AgentConnectionError, type AgentResponse } from '../agents/agent-protocol.js';
import type { ContainerBackend, Sandbox } from '../backends/container-backend.js';
import { SimulationBackend } from '../backends/simulation/simulation-backend.js';
import type { RunnableAction } from '../invocation/invocation.js';
import { FakeBackend, type FakeBehaviour } from '../test-support/fake-backend.js';
import { poolOptions, runnableAction, type ActionOverrides } from '../test-support/runnable.js';
import { drive, flush } from '../test-support/virtual-time.js';
import { ContainerPool, type PoolOptions } from './container-pool.js';
import { ActionInitError } from './init-error.js';
import { evictionPolicies } from './keepalive/index.js';
import type { Lease } from './pooled-container.js';

const COLD_MS = 100;

interface Setup {
  policy?: 'lru' | 'ttl';
  idleTtlMs?: number;
  pool?: Partial<PoolOptions>;
  backend?: (clock: VirtualClock) => ContainerBackend;
}

function setup({ policy = 'lru', idleTtlMs = 600_000, pool: options = {}, backend: makeBackend }: Setup = {}) {
  const clock = new VirtualClock();
  const backend = makeBackend?.(clock) ?? new SimulationBackend(clock, { coldMs: COLD_MS + 10, warmMs: 10, agentOverheadMs: 0 });
  const pool = new ContainerPool(backend, evictionPolicies[policy]({ idleTtlMs }), clock, poolOptions(options), silentLogger);
  const acquire = (action: RunnableAction) => drive(clock, pool.acquire(action, {}));
  return { clock, backend, pool, acquire };
}

const action = (name: string, limits: ActionOverrides['limits'] = {}, more: ActionOverrides = {}) =>
  runnableAction(name, { ...more, limits });

const destroyed = (s: Sandbox) => s.exitReason === 'destroyed';

describe('ContainerPool: warm and cold starts', () => {
  it('cold-starts the first acquire and reuses the same sandbox warm for the second', async () => {
    const { pool, backend, acquire } = setup();
    const a = action('a');
    const first = await acquire(a);
    expect(first).toMatchObject({ start: 'cold', initMs: COLD_MS });
    pool.release(first, true);

    const second = await acquire(a);
    expect(second).toMatchObject({ start: 'warm', initMs: 0 });
    expect(second.container.sandbox.id).toBe(first.container.sandbox.id);
    expect((backend as SimulationBackend).liveCount()).toBe(1);
    expect(pool.hasWarm(a.functionKey)).toBe(false); // it is busy again
  });

  it('keeps functions apart: a warm container of one action never serves another', async () => {
    const { pool, acquire } = setup();
    const a = await acquire(action('a'));
    pool.release(a, true);
    const b = await acquire(action('b'));
    expect(b.start).toBe('cold');
    expect(b.container.sandbox.id).not.toBe(a.container.sandbox.id);
    expect(pool.status()).toMatchObject({ containers: 2, idle: 1, busy: 1, reservedMb: 512 });
  });

  it('treats a new version as a different function', async () => {
    const { pool, acquire } = setup();
    const v1 = await acquire(runnableAction('a', { version: '0.0.1' }));
    pool.release(v1, true);
    expect((await acquire(runnableAction('a', { version: '0.0.2' }))).start).toBe('cold');
  });

  it.each([
    { releaseOrder: [0, 1, 2], reuseOrder: [2, 1, 0] },
    { releaseOrder: [2, 0, 1], reuseOrder: [1, 0, 2] },
    { releaseOrder: [1, 2, 0], reuseOrder: [0, 2, 1] },
  ])('reuses the most recently released container first (LIFO): released $releaseOrder', async ({ releaseOrder, reuseOrder }) => {
    const { pool, clock } = setup();
    const a = action('a');
    const leases = await drive(clock, Promise.all([0, 1, 2].map(() => pool.acquire(a, {}))));
    const ids = leases.map((l) => l.container.sandbox.id);
    expect(new Set(ids).size).toBe(3);
    for (const i of releaseOrder) {
      pool.release(leases[i]!, true);
      await clock.advance(10);
    }
    const reused: number[] = [];
    for (let i = 0; i < 3; i++) {
      const lease = await pool.acquire(a, {});
      expect(lease.start).toBe('warm');
      reused.push(ids.indexOf(lease.container.sandbox.id));
    }
    expect(reused).toEqual(reuseOrder);
  });

  it('never lends a busy concurrency-1 container: two concurrent acquires get two sandboxes', async () => {
    const { pool, clock } = setup();
    const a = action('a');
    const [x, y] = await drive(clock, Promise.all([pool.acquire(a, {}), pool.acquire(a, {})]));
    expect(x!.start).toBe('cold');
    expect(y!.start).toBe('cold');
    expect(x!.container.sandbox.id).not.toBe(y!.container.sandbox.id);
    // A third acquire while both are busy is a third cold start.
    const z = await drive(clock, pool.acquire(a, {}));
    expect(z.start).toBe('cold');
    expect(pool.status()).toMatchObject({ busy: 3, idle: 0 });
  });

  it('lets one container serve up to its concurrency limit at once', async () => {
    const { pool, clock } = setup();
    const a = action('a', { concurrency: 3 });
    const first = await drive(clock, pool.acquire(a, {}));
    expect(first.start).toBe('cold');
    expect(pool.hasWarm(a.functionKey)).toBe(true); // 1 of 3 slots used
    const second = await pool.acquire(a, {});
    const third = await pool.acquire(a, {});
    for (const l of [second, third]) {
      expect(l.start).toBe('warm');
      expect(l.container.sandbox.id).toBe(first.container.sandbox.id);
    }
    expect(pool.hasWarm(a.functionKey)).toBe(false);
    const fourth = await drive(clock, pool.acquire(a, {}));
    expect(fourth.start).toBe('cold');
    expect(fourth.container.sandbox.id).not.toBe(first.container.sandbox.id);

    // Still busy until its last activation ends.
    pool.release(first, true);
    pool.release(second, true);
    expect(pool.status()).toMatchObject({ busy: 2, idle: 0 });
    pool.release(third, true);
    expect(pool.status()).toMatchObject({ busy: 1, idle: 1 });
    expect(first.container.uses).toBe(3);
  });
});

describe('ContainerPool: memory budget', () => {
  it('never overcommits memory under a mixed burst', async () => {
    const clock = new VirtualClock();
    const backend = new FakeBackend(clock, { initMs: 50 });
    const budget = 1024;
    const pool = new ContainerPool(backend, evictionPolicies.lru({ idleTtlMs: 1 }), clock, poolOptions({ memoryMb: budget }), silentLogger);
    const actions = [action('a', { memory: 256 }), action('b', { memory: 512 }), action('c', { memory: 384 }), action('d', { memory: 128 })];
    const samples: { reservedMb: number; liveMb: number }[] = [];
    const sample = () => {
      const liveMb = backend.liveIds().reduce((sum, id) => sum + backend.created[Number(id.split('-')[1]) - 1]!.memoryMb, 0);
      samples.push({ reservedMb: pool.status().reservedMb, liveMb });
    };
    for (let t = 0; t <= 3_000; t += 5) clock.setTimer(t, sample);

    const task = async (i: number) => {
      await clock.sleep((i * 37) % 400);
      const lease = await pool.acquire(actions[i % actions.length]!, {});
      sample();
      await clock.sleep(20 + ((i * 53) % 300));
      pool.release(lease, true);
      sample();
      return lease.start;
    };
    const starts = await drive(clock, Promise.all(Array.from({ length: 24 }, (_, i) => task(i))));

    expect(starts).toHaveLength(24);
    expect(samples.length).toBeGreaterThan(600);
    for (const s of samples) {
      expect(s.reservedMb).toBeLessThanOrEqual(budget);
      expect(s.liveMb).toBeLessThanOrEqual(budget);
    }
    // The budget was actually contended: full at some point, with containers evicted to make room.
    expect(Math.max(...samples.map((s) => s.reservedMb))).toBe(budget);
    expect(pool.status().onDemandEvictions).toBeGreaterThan(0);
  });

  it.each([
    {
      name: 'one LRU victim frees enough',
      idle: [['a', 256], ['b', 256], ['c', 256], ['d', 256]] as const, releaseOrder: ['a', 'b', 'c', 'd'], needMb: 256,
      evicted: ['a'],
    },
    {
      name: 'two victims, oldest first',
      idle: [['a', 256], ['b', 256], ['c', 256], ['d', 256]] as const, releaseOrder: ['a', 'b', 'c', 'd'], needMb: 512,
      evicted: ['a', 'b'],
    },
    {
      name: 'release order, not creation order, decides',
      idle: [['a', 256], ['b', 256], ['c', 256], ['d', 256]] as const, releaseOrder: ['c', 'a', 'd', 'b'], needMb: 512,
      evicted: ['c', 'a'],
    },
    {
      name: 'a big old victim alone is enough',
      idle: [['a', 512], ['b', 256], ['c', 256]] as const, releaseOrder: ['a', 'b', 'c'], needMb: 256,
      evicted: ['a'],
    },
    {
      name: 'small old victims first until it fits',
      idle: [['a', 128], ['b', 128], ['c', 768]] as const, releaseOrder: ['a', 'b', 'c'], needMb: 512,
      evicted: ['a', 'b', 'c'],
    },
    {
      name: 'no eviction when free memory suffices',
      idle: [['a', 256], ['b', 256]] as const, releaseOrder: ['a', 'b'], needMb: 512,
      evicted: [],
    },
  ])('a cold start beyond the budget evicts idle containers in LRU order: $name', async ({ idle, releaseOrder, needMb, evicted }) => {
    const { pool, clock, acquire, backend } = setup({ pool: { memoryMb: 1024 } });
    const evictedIds: string[] = [];
    const destroy = backend.destroy.bind(backend);
    backend.destroy = (s) => { evictedIds.push(s.id); return destroy(s); };
    const sandboxes = new Map<string, Sandbox>();
    const leases = new Map<string, Lease>();
    for (const [name, memory] of idle) {
      const lease = await acquire(action(name, { memory }));
      leases.set(name, lease);
      sandboxes.set(name, lease.container.sandbox);
    }
    for (const name of releaseOrder) {
      pool.release(leases.get(name)!, true);
      await clock.advance(10);
    }

    const fresh = await acquire(action('new', { memory: needMb }));
    expect(fresh.start).toBe('cold');
    const nameOf = new Map([...sandboxes].map(([n, sb]) => [sb.id, n]));
    expect(evictedIds.map((id) => nameOf.get(id))).toEqual(evicted);
    expect(pool.status()).toMatchObject({ onDemandEvictions: evicted.length, evictions: evicted.length });
    expect(pool.status().reservedMb).toBeLessThanOrEqual(1024);
    // The survivors are still warm.
    for (const [name, s] of sandboxes) {
      if (destroyed(s)) continue;
      const again = await pool.acquire(action(name, { memory: s.spec.memoryMb }), {});
      expect(again.container.sandbox.id).toBe(s.id);
    }
  });

  it('never evicts a busy container to make room: waits for a release instead', async () => {
    const { pool, clock, acquire } = setup({ pool: { memoryMb: 256 } });
    const held = await acquire(action('a'));
    let got: Lease | undefined;
    void pool.acquire(action('b'), {}).then((l) => { got = l; });
    await clock.advance(1_000);
    expect(got).toBeUndefined();
    expect(destroyed(held.container.sandbox)).toBe(false);
    expect(pool.status()).toMatchObject({ reservedMb: 256, creating: 0, busy: 1 });

    const releasedAt = clock.now();
    pool.release(held, true);
    await clock.advance(COLD_MS);
    expect(got).toMatchObject({ start: 'cold' });
    expect(clock.now() - releasedAt).toBe(COLD_MS);
    expect(destroyed(held.container.sandbox)).toBe(true); // evicted on demand once idle
    expect(pool.status()).toMatchObject({ reservedMb: 256, onDemandEvictions: 1, busy: 1, idle: 0 });
  });

  it('also wakes a waiter when an unhealthy release frees memory', async () => {
    const { pool, clock, acquire } = setup({ pool: { memoryMb: 256 } });
    const held = await acquire(action('a'));
    const waiting = pool.acquire(action('b'), {});
    await clock.advance(500);
    pool.release(held, false);
    const lease = await drive(clock, waiting);
    expect(lease.start).toBe('cold');
    expect(pool.status().onDemandEvictions).toBe(0);
  });

  // BUG: the memory wait is counted as init time. initMs (the `initTime` annotation) should be creation + /init only
  // (worker-design.md §2: "creation + agent readiness + /init"); container-pool.ts `acquire` measures from before
  // reserveMemory, so here it reports 1000 ms of waiting + 100 ms of init = 1100.
  it('reports only creation and init as initMs when a cold start first waited for memory', async () => {
    const { pool, clock, acquire } = setup({ pool: { memoryMb: 256 } });
    const held = await acquire(action('a'));
    const waiting = pool.acquire(action('b'), {});
    await clock.advance(1_000);
    pool.release(held, true);
    const lease = await drive(clock, waiting);
    expect(lease.start).toBe('cold');
    expect(lease.initMs).toBe(COLD_MS);
  });

  it('gives up waiting for memory at the deadline with an internal error', async () => {
    const { pool, clock, acquire } = setup({ pool: { memoryMb: 256 } });
    await acquire(action('a'));
    const start = clock.now();
    const err = await drive(clock, pool.acquire(action('b'), { deadlineMs: start + 700 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionInitError);
    expect(err).toMatchObject({
      message: Messages.sandboxUnavailable('no memory available on the worker'), internal: true, timedOut: false,
    });
    expect(clock.now() - start).toBe(700);
    expect(pool.status()).toMatchObject({ reservedMb: 256, creating: 0 });
  });

  it('fails an action bigger than the whole budget at once with an internal error', async () => {
    const { pool, backend, clock } = setup({ pool: { memoryMb: 512 } });
    const err = await pool.acquire(action('huge', { memory: 1024 }), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionInitError);
    expect(err).toMatchObject({
      message: Messages.sandboxUnavailable("the action needs 1024 MB, more than the worker's 512 MB"),
      internal: true,
      timedOut: false,
      initMs: 0,
    });
    expect((backend as SimulationBackend).liveCount()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    expect(pool.status().reservedMb).toBe(0);
  });

  it('accepts an action exactly the size of the budget', async () => {
    const { acquire } = setup({ pool: { memoryMb: 512 } });
    expect((await acquire(action('fits', { memory: 512 }))).start).toBe('cold');
  });
});

describe('ContainerPool: unhealthy containers', () => {
  it('destroys a container released as unhealthy and cold-starts the next acquire', async () => {
    const { pool, backend, acquire } = setup();
    const a = action('a');
    const lease = await acquire(a);
    pool.release(lease, false);
    expect(destroyed(lease.container.sandbox)).toBe(true);
    expect((backend as SimulationBackend).liveCount()).toBe(0);
    expect(pool.status()).toMatchObject({ containers: 0, reservedMb: 0, evictions: 0 });
    const next = await acquire(a);
    expect(next.start).toBe('cold');
    expect(next.container.sandbox.id).not.toBe(lease.container.sandbox.id);
  });

  it('destroys a sandbox that died during its run even when released as healthy', async () => {
    const { pool, clock, acquire } = setup();
    const a = action('a');
    const lease = await acquire(a);
    const run = lease.container.sandbox.agent.run({
      value: { sim_fail: 'crash' }, namespace: 'guest', action_name: '/guest/a', action_version: '0.0.1',
      activation_id: 'x', transaction_id: 't', deadline: '0',
    }, 1_000);
    await expect(drive(clock, run)).rejects.toBeInstanceOf(AgentConnectionError);
    expect(lease.container.sandbox.exitReason).toBe('exited');
    pool.release(lease, true);
    expect(pool.status()).toMatchObject({ containers: 0, reservedMb: 0 });
    expect((await acquire(a)).start).toBe('cold');
  });

  it('retires a shared (concurrency > 1) container on an unhealthy release and destroys it after its last run', async () => {
    const { pool, clock, acquire } = setup();
    const a = action('a', { concurrency: 2 });
    const x = await acquire(a);
    const y = await pool.acquire(a, {});
    pool.release(x, false);
    expect(destroyed(x.container.sandbox)).toBe(false); // y still runs in it
    expect(pool.hasWarm(a.functionKey)).toBe(false); // but it takes no new work
    const z = await drive(clock, pool.acquire(a, {}));
    expect(z.start).toBe('cold');
    pool.release(y, true);
    expect(destroyed(x.container.sandbox)).toBe(true);
  });
});

describe('ContainerPool: background eviction', () => {
  it.each([
    { afterMs: 9_000, idleLeft: ['a', 'b'] },
    { afterMs: 10_500, idleLeft: ['b'] },
    { afterMs: 14_999, idleLeft: ['b'] },
    { afterMs: 15_500, idleLeft: [] },
  ])('TTL 10 s: $afterMs ms after a was released (b 5 s later), idle = $idleLeft', async ({ afterMs, idleLeft }) => {
    const { pool, clock, acquire } = setup({ policy: 'ttl', idleTtlMs: 10_000, pool: { evictionIntervalMs: 500 } });
    const a = await acquire(action('a'));
    const b = await acquire(action('b'));
    const t0 = clock.now();
    pool.release(a, true);
    pool.startEvictionLoop();
    await clock.advance(5_000);
    pool.release(b, true);
    await clock.advance(afterMs - (clock.now() - t0));

    const alive = [['a', a], ['b', b]].filter(([, l]) => !destroyed((l as Lease).container.sandbox)).map(([n]) => n);
    expect(alive).toEqual(idleLeft);
    expect(pool.status()).toMatchObject({ idle: idleLeft.length, evictions: 2 - idleLeft.length, onDemandEvictions: 0 });
    expect(pool.status().reservedMb).toBe(256 * idleLeft.length);
    await pool.close();
  });

  it('does not evict a busy container whose idle time would have expired', async () => {
    const { pool, clock, acquire } = setup({ policy: 'ttl', idleTtlMs: 1_000, pool: { evictionIntervalMs: 100 } });
    const lease = await acquire(action('a'));
    pool.startEvictionLoop();
    await clock.advance(5_000);
    expect(destroyed(lease.container.sandbox)).toBe(false);
    pool.release(lease, true);
    await clock.advance(900);
    expect(pool.status().idle).toBe(1); // TTL counts from the release
    await clock.advance(200);
    expect(pool.status().idle).toBe(0);
    await pool.close();
  });

  it.each([
    { freeBufferMb: 0, evicted: [] },
    { freeBufferMb: 200, evicted: ['a'] },
    { freeBufferMb: 256, evicted: ['a'] },
    { freeBufferMb: 512, evicted: ['a', 'b'] },
    { freeBufferMb: 700, evicted: ['a', 'b', 'c'] },
    { freeBufferMb: 1024, evicted: ['a', 'b', 'c'] }, // d is busy: never evicted
  ])('keeps $freeBufferMb MB free in the background round, LRU first: evicts $evicted', async ({ freeBufferMb, evicted }) => {
    const { pool, clock, acquire } = setup({ pool: { memoryMb: 1024, freeBufferMb, evictionIntervalMs: 1_000 } });
    const leases = new Map<string, Lease>();
    for (const name of ['a', 'b', 'c', 'd']) leases.set(name, await acquire(action(name)));
    for (const name of ['a', 'b', 'c']) {
      pool.release(leases.get(name)!, true);
      await clock.advance(10);
    }
    pool.startEvictionLoop();
    await clock.advance(999);
    expect(pool.status().evictions).toBe(0); // nothing before the first round
    await clock.advance(1);
    const gone = [...leases].filter(([, l]) => destroyed(l.container.sandbox)).map(([n]) => n);
    expect(gone).toEqual(evicted);
    expect(pool.status()).toMatchObject({ evictions: evicted.length, onDemandEvictions: 0, busy: 1 });
    await pool.close();
  });

  it('stops its loop on close', async () => {
    const { pool, clock } = setup({ pool: { evictionIntervalMs: 100 } });
    pool.startEvictionLoop();
    await clock.advance(1_000);
    expect(clock.pendingTimers()).toBe(1);
    await pool.close();
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('ContainerPool: prewarm', () => {
  it('prewarms containers that the first acquires take as prewarm starts with initMs 0', async () => {
    const { pool, backend, clock } = setup();
    const a = action('a');
    const started = clock.now();
    expect(await drive(clock, pool.prewarm(a, 2))).toBe(2);
    expect(clock.now() - started).toBe(COLD_MS); // in parallel
    expect(pool.status()).toMatchObject({ idle: 2, busy: 0, reservedMb: 512 });
    expect(pool.hasWarm(a.functionKey)).toBe(true);
    expect(pool.warmFunctions()).toEqual({ [a.functionKey]: 2 });

    const first = await pool.acquire(a, {});
    expect(first).toMatchObject({ start: 'prewarm', initMs: 0 });
    const second = await pool.acquire(a, {});
    expect(second).toMatchObject({ start: 'prewarm', initMs: 0 });
    expect((backend as SimulationBackend).liveCount()).toBe(2);

    pool.release(first, true);
    expect((await pool.acquire(a, {})).start).toBe('warm'); // once run, it is warm
    expect((await drive(clock, pool.acquire(a, {}))).start).toBe('cold');
  });

  it('counts only the prewarms that succeeded', async () => {
    const { pool, clock } = setup({ pool: { memoryMb: 512 } });
    expect(await drive(clock, pool.prewarm(action('big', { memory: 1024 }), 2))).toBe(0);
    expect(pool.status()).toMatchObject({ containers: 0, reservedMb: 0 });
  });

  // BUG: a prewarm beyond the budget evicts its own, just-prewarmed siblings to make room (on-demand eviction),
  // then reports them all as started. container-pool.ts `prewarm` → startContainer → reserveMemory → evictForRoom.
  it('reports as many prewarmed containers as are actually ready when the budget runs out', async () => {
    const { pool, clock } = setup({ pool: { memoryMb: 512 } });
    const count = await drive(clock, pool.prewarm(action('a'), 3));
    expect(count).toBe(pool.status().idle);
    expect(pool.status().onDemandEvictions).toBe(0);
  });
});

describe('ContainerPool: init failures', () => {
  const answer = (statusCode: number, rawBody: string): AgentResponse => {
    let body: AgentResponse['body'];
    try { body = JSON.parse(rawBody); } catch { body = undefined; }
    return { statusCode, body, rawBody };
  };

  it.each<{ name: string; behaviour: FakeBehaviour; message: string }>([
    { name: '502 {error: boom}', behaviour: { init: () => answer(502, '{"error":"boom"}') }, message: 'boom' },
    {
      name: '403 missing main',
      behaviour: { init: () => answer(403, '{"error":"Missing main/no code to execute."}') },
      message: 'Missing main/no code to execute.',
    },
    { name: '500 non-JSON', behaviour: { init: () => answer(500, 'Bad request.') }, message: Messages.initFailedGeneric },
    { name: '502 without error field', behaviour: { init: () => answer(502, '{"ok":false}') }, message: Messages.initFailedGeneric },
    {
      name: 'connection lost',
      behaviour: { init: () => { throw new AgentConnectionError('reset'); } },
      message: Messages.abnormalInitialization,
    },
  ])('fails the acquire with a developer ActionInitError and destroys the sandbox: $name', async ({ behaviour, message }) => {
    const { pool, clock, backend } = setup({ backend: (c) => new FakeBackend(c, { initMs: 40, ...behaviour }) });
    const fake = backend as FakeBackend;
    const err = await drive(clock, pool.acquire(action('a'), {})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionInitError);
    expect(err).toMatchObject({ message, internal: false, timedOut: false, initMs: 40 });
    expect((err as ActionInitError).logs.at(-1)).toBe(Messages.logsMissing);
    expect(fake.destroyed).toEqual(['fake-1']);
    expect(fake.liveIds()).toEqual([]);
    expect(pool.status()).toMatchObject({ containers: 0, reservedMb: 0, creating: 0 });
  });

  it('sends the action code and the init env in /init', async () => {
    const { clock, backend, pool } = setup({ backend: (c) => new FakeBackend(c) });
    const a = action('a', {}, { initEnv: { SECRET: 's3' }, main: 'handler' });
    await drive(clock, pool.acquire(a, { activationId: 'act1', tid: 'tid1', apiKey: 'u:k', deadlineMs: 1234.4 }));
    expect((backend as FakeBackend).initPayloads).toEqual([{
      name: 'a', main: 'handler', binary: false, code: a.code,
      env: {
        SECRET: 's3', __OW_NAMESPACE: 'guest', __OW_ACTION_NAME: '/guest/a', __OW_ACTION_VERSION: '0.0.1',
        __OW_ACTIVATION_ID: 'act1', __OW_TRANSACTION_ID: 'tid1', __OW_DEADLINE: '1234', __OW_API_KEY: 'u:k',
      },
    }]);
  });

  it('times out a slow /init with "…during initialization." and destroys the sandbox', async () => {
    const { pool, clock, backend } = setup();
    const slow = action('slow', { timeout: 1_000 }, { expected: { coldMs: 5_000 } });
    const started = clock.now();
    const err = await drive(clock, pool.acquire(slow, {})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionInitError);
    expect(err).toMatchObject({
      message: 'The action exceeded its time limits of 1000 milliseconds during initialization.',
      timedOut: true, internal: false, initMs: 1_000,
    });
    expect(clock.now() - started).toBe(1_000);
    expect((backend as SimulationBackend).liveCount()).toBe(0);
    expect(pool.status()).toMatchObject({ containers: 0, reservedMb: 0 });
  });

  it('frees the memory when the backend cannot create the sandbox', async () => {
    const { pool } = setup({
      backend: (c) => Object.assign(new FakeBackend(c), { create: async () => { throw new Error('no docker'); } }),
    });
    const err = await pool.acquire(action('a'), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionInitError);
    expect((err as Error).message).toBe(Messages.sandboxUnavailable('no docker'));
    expect(pool.status()).toMatchObject({ reservedMb: 0, creating: 0 });
  });

  // LIKELY BUG: a sandbox the backend could not create is the platform's fault, not the developer's. OpenWhisk
  // records container start-up failures as whisk internal errors (ContainerProxy: WhiskContainerStartupError →
  // whiskError), like the memory errors of the same message here; container-pool.ts startContainer passes
  // internal = false, so the activation becomes an action developer error (status 2).
  it('marks a failed sandbox creation as an internal error', async () => {
    const { pool } = setup({
      backend: (c) => Object.assign(new FakeBackend(c), { create: async () => { throw new Error('no docker'); } }),
    });
    const err = await pool.acquire(action('a'), {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ internal: true });
  });
});

describe('ContainerPool: close', () => {
  it('destroys idle and busy containers and frees all memory', async () => {
    const { pool, clock, acquire, backend } = setup();
    const idleLease = await acquire(action('a'));
    pool.release(idleLease, true);
    const busy = await acquire(action('b'));
    pool.startEvictionLoop();
    await pool.close();
    expect(destroyed(idleLease.container.sandbox)).toBe(true);
    expect(destroyed(busy.container.sandbox)).toBe(true);
    expect((backend as SimulationBackend).liveCount()).toBe(0);
    expect(pool.status()).toMatchObject({ containers: 0, reservedMb: 0 });
    expect(clock.pendingTimers()).toBe(0);
  });

  // BUG: close() frees the memory of the containers it destroys and wakes the waiters, so an acquire that was
  // waiting for memory goes on to create and initialize a new sandbox after close (container-pool.ts reserveMemory
  // checks `closed` only when it has to wait again; startContainer never checks it).
  it('fails an acquire that was waiting for memory instead of starting a container after close', async () => {
    const { pool, clock, acquire, backend } = setup({ pool: { memoryMb: 256 } });
    await acquire(action('a'));
    const waiting = pool.acquire(action('b'), {}).catch((e: unknown) => e);
    await flush(clock);
    await pool.close();
    await expect(drive(clock, waiting)).resolves.toBeInstanceOf(ActionInitError);
    expect((backend as SimulationBackend).liveCount()).toBe(0);
  });

  // BUG (low): close() destroys busy containers, and the in-flight activation's later release destroys the same
  // sandbox a second time (container-pool.ts release: `if (c.retired || this.closed) void this.destroy(c)`).
  it('destroys each sandbox once when a busy lease is released after close', async () => {
    const { pool, clock, backend } = setup({ backend: (c) => new FakeBackend(c) });
    const busy = await drive(clock, pool.acquire(action('a'), {}));
    await pool.close();
    pool.release(busy, true);
    await flush(clock);
    expect((backend as FakeBackend).destroyed).toEqual(['fake-1']);
    expect(pool.status()).toMatchObject({ containers: 0, reservedMb: 0 });
  });

  // BUG: a prewarm still initializing when close() runs is pushed onto the idle stack afterwards and never
  // destroyed (container-pool.ts prewarm does not check `closed`): a leaked sandbox holding reserved memory.
  it('leaves no container behind from a prewarm that finishes after close', async () => {
    const { pool, clock, backend } = setup({ backend: (c) => new FakeBackend(c, { initMs: 100 }) });
    const prewarm = pool.prewarm(action('a'), 1);
    await clock.advance(50);
    await pool.close();
    await drive(clock, prewarm);
    expect((backend as FakeBackend).liveIds()).toEqual([]);
    expect(pool.status()).toMatchObject({ containers: 0, reservedMb: 0 });
  });
});

describe('ContainerPool: batched on-demand reclaim (reclaimBatchMb)', () => {
  it.each([
    [0, ['a'], ['b', 'c', 'd']],
    [256, ['a', 'b'], ['c', 'd']],
  ])('with reclaimBatchMb %i a cold start on a full pool evicts %j (LRU order) and keeps %j', async (reclaimBatchMb, gone, kept) => {
    const { pool, acquire, clock } = setup({ pool: { memoryMb: 1024, reclaimBatchMb } });
    const sandboxes: Record<string, Sandbox> = {};
    for (const name of ['a', 'b', 'c', 'd']) {
      const lease = await acquire(action(name));
      sandboxes[name] = lease.container.sandbox;
      await clock.advance(1);
      pool.release(lease, true);
    }
    await acquire(action('e'));
    expect(Object.keys(sandboxes).filter((n) => destroyed(sandboxes[n]!))).toEqual(gone);
    expect(Object.keys(sandboxes).filter((n) => !destroyed(sandboxes[n]!))).toEqual(kept);
    expect(pool.status().onDemandEvictions).toBe(gone.length);
    expect(pool.status().reservedMb).toBeLessThanOrEqual(1024);
  });
});
