/**
 * How the worker talks to the code inside a sandbox. One implementation per protocol, shared by every backend:
 * openwhisk-action-proxy.ts (POST /init once, POST /run per activation) and, later, iluvatar-agent.ts
 * (GET /, POST /invoke). Each connection keeps its sandbox's keep-alive sockets (agent-http-client.ts).
 *
 * Contract: `init` is called at most once per sandbox, before any `run`. `run` may be called concurrently only
 * when the action's concurrency limit is above 1. Calls never throw for HTTP-level answers (any status is an
 * AgentResponse); they reject with AgentTimeoutError when `timeoutMs` passes and with AgentConnectionError when
 * the connection fails or is reset.
 */
import type { Json } from '../../common/types/entities.js';

export type AgentProtocolName = 'openwhisk' | 'iluvatar';

export interface InitPayload {
  name: string;
  main: string;
  code?: string;
  binary: boolean;
  /** Every value a string (runtime protocol). */
  env: Record<string, string>;
}

/** Every field but `value` is a string: the python launcher dies on anything else. */
export interface RunPayload {
  value: Json;
  namespace: string;
  action_name: string;
  action_version: string;
  activation_id: string;
  transaction_id: string;
  deadline: string;
  api_key?: string;
}

export interface AgentResponse {
  statusCode: number;
  /** The parsed JSON body; `undefined` when the body was empty or not JSON (see `rawBody`). */
  body: Json | undefined;
  rawBody: string;
}

export interface AgentConnection {
  /** Resolves once the agent accepts connections (polls with a short, growing interval). */
  waitReady(timeoutMs: number): Promise<void>;
  init(payload: InitPayload, timeoutMs: number): Promise<AgentResponse>;
  run(payload: RunPayload, timeoutMs: number): Promise<AgentResponse>;
  /** Drops the keep-alive sockets; calls in flight and further calls reject. */
  close(): void;
}

export class AgentTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`agent call timed out after ${timeoutMs} ms`);
  }
}

export class AgentConnectionError extends Error {}

export interface AgentAddress {
  host: string;
  port: number;
}
