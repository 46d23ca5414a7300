/**
 * The warm pool (Ilúvatar §3.2, worker-design.md §7): per function, a LIFO stack of idle containers and the set of
 * busy ones; memory reserved per container against the worker's budget (never overcommitted); cold starts create
 * and /init a container through the backend; a background loop applies the keep-alive policy off the invoke path.
 *
 * Known caveats: a cold start that finds no memory even after evicting idle containers waits here for a release,
 * bounded by the action's timeout — unless the caller passes `waitForMemory: false` (the invoker does): then it
 * throws NoMemoryError at once and the invoker re-queues the invocation (worker-design.md §4 step 4).
 */
import type { Clock, Timer } from '../../common/clock.js';
import { Messages } from '../../common/errors/messages.js';
import type { Logger } from '../../common/log.js';
import type { InitPayload } from '../agents/agent-protocol.js';
import { AgentTimeoutError } from '../agents/agent-protocol.js';
import { SandboxStartError, type ContainerBackend, type SandboxSpec } from '../backends/container-backend.js';
import type { RunnableAction } from '../invocation/invocation.js';
import { ActionInitError, NoMemoryError } from './init-error.js';
import type { EvictionPolicy, IdleContainer } from './keepalive/eviction-policy.js';
import type { Lease, PooledContainer } from './pooled-container.js';

export interface PoolOptions {
  workerId: string;
  memoryMb: number;
  freeBufferMb: number;
  /** Extra memory an on-demand reclaim frees beyond the cold start's own need (default 0: exactly enough). */
  reclaimBatchMb?: number;
  evictionIntervalMs: number;
  logCollectTimeoutMs: number;
  apiHost: string;
}

export interface InitContext {
  activationId?: string;
  tid?: string;
  apiKey?: string;
  deadlineMs?: number;
  /** false: a cold start that finds no memory throws NoMemoryError at once instead of waiting (default true). */
  waitForMemory?: boolean;
}

interface FunctionPool {
  /** Idle containers, most recently released last (taken from the end: LIFO). */
  idle: PooledContainer[];
  busy: Set<PooledContainer>;
  /** The latest creation + init time of one of its containers, and the action's declared times (for GDSF). */
  initMs?: number;
  expected?: RunnableAction['expected'];
}

export interface PoolStatus {
  memoryMb: number;
  reservedMb: number;
  containers: number;
  idle: number;
  busy: number;
  creating: number;
  evictions: number;
  onDemandEvictions: number;
}

export class ContainerPool {
  private readonly pools = new Map<string, FunctionPool>();
  /** Every idle container by sandbox id, so an eviction finds its container without scanning every pool. */
  private readonly idleById = new Map<string, PooledContainer>();
  private reservedMb = 0;
  private creating = 0;
  private evictions = 0;
  private onDemandEvictions = 0;
  private memoryWaiters: (() => void)[] = [];
  private evictionTimer: Timer | undefined;
  private closed = false;

  constructor(
    private readonly backend: ContainerBackend,
    private readonly policy: EvictionPolicy,
    private readonly clock: Clock,
    private readonly options: PoolOptions,
    private readonly log: Logger,
  ) {
    this.reclaimBatchMb = options.reclaimBatchMb ?? 0;
  }

  private readonly reclaimBatchMb: number;

  /** True when an idle (or not yet full) warm container of the function can be taken right now. */
  hasWarm(functionKey: string): boolean {
    const pool = this.pools.get(functionKey);
    return !!pool && (pool.idle.length > 0 || [...pool.busy].some((c) => !c.retired && c.active < c.concurrency));
  }

  /**
   * What an acquire would take right now without a cold start: 'warm' when an idle container that already ran (or
   * a busy one with a free concurrency slot) exists, else 'prewarm' when an idle prewarmed one exists, else 'none'.
   * Read-only; feeds E(f) (worker-design.md §3) and the bypass check (§6).
   */
  idleState(functionKey: string): 'warm' | 'prewarm' | 'none' {
    const pool = this.pools.get(functionKey);
    if (!pool) return 'none';
    let prewarm = false;
    for (const c of pool.idle) {
      if (c.sandbox.exitReason) continue;
      if (c.state === 'warm') return 'warm';
      prewarm = true;
    }
    for (const c of pool.busy) if (!c.retired && c.active < c.concurrency && !c.sandbox.exitReason) return 'warm';
    return prewarm ? 'prewarm' : 'none';
  }

  /** Takes a warm container, or creates and initializes one (cold start). Throws ActionInitError. */
  async acquire(action: RunnableAction, ctx: InitContext): Promise<Lease> {
    const warm = this.takeWarm(action.functionKey);
    if (warm) {
      const start = warm.state === 'prewarm' ? 'prewarm' : 'warm';
      warm.state = 'warm';
      return { container: warm, start, initMs: 0 };
    }
    const { container, initMs } = await this.startContainer(action, ctx, { mayEvict: true });
    container.active = 1;
    container.state = 'warm';
    this.poolFor(action.functionKey).busy.add(container);
    return { container, start: 'cold', initMs };
  }

  /** Returns a container after a run. Unhealthy ones are destroyed; healthy ones go back on the idle stack. */
  release(lease: Lease, healthy: boolean): void {
    const c = lease.container;
    c.active--;
    c.uses++;
    c.lastUsedAt = this.clock.now();
    if (!healthy || c.sandbox.exitReason) c.retired = true;
    if (c.active > 0 || c.destroyed) return;
    const pool = this.poolFor(c.functionKey);
    pool.busy.delete(c);
    if (c.retired || this.closed) void this.destroy(c);
    else this.addIdle(pool, c);
    this.wakeMemoryWaiters();
  }

  /**
   * Starts up to `count` containers of the action ahead of invocations (state prewarm) and resolves with how many
   * became ready. Prewarming only uses free memory: it never evicts warm containers nor waits for memory.
   */
  async prewarm(action: RunnableAction, count: number): Promise<number> {
    const started = await Promise.allSettled(
      Array.from({ length: count }, async () => {
        const { container } = await this.startContainer(action, {}, { mayEvict: false });
        this.addIdle(this.poolFor(action.functionKey), container);
        this.wakeMemoryWaiters();
      }),
    );
    return started.filter((s) => s.status === 'fulfilled').length;
  }

  status(): PoolStatus {
    let idle = 0;
    let busy = 0;
    for (const p of this.pools.values()) {
      idle += p.idle.length;
      busy += p.busy.size;
    }
    return {
      memoryMb: this.options.memoryMb,
      reservedMb: this.reservedMb,
      containers: idle + busy,
      idle,
      busy,
      creating: this.creating,
      evictions: this.evictions,
      onDemandEvictions: this.onDemandEvictions,
    };
  }

  /** Functions with an idle container, and how many (for load reports). */
  warmFunctions(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, p] of this.pools) if (p.idle.length > 0) out[key] = p.idle.length;
    return out;
  }

  startEvictionLoop(): void {
    const tick = () => {
      if (this.closed) return;
      this.evictionRound();
      this.evictionTimer = this.clock.setTimer(this.options.evictionIntervalMs, tick);
    };
    this.evictionTimer = this.clock.setTimer(this.options.evictionIntervalMs, tick);
  }

  /** One background round: evict expired containers, then keep the free-memory buffer. */
  evictionRound(): void {
    const idle = this.idleContainers();
    const plan = this.policy.plan(idle, this.clock.now());
    for (const id of plan.now) this.evictById(id);
    for (const id of plan.order) {
      if (this.options.memoryMb - this.reservedMb >= this.options.freeBufferMb) break;
      this.evictById(id);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.evictionTimer?.cancel();
    const all = [...this.pools.values()].flatMap((p) => [...p.idle, ...p.busy]);
    this.idleById.clear();
    this.pools.clear();
    await Promise.allSettled(all.map((c) => this.destroy(c)));
    for (const wake of this.memoryWaiters.splice(0)) wake();
  }

  private takeWarm(functionKey: string): PooledContainer | undefined {
    const pool = this.pools.get(functionKey);
    if (!pool) return undefined;
    for (;;) {
      const c = pool.idle.pop();
      if (c) this.idleById.delete(c.sandbox.id);
      if (!c) break;
      if (c.sandbox.exitReason) {
        void this.destroy(c);
        continue;
      }
      c.active = 1;
      pool.busy.add(c);
      return c;
    }
    for (const c of pool.busy) {
      if (!c.retired && c.active < c.concurrency && !c.sandbox.exitReason) {
        c.active++;
        return c;
      }
    }
    return undefined;
  }

  /**
   * Reserves memory (evicting idle containers when `mayEvict`, else failing at once), creates the sandbox and
   * initializes it. `initMs` counts creation and /init only, not the wait for memory (that is queueing).
   */
  private async startContainer(
    action: RunnableAction, ctx: InitContext, options: { mayEvict: boolean },
  ): Promise<{ container: PooledContainer; initMs: number }> {
    const memoryMb = action.limits.memory;
    const deadlineMs = !options.mayEvict || ctx.waitForMemory === false
      ? 0 : ctx.deadlineMs ?? this.clock.now() + action.limits.timeout;
    await this.reserveMemory(memoryMb, deadlineMs, options.mayEvict);
    const began = this.clock.now();
    this.creating++;
    let sandbox;
    try {
      sandbox = await this.backend.create(this.sandboxSpec(action));
    } catch (err) {
      this.freeMemory(memoryMb);
      const actionFault = err instanceof SandboxStartError && err.actionFault;
      throw new ActionInitError(Messages.sandboxUnavailable((err as Error).message), this.clock.now() - began, false, !actionFault);
    } finally {
      this.creating--;
    }
    const container: PooledContainer = {
      sandbox, functionKey: action.functionKey, memoryMb, concurrency: Math.max(1, action.limits.concurrency),
      createdAt: this.clock.now(), state: 'prewarm', active: 0, lastUsedAt: this.clock.now(), uses: 0, retired: false,
      destroyed: false,
    };
    if (this.closed) {
      await this.destroy(container);
      throw new ActionInitError(Messages.sandboxUnavailable('the worker is shutting down'), 0, false, true);
    }
    try {
      await this.initialize(container, action, ctx, began);
    } catch (err) {
      await this.destroy(container);
      throw err;
    }
    if (this.closed) {
      await this.destroy(container);
      throw new ActionInitError(Messages.sandboxUnavailable('the worker is shutting down'), 0, false, true);
    }
    const initMs = this.clock.now() - began;
    const pool = this.poolFor(action.functionKey);
    pool.initMs = initMs;
    pool.expected = action.expected;
    return { container, initMs };
  }

  private async initialize(c: PooledContainer, action: RunnableAction, ctx: InitContext, began: number): Promise<void> {
    if (action.protocol !== 'openwhisk') return;
    const timeoutMs = action.limits.timeout;
    let response;
    try {
      response = await c.sandbox.agent.init(this.initPayload(action, ctx), timeoutMs);
    } catch (err) {
      const initMs = this.clock.now() - began;
      const logs = await this.failureLogs(c, action, false);
      if (err instanceof AgentTimeoutError) {
        throw new ActionInitError(Messages.timedOutDuringInit(timeoutMs), initMs, true, false, logs);
      }
      throw new ActionInitError(Messages.abnormalInitialization, initMs, false, false, logs);
    }
    if (response.statusCode !== 200) {
      const body = response.body as { error?: unknown } | undefined;
      const message = typeof body?.error === 'string' ? body.error : Messages.initFailedGeneric;
      const logs = await this.failureLogs(c, action, true);
      throw new ActionInitError(message, this.clock.now() - began, false, false, logs);
    }
  }

  /** What a failing container wrote (nodejs prints sentinels after a failed /init; actionloop may not). */
  private async failureLogs(c: PooledContainer, action: RunnableAction, waitForSentinels: boolean): Promise<string[]> {
    const collected = await c.sandbox.logs.collect({
      waitForSentinels,
      timeoutMs: Math.min(this.options.logCollectTimeoutMs, 200),
      limitBytes: action.limits.logs * 1024 * 1024,
    });
    return [...collected.lines.filter((l) => !l.endsWith(Messages.logsCollectionIssue)), Messages.logsMissing];
  }

  private initPayload(action: RunnableAction, ctx: InitContext): InitPayload {
    const env: Record<string, string> = {
      ...action.initEnv,
      __OW_NAMESPACE: action.namespace.split('/')[0]!,
      __OW_ACTION_NAME: `/${action.path}`,
      __OW_ACTION_VERSION: action.version,
      __OW_ACTIVATION_ID: ctx.activationId ?? '',
      __OW_TRANSACTION_ID: ctx.tid ?? '',
      __OW_DEADLINE: ctx.deadlineMs !== undefined ? String(Math.round(ctx.deadlineMs)) : '',
    };
    if (ctx.apiKey) env.__OW_API_KEY = ctx.apiKey;
    const payload: InitPayload = { name: action.name, main: action.main, binary: action.binary, env };
    if (action.code !== undefined) payload.code = action.code;
    return payload;
  }

  private sandboxSpec(action: RunnableAction): SandboxSpec {
    return {
      functionKey: action.functionKey,
      kind: action.kind,
      image: action.image,
      protocol: action.protocol,
      memoryMb: action.limits.memory,
      // OpenWhisk: cpu shares proportional to memory (1024 shares per 256 MB here).
      cpuShares: Math.max(2, Math.round((action.limits.memory / 256) * 1024)),
      concurrency: action.limits.concurrency,
      labels: {
        'owfast.worker': this.options.workerId,
        'owfast.action': action.path,
        'owfast.version': action.version,
      },
      env: this.options.apiHost ? { __OW_API_HOST: this.options.apiHost } : {},
      ...(action.expected ? { expected: action.expected } : {}),
    };
  }

  private async reserveMemory(memoryMb: number, deadlineMs: number, mayEvict: boolean): Promise<void> {
    if (memoryMb > this.options.memoryMb) {
      throw new ActionInitError(
        Messages.sandboxUnavailable(`the action needs ${memoryMb} MB, more than the worker's ${this.options.memoryMb} MB`),
        0, false, true,
      );
    }
    for (;;) {
      if (this.closed) throw new ActionInitError(Messages.sandboxUnavailable('the worker is shutting down'), 0, false, true);
      if (this.reservedMb + memoryMb <= this.options.memoryMb) {
        this.reservedMb += memoryMb;
        return;
      }
      if (mayEvict && this.evictForRoom(memoryMb)) continue;
      const waitMs = deadlineMs - this.clock.now();
      if (waitMs <= 0 || this.closed) {
        throw new NoMemoryError(Messages.sandboxUnavailable('no memory available on the worker'), 0, false, true);
      }
      await this.waitForMemory(waitMs);
    }
  }

  /** On-demand reclaim: evicts idle containers in policy order until `memoryMb` fits. */
  /**
   * On-demand reclaim: evicts idle containers in policy order until `memoryMb` fits, and on past that up to
   * `reclaimBatchMb` more, so sustained memory pressure plans an eviction once per batch instead of once per cold
   * start (planning looks at every idle container).
   */
  private evictForRoom(memoryMb: number): boolean {
    const plan = this.policy.plan(this.idleContainers(), this.clock.now());
    const wanted = memoryMb + this.reclaimBatchMb;
    let evicted = false;
    for (const id of [...plan.now, ...plan.order]) {
      if (this.reservedMb + wanted <= this.options.memoryMb) break;
      if (this.evictById(id)) {
        this.onDemandEvictions++;
        evicted = true;
      }
    }
    return evicted;
  }

  private waitForMemory(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimer(timeoutMs, done);
      function done() {
        timer.cancel();
        resolve();
      }
      this.memoryWaiters.push(done);
    });
  }

  private wakeMemoryWaiters(): void {
    for (const wake of this.memoryWaiters.splice(0)) wake();
  }

  private idleContainers(): IdleContainer[] {
    const out: IdleContainer[] = [];
    for (const pool of this.pools.values()) {
      if (pool.idle.length === 0) continue;
      const functionUses = functionUsesOf(pool);
      for (const c of pool.idle) out.push(idleEntry(pool, c, functionUses));
    }
    return out;
  }

  private evictById(id: string): boolean {
    const c = this.idleById.get(id);
    const pool = c && this.pools.get(c.functionKey);
    const i = pool ? pool.idle.indexOf(c!) : -1;
    if (!pool || i < 0) return false;
    const entry = this.policy.evicted ? idleEntry(pool, c!, functionUsesOf(pool)) : undefined;
    pool.idle.splice(i, 1);
    this.idleById.delete(id);
    this.evictions++;
    if (entry) this.policy.evicted!(entry);
    void this.destroy(c!);
    return true;
  }

  private addIdle(pool: FunctionPool, c: PooledContainer): void {
    pool.idle.push(c);
    this.idleById.set(c.sandbox.id, c);
  }

  private async destroy(c: PooledContainer): Promise<void> {
    if (c.destroyed) return;
    c.destroyed = true;
    this.freeMemory(c.memoryMb);
    try {
      await this.backend.destroy(c.sandbox);
    } catch (err) {
      this.log.warn({ tid: 'pool', err, sandbox: c.sandbox.id }, 'destroying a container failed');
    }
  }

  private freeMemory(memoryMb: number): void {
    this.reservedMb = Math.max(0, this.reservedMb - memoryMb);
    this.wakeMemoryWaiters();
  }

  private poolFor(functionKey: string): FunctionPool {
    let pool = this.pools.get(functionKey);
    if (!pool) {
      pool = { idle: [], busy: new Set() };
      this.pools.set(functionKey, pool);
    }
    return pool;
  }
}

/** What an eviction policy sees of an idle container. */
function idleEntry(pool: FunctionPool, c: PooledContainer, functionUses: number): IdleContainer {
  const entry: IdleContainer = {
    id: c.sandbox.id, functionKey: c.functionKey, memoryMb: c.memoryMb, createdAt: c.createdAt,
    lastUsedAt: c.lastUsedAt, uses: c.uses, functionUses,
  };
  if (pool.initMs !== undefined) entry.initMs = pool.initMs;
  if (pool.expected?.coldMs !== undefined) entry.coldMs = pool.expected.coldMs;
  if (pool.expected?.warmMs !== undefined) entry.warmMs = pool.expected.warmMs;
  return entry;
}

/** Invocations served by the function's cached containers, idle and busy (GDSF's Freq). */
function functionUsesOf(pool: FunctionPool): number {
  let uses = 0;
  for (const c of pool.idle) uses += c.uses;
  for (const c of pool.busy) uses += c.uses;
  return uses;
}
