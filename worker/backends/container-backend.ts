/**
 * ContainerBackend: creates and destroys sandboxes. It knows nothing of pools or queues (Ilúvatar's
 * ContainerIsolationService, OpenWhisk's ContainerFactory). Implementations: simulation/, process/, docker/ later.
 *
 * Contract: `create` resolves once the sandbox's agent answers (ready for init), or rejects with
 * SandboxStartError. `create` and `destroy` may be called concurrently. `removeOrphans` runs only at start-up and
 * `close` only at shutdown (it destroys every sandbox this backend still holds).
 */
import type { AgentConnection, AgentProtocolName } from '../agents/agent-protocol.js';
import type { SandboxLogs } from '../logs/sandbox-logs.js';

export interface SandboxSpec {
  /** The pool key: `namespace/[pkg/]name@version`. */
  functionKey: string;
  kind: string;
  /** Container image (docker) or runtime family proxy name (process: `nodejs`, `python`). */
  image: string;
  protocol: AgentProtocolName;
  memoryMb: number;
  /** Relative CPU weight (docker --cpu-shares); proportional to memory as OpenWhisk does. */
  cpuShares: number;
  /** Allow overlapping runs (sets __OW_ALLOW_CONCURRENT in the start environment). */
  concurrency: number;
  labels: Record<string, string>;
  /** Start environment (e.g. __OW_API_HOST); not the /init env. */
  env: Record<string, string>;
  /** Expected times for the simulation backend (from annotations or trace metadata). */
  expected?: { coldMs?: number; warmMs?: number };
}

export type SandboxExitReason = 'exited' | 'oom' | 'destroyed';

export interface Sandbox {
  readonly id: string;
  readonly spec: SandboxSpec;
  readonly agent: AgentConnection;
  readonly logs: SandboxLogs;
  /** Set once the sandbox died on its own (process exit, OOM kill) rather than being destroyed by us. */
  readonly exitReason: SandboxExitReason | undefined;
  /** Called once when the sandbox dies on its own. */
  onExit(listener: (reason: SandboxExitReason) => void): void;
}

export interface ContainerBackend {
  readonly name: string;
  /** Does the backend isolate functions from each other and from the host? (process: no) */
  readonly isolates: boolean;
  create(spec: SandboxSpec): Promise<Sandbox>;
  destroy(sandbox: Sandbox): Promise<void>;
  /** Removes sandboxes of ours left from an earlier run (found by label). Returns how many. */
  removeOrphans(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A sandbox could not be started. `actionFault` marks failures the action's author can fix (an image that does
 * not exist, a kind this backend cannot run): recorded as developer errors; anything else is a whisk internal error.
 */
export class SandboxStartError extends Error {
  constructor(message: string, readonly actionFault = false, options?: { cause?: unknown }) {
    super(message, options);
  }
}
