/**
 * A scriptable ContainerBackend for worker tests: every sandbox answers /init and /run from the given handlers
 * (after `initMs` / `runMs` on the injected clock, honouring the call's timeout), and the backend records what it
 * was asked: created specs, destroyed ids (duplicates kept, so double destroys show) and every payload.
 */
import type { Clock } from '../../common/clock.js';
import type { AgentConnection, AgentResponse, InitPayload, RunPayload } from '../agents/agent-protocol.js';
import { AgentTimeoutError } from '../agents/agent-protocol.js';
import type { ContainerBackend, Sandbox, SandboxExitReason, SandboxSpec } from '../backends/container-backend.js';
import { NO_LOGS } from '../logs/sandbox-logs.js';

export interface FakeBehaviour {
  initMs?: number;
  runMs?: number;
  init?: (payload: InitPayload, sandbox: Sandbox) => AgentResponse;
  run?: (payload: RunPayload, sandbox: Sandbox) => AgentResponse;
}

export const ok = (body: AgentResponse['body'] = { ok: true }): AgentResponse => ({
  statusCode: 200, body, rawBody: JSON.stringify(body) ?? '',
});

export class FakeBackend implements ContainerBackend {
  readonly name = 'fake';
  readonly isolates = true;
  readonly created: SandboxSpec[] = [];
  readonly destroyed: string[] = [];
  readonly initPayloads: InitPayload[] = [];
  readonly runPayloads: RunPayload[] = [];
  private readonly live = new Map<string, Sandbox>();
  private nextId = 0;

  constructor(private readonly clock: Clock, private readonly behaviour: FakeBehaviour = {}) {}

  async create(spec: SandboxSpec): Promise<Sandbox> {
    this.created.push(spec);
    const id = `fake-${++this.nextId}`;
    const sleepWithin = async (ms: number, timeoutMs: number) => {
      if (ms > timeoutMs) {
        await this.clock.sleep(timeoutMs);
        throw new AgentTimeoutError(timeoutMs);
      }
      if (ms > 0) await this.clock.sleep(ms);
    };
    const agent: AgentConnection = {
      waitReady: async () => {},
      init: async (payload, timeoutMs) => {
        this.initPayloads.push(payload);
        await sleepWithin(this.behaviour.initMs ?? 0, timeoutMs);
        return this.behaviour.init ? this.behaviour.init(payload, sandbox) : ok();
      },
      run: async (payload, timeoutMs) => {
        this.runPayloads.push(payload);
        await sleepWithin(this.behaviour.runMs ?? 0, timeoutMs);
        return this.behaviour.run ? this.behaviour.run(payload, sandbox) : ok({ echo: payload.value });
      },
      close: () => {},
    };
    const sandbox: Sandbox = {
      id, spec, agent, logs: NO_LOGS, exitReason: undefined as SandboxExitReason | undefined,
      onExit: () => {},
    };
    this.live.set(id, sandbox);
    return sandbox;
  }

  async destroy(sandbox: Sandbox): Promise<void> {
    this.destroyed.push(sandbox.id);
    this.live.delete(sandbox.id);
  }

  async removeOrphans(): Promise<number> {
    return 0;
  }

  async close(): Promise<void> {
    this.live.clear();
  }

  liveIds(): string[] {
    return [...this.live.keys()];
  }
}
