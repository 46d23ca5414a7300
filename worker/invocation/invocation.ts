/**
 * What the gateway hands a worker: one invocation of a runnable action. Everything the worker needs is in here
 * (code included), so the worker never reads the store on the invoke path (worker-design.md §14).
 */
import type { ActionLimits, JsonObject } from '../../common/types/entities.js';
import type { AgentProtocolName } from '../agents/agent-protocol.js';

export interface RunnableAction {
  /** `ns/[pkg/]name@version`: the key of every per-function structure in the worker. */
  functionKey: string;
  /** The action's namespace path as OpenWhisk records it: `guest` or `guest/pkg`. */
  namespace: string;
  name: string;
  /** `ns/[pkg/]name`: the `path` annotation of its activations. */
  path: string;
  version: string;
  /** The resolved kind (never `…:default`). */
  kind: string;
  image: string;
  protocol: AgentProtocolName;
  code?: string;
  binary: boolean;
  main: string;
  limits: ActionLimits;
  /** Parameters annotated `init: true`, stringified: sent in the /init env. */
  initEnv: Record<string, string>;
  /** Expected times (simulation backend; seeds characteristics). */
  expected?: { coldMs?: number; warmMs?: number };
}

export interface Invocation {
  activationId: string;
  /** Transaction id of the request: in every log line and in /run. */
  tid: string;
  action: RunnableAction;
  /** Parameters after merging defaults and request (init parameters excluded). */
  params: JsonObject;
  /** The caller's namespace (the activation's `namespace`). */
  namespace: string;
  subject: string;
  /** `uuid:key`, when the action's provide-api-key annotation allows it. */
  apiKey?: string;
  cause?: string;
  /** `sequence` for a sequence's components: recorded as the `causedBy` annotation. */
  causedBy?: string;
  /** `ns/binding` when the action was invoked through a package binding: recorded as the `binding` annotation. */
  binding?: string;
  /** When the gateway received the request (epoch ms). */
  arrivedAt: number;
}
