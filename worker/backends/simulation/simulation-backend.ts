/**
 * The simulation ("null") backend (Ilúvatar §3.4, worker-design.md §10): no code runs. Creating a sandbox is free,
 * `/init` sleeps for the function's cold-start cost and `/run` for its execution time; everything around it —
 * queue, regulator, pool, eviction, characteristics, records, the whole API — runs for real.
 *
 * Times, first found wins: the per-invocation param `warm_dur_ms` (as Ilúvatar's load generator sends), the
 * action's `sim-cold-ms` / `sim-warm-ms` annotations (SandboxSpec.expected), the configured defaults. `coldMs` is a
 * whole cold invocation (creation + init + first run), as the characteristics define it.
 * Param `sim_fail` injects failures: `application` (an {error} result), `developer` (a 502 from the agent),
 * `crash` (the sandbox dies mid-run).
 */
import type { Clock } from '../../../common/clock.js';
import type { Json, JsonObject } from '../../../common/types/entities.js';
import type { AgentConnection, AgentResponse, InitPayload, RunPayload } from '../../agents/agent-protocol.js';
import { AgentConnectionError, AgentTimeoutError } from '../../agents/agent-protocol.js';
import { NO_LOGS } from '../../logs/sandbox-logs.js';
import type { ContainerBackend, Sandbox, SandboxExitReason, SandboxSpec } from '../container-backend.js';

export interface SimulationOptions {
  coldMs: number;
  warmMs: number;
  agentOverheadMs: number;
}

export class SimulationBackend implements ContainerBackend {
  readonly name = 'simulation';
  readonly isolates = true;
  private readonly live = new Set<SimulatedSandbox>();
  private nextId = 0;

  constructor(private readonly clock: Clock, private readonly options: SimulationOptions) {}

  async create(spec: SandboxSpec): Promise<Sandbox> {
    const sandbox = new SimulatedSandbox(`sim-${++this.nextId}`, spec, this.clock, this.options);
    this.live.add(sandbox);
    return sandbox;
  }

  async destroy(sandbox: Sandbox): Promise<void> {
    (sandbox as SimulatedSandbox).kill('destroyed');
    this.live.delete(sandbox as SimulatedSandbox);
  }

  async removeOrphans(): Promise<number> {
    return 0;
  }

  async close(): Promise<void> {
    for (const s of this.live) s.kill('destroyed');
    this.live.clear();
  }

  /** Sandboxes alive now (for tests and status). */
  liveCount(): number {
    return this.live.size;
  }
}

class SimulatedSandbox implements Sandbox, AgentConnection {
  readonly agent: AgentConnection = this;
  readonly logs = NO_LOGS;
  exitReason: SandboxExitReason | undefined;
  private exitListeners: ((reason: SandboxExitReason) => void)[] = [];
  private runs = 0;

  constructor(
    readonly id: string,
    readonly spec: SandboxSpec,
    private readonly clock: Clock,
    private readonly options: SimulationOptions,
  ) {}

  onExit(listener: (reason: SandboxExitReason) => void): void {
    this.exitListeners.push(listener);
  }

  kill(reason: SandboxExitReason): void {
    if (this.exitReason) return;
    this.exitReason = reason;
    if (reason !== 'destroyed') for (const l of this.exitListeners) l(reason);
  }

  async waitReady(): Promise<void> {}

  /** A cold invocation lasts `coldMs` in all (worker-design.md §2): /init sleeps the part the first run does not. */
  async init(_payload: InitPayload, timeoutMs: number): Promise<AgentResponse> {
    const coldMs = this.spec.expected?.coldMs ?? this.options.coldMs;
    const warmMs = this.spec.expected?.warmMs ?? this.options.warmMs;
    await this.sleepWithin(Math.max(0, coldMs - warmMs - this.options.agentOverheadMs), timeoutMs);
    return { statusCode: 200, body: { ok: true }, rawBody: '{"ok":true}' };
  }

  async run(payload: RunPayload, timeoutMs: number): Promise<AgentResponse> {
    if (this.exitReason) throw new AgentConnectionError('sandbox is gone');
    const args = (payload.value && typeof payload.value === 'object' ? payload.value : {}) as JsonObject;
    const wasCold = this.runs++ === 0;
    const warmMs = numberArg(args.warm_dur_ms) ?? this.spec.expected?.warmMs ?? this.options.warmMs;
    const started = this.clock.now();
    await this.sleepWithin(this.options.agentOverheadMs + warmMs, timeoutMs);
    const ended = this.clock.now();
    switch (args.sim_fail) {
      case 'application':
        return reply(200, { error: 'simulated application error' });
      case 'developer':
        return reply(502, { error: 'simulated developer error' });
      case 'crash':
        this.kill('exited');
        throw new AgentConnectionError('simulated crash');
    }
    return reply(200, { start: started, end: ended, duration_ms: ended - started, was_cold: wasCold });
  }

  close(): void {}

  private async sleepWithin(ms: number, timeoutMs: number): Promise<void> {
    if (ms > timeoutMs) {
      await this.clock.sleep(timeoutMs);
      throw new AgentTimeoutError(timeoutMs);
    }
    if (ms > 0) await this.clock.sleep(ms);
  }
}

function numberArg(v: Json | undefined): number | undefined {
  return typeof v === 'number' && v >= 0 ? v : undefined;
}

function reply(statusCode: number, body: JsonObject): AgentResponse {
  return { statusCode, body, rawBody: '' };
}
