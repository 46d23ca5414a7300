/** The pool's read-only idle-state query (E(f) and bypass) and its fail-fast memory option (dispatcher re-queue). */
import { VirtualClock } from '../../common/clock.js';
import { silentLogger } from '../../common/log.js';
import { SimulationBackend } from '../backends/simulation/simulation-backend.js';
import { poolOptions, runnableAction } from '../test-support/runnable.js';
import { drive } from '../test-support/virtual-time.js';
import { ContainerPool } from './container-pool.js';
import { ActionInitError, NoMemoryError } from './init-error.js';
import { evictionPolicies } from './keepalive/index.js';
import type { Lease } from './pooled-container.js';

function setup(memoryMb = 1024) {
  const clock = new VirtualClock();
  const backend = new SimulationBackend(clock, { coldMs: 100, warmMs: 10, agentOverheadMs: 0 });
  const pool = new ContainerPool(backend, evictionPolicies.lru({ idleTtlMs: 600_000 }), clock, poolOptions({ memoryMb }), silentLogger);
  return { clock, pool };
}

type Step = 'acquire' | 'release' | 'prewarm' | 'crash-idle';

describe('ContainerPool.idleState', () => {
  it.each<{ name: string; steps: Step[]; concurrency?: number; expected: 'warm' | 'prewarm' | 'none' }>([
    { name: 'never seen', steps: [], expected: 'none' },
    { name: 'busy (its only container is running)', steps: ['acquire'], expected: 'none' },
    { name: 'released after a run', steps: ['acquire', 'release'], expected: 'warm' },
    { name: 'prewarmed, never run', steps: ['prewarm'], expected: 'prewarm' },
    { name: 'prewarmed and warm both idle: warm wins', steps: ['acquire', 'release', 'prewarm'], expected: 'warm' },
    { name: 'the prewarmed one taken (runs), nothing idle', steps: ['prewarm', 'acquire'], expected: 'none' },
    { name: 'busy with a free concurrency slot counts as warm', steps: ['acquire'], concurrency: 2, expected: 'warm' },
    { name: 'an idle container that died does not count', steps: ['acquire', 'release', 'crash-idle'], expected: 'none' },
  ])('$name → $expected', async ({ steps, concurrency = 1, expected }) => {
    const { clock, pool } = setup();
    const a = runnableAction('a', { limits: { concurrency } });
    const leases: Lease[] = [];
    let released: Lease | undefined;
    for (const step of steps) {
      if (step === 'acquire') leases.push(await drive(clock, pool.acquire(a, {})));
      if (step === 'release') pool.release((released = leases.pop()!), true);
      if (step === 'prewarm') await drive(clock, pool.prewarm(a, 1));
      // The idle container's sandbox dies behind the pool's back (the simulation sandbox's kill).
      if (step === 'crash-idle') (released!.container.sandbox as unknown as { kill(r: string): void }).kill('exited');
    }
    expect(pool.idleState(a.functionKey)).toBe(expected);
  });
});

describe('ContainerPool: waitForMemory false', () => {
  it('throws NoMemoryError at once instead of waiting for a release', async () => {
    const { clock, pool } = setup(512);
    const a = runnableAction('a', { limits: { memory: 512 } });
    const b = runnableAction('b', { limits: { memory: 512 } });
    const held = await drive(clock, pool.acquire(a, {}));
    const t0 = clock.now();
    const err = await pool.acquire(b, { waitForMemory: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoMemoryError);
    expect(err).toBeInstanceOf(ActionInitError);
    expect(err).toMatchObject({ internal: true, timedOut: false });
    expect(clock.now()).toBe(t0);
    pool.release(held, true);
    // With the idle container evictable, the same call now succeeds (on-demand eviction).
    expect(await drive(clock, pool.acquire(b, { waitForMemory: false }))).toMatchObject({ start: 'cold' });
  });

  it('still waits by default (other callers keep the old behaviour)', async () => {
    const { clock, pool } = setup(512);
    const a = runnableAction('a', { limits: { memory: 512 } });
    const b = runnableAction('b', { limits: { memory: 512 } });
    const held = await drive(clock, pool.acquire(a, {}));
    const pending = pool.acquire(b, {});
    clock.setTimer(1_000, () => pool.release(held, true));
    expect(await drive(clock, pending)).toMatchObject({ start: 'cold' });
  });
});
