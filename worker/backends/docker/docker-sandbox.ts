/**
 * One Docker container as a Sandbox, and the watch that reports its death (`oom` when State.OOMKilled). Its agent
 * is the shared OpenWhisk agent, wrapped so that a broken connection waits (briefly, bounded) for the exit to be
 * known before it rejects: the runner reads `exitReason` right after a failed /run to tell an OOM kill ("exhausted
 * its memory") from any other crash, and Docker reports the exit a few ms after the kernel reset the connection.
 */
import type Dockerode from 'dockerode';
import type { Logger } from '../../../common/log.js';
import { AgentConnectionError, type AgentAddress, type AgentConnection, type AgentResponse, type InitPayload, type RunPayload } from '../../agents/agent-protocol.js';
import type { SentinelLogBuffer } from '../../logs/sentinel-log-buffer.js';
import type { Sandbox, SandboxExitReason, SandboxSpec } from '../container-backend.js';
import type { AttachedLogs } from './docker-logs.js';

/** How long a broken connection waits for Docker to report the container's exit. */
export const EXIT_REPORT_GRACE_MS = 1500;

export class DockerSandbox implements Sandbox {
  exitReason: SandboxExitReason | undefined;
  /** Set when we remove the container: its exit is then ours, not reported. */
  destroyed = false;
  readonly agent: AgentConnection;
  private readonly listeners: ((reason: SandboxExitReason) => void)[] = [];
  private exitKnown!: () => void;
  /** Resolves once the container's exit is known, or it was destroyed. */
  readonly settled = new Promise<void>((resolve) => {
    this.exitKnown = resolve;
  });

  constructor(
    readonly id: string,
    readonly spec: SandboxSpec,
    inner: AgentConnection,
    readonly logs: SentinelLogBuffer,
    readonly container: Dockerode.Container,
    readonly name: string,
    /** The agent's address on the Docker network (for diagnostics and raw-protocol tests). */
    readonly address: AgentAddress,
    readonly attached: AttachedLogs,
  ) {
    this.agent = new ExitAwareAgent(inner, this);
  }

  onExit(listener: (reason: SandboxExitReason) => void): void {
    if (this.exitReason !== undefined) listener(this.exitReason);
    else this.listeners.push(listener);
  }

  died(reason: SandboxExitReason): void {
    if (this.exitReason !== undefined || this.destroyed) return;
    this.exitReason = reason;
    this.exitKnown();
    for (const listener of this.listeners.splice(0)) listener(reason);
  }

  markDestroyed(): void {
    this.destroyed = true;
    this.exitKnown();
  }
}

class ExitAwareAgent implements AgentConnection {
  /** Bound once: every run goes through it. */
  private readonly onFailure = (error: unknown): Promise<never> => this.afterFailure(error);

  constructor(
    private readonly inner: AgentConnection,
    private readonly sandbox: DockerSandbox,
  ) {}

  waitReady(timeoutMs: number): Promise<void> {
    return this.inner.waitReady(timeoutMs);
  }

  init(payload: InitPayload, timeoutMs: number): Promise<AgentResponse> {
    return this.inner.init(payload, timeoutMs).catch(this.onFailure);
  }

  run(payload: RunPayload, timeoutMs: number): Promise<AgentResponse> {
    return this.inner.run(payload, timeoutMs).catch(this.onFailure);
  }

  close(): void {
    this.inner.close();
  }

  private async afterFailure(error: unknown): Promise<never> {
    if (error instanceof AgentConnectionError && !this.sandbox.destroyed) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, EXIT_REPORT_GRACE_MS);
      });
      await Promise.race([this.sandbox.settled, grace]);
      clearTimeout(timer);
    }
    throw error;
  }
}

/**
 * Resolves when the container stops on its own (after reporting `oom` or `exited` on the sandbox), or when we
 * destroy it. A broken wait connection is retried a few times; a container that no longer exists counts as exited.
 */
export async function watchExit(sandbox: DockerSandbox, logger: Logger): Promise<void> {
  for (let attempt = 0; attempt < 5 && !sandbox.destroyed; attempt++) {
    try {
      await sandbox.container.wait();
      break;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) break;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  }
  if (sandbox.destroyed) return;
  let oom = false;
  let exitCode: number | undefined;
  try {
    const state = (await sandbox.container.inspect()).State;
    oom = state.OOMKilled;
    exitCode = state.ExitCode;
  } catch {
    // Removed meanwhile (by us, or by hand): an ordinary exit.
  }
  if (sandbox.destroyed) return;
  logger.warn({ sandbox: sandbox.id, name: sandbox.name, kind: sandbox.spec.kind, exitCode, oom }, 'container exited');
  sandbox.died(oom ? 'oom' : 'exited');
}
