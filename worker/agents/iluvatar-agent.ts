/**
 * AgentConnection for Ilúvatar function agents (action-runtime-protocol.md, last section): `GET /` answers once the
 * agent is up, `POST /invoke` takes the invocation's arguments and answers `{body, start, end, duration_sec,
 * was_cold}`. There is no init call (the code is baked into the image), so `init` answers 200 without any request.
 * The answer is unwrapped so that the parsed `body` is the function's result and classify-run.ts works unchanged;
 * the agent's own timings ride along in `timing`. One AgentHttpClient per sandbox, as for OpenWhisk proxies (the
 * readiness poll `GET /` goes through it too).
 *
 * Also accepted, from COS-IN/iluvatar-faas's python agent: the result as `user_result` (a JSON string), and a
 * failure as a non-200 answer carrying `user_error` or `platform_error` (turned into `{error}`: a developer error).
 */
import type { Json } from '../../common/types/entities.js';
import { AgentHttpClient, type AgentHttpAnswer, type AgentRequestTarget } from './agent-http-client.js';
import {
  AgentConnectionError,
  AgentTimeoutError,
  type AgentAddress,
  type AgentConnection,
  type AgentResponse,
  type InitPayload,
  type RunPayload,
} from './agent-protocol.js';
import { pollUntilReady } from './ready-poll.js';

export interface IluvatarAgentOptions {
  /** Overlapping invocations allowed on this sandbox: the number of keep-alive sockets. */
  concurrency: number;
}

/** What the agent measured inside the sandbox (worker-design.md §0: execution time S comes from here when known). */
export interface IluvatarTiming {
  /** Epoch ms, when the agent reported a parsable time. */
  startMs?: number;
  endMs?: number;
  /** `duration_sec` × 1000. */
  durationMs?: number;
  /** The agent's view: was this the sandbox's first invocation? */
  wasCold?: boolean;
}

export interface IluvatarAgentResponse extends AgentResponse {
  timing: IluvatarTiming;
}

const MAX_READY_POLL_MS = 100;
const INIT_OK: AgentResponse = { statusCode: 200, body: { ok: true }, rawBody: '{"ok":true}' };

export function createIluvatarAgent(address: AgentAddress, options: IluvatarAgentOptions): AgentConnection {
  return new IluvatarAgentConnection(address, options);
}

class IluvatarAgentConnection implements AgentConnection {
  private readonly client: AgentHttpClient;
  private readonly invokeTarget: AgentRequestTarget;
  private readonly statusTarget: AgentRequestTarget;
  private closed = false;

  constructor(address: AgentAddress, options: IluvatarAgentOptions) {
    this.client = new AgentHttpClient(address, options.concurrency);
    this.invokeTarget = this.client.target('POST', '/invoke');
    this.statusTarget = this.client.target('GET', '/');
  }

  /** Polls `GET /` (2 ms, growing ×1.5 up to 100 ms) until it answers 200; the readiness comes from the server itself. */
  waitReady(timeoutMs: number): Promise<void> {
    return pollUntilReady(async (leftMs) => {
      try {
        return (await this.request(this.statusTarget, undefined, leftMs)).statusCode === 200;
      } catch (error) {
        if (error instanceof AgentTimeoutError) throw new AgentTimeoutError(timeoutMs);
        if (this.closed) throw error;
        return false;
      }
    }, { timeoutMs, maxDelayMs: MAX_READY_POLL_MS, isClosed: () => this.closed });
  }

  /** Nothing to send: the function is part of the image. */
  init(_payload: InitPayload, _timeoutMs: number): Promise<AgentResponse> {
    if (this.closed) return Promise.reject(new AgentConnectionError('agent connection closed'));
    return Promise.resolve(INIT_OK);
  }

  async run(payload: RunPayload, timeoutMs: number): Promise<IluvatarAgentResponse> {
    const body = JSON.stringify(payload.value ?? {});
    const { statusCode, text } = await this.request(this.invokeTarget, body, timeoutMs);
    return unwrapInvokeAnswer(statusCode, text);
  }

  close(): void {
    this.closed = true;
    this.client.close();
  }

  private request(target: AgentRequestTarget, body: string | undefined, timeoutMs: number): Promise<AgentHttpAnswer> {
    if (this.closed) return Promise.reject(new AgentConnectionError('agent connection closed'));
    return this.client.request(target, body, timeoutMs);
  }
}

/**
 * The agent's envelope → an AgentResponse whose `body` is the function's result (200) or `{error}` (any other
 * status), so that classify-run.ts applies OpenWhisk's rules to it. `rawBody` is the result's JSON text (its size is
 * what the payload limit checks), or the whole answer when it had no recognizable envelope.
 */
export function unwrapInvokeAnswer(statusCode: number, text: string): IluvatarAgentResponse {
  const envelope = parseJson(text);
  if (!isObject(envelope)) return { statusCode, body: envelope, rawBody: text, timing: {} };
  const timing = timingOf(envelope);
  if (statusCode !== 200) {
    const error = envelope.user_error ?? envelope.platform_error ?? envelope.error ?? envelope.Error;
    return { statusCode, body: error !== undefined ? { error } : envelope, rawBody: text, timing };
  }
  const result = 'body' in envelope ? envelope.body : 'user_result' in envelope ? envelope.user_result : undefined;
  if (result === undefined) return { statusCode, body: undefined, rawBody: text, timing };
  if (typeof result === 'string') {
    const parsed = parseJson(result);
    return { statusCode, body: parsed ?? result, rawBody: parsed === undefined ? JSON.stringify(result) : result, timing };
  }
  return { statusCode, body: result, rawBody: JSON.stringify(result), timing };
}

function timingOf(envelope: { [key: string]: Json }): IluvatarTiming {
  const timing: IluvatarTiming = {};
  const startMs = epochMs(envelope.start);
  const endMs = epochMs(envelope.end);
  if (startMs !== undefined) timing.startMs = startMs;
  if (endMs !== undefined) timing.endMs = endMs;
  if (typeof envelope.duration_sec === 'number' && Number.isFinite(envelope.duration_sec)) timing.durationMs = envelope.duration_sec * 1000;
  if (typeof envelope.was_cold === 'boolean') timing.wasCold = envelope.was_cold;
  return timing;
}

/** Numbers are epoch ms; strings anything Date can parse (Ilúvatar's own `%Y-%m-%d %H:%M:%S:%f` is not). */
function epochMs(value: Json | undefined): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function parseJson(text: string): Json | undefined {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

