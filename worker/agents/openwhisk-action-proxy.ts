/**
 * AgentConnection for OpenWhisk action proxies (POST /init, POST /run; action-runtime-protocol.md). One keep-alive
 * http.Agent per sandbox, sized to the action's concurrency; every HTTP answer resolves, only timeouts and broken
 * connections reject. This is the hot path of every warm invocation: one JSON.stringify, one JSON.parse.
 */
import http from 'node:http';
import net from 'node:net';
import type { Json } from '../../common/types/entities.js';
import { agentRequest } from './agent-request.js';
import {
  AgentConnectionError,
  AgentTimeoutError,
  type AgentAddress,
  type AgentConnection,
  type AgentResponse,
  type InitPayload,
  type RunPayload,
} from './agent-protocol.js';

export interface OpenWhiskAgentOptions {
  /** Overlapping runs allowed on this sandbox: the number of keep-alive sockets. */
  concurrency: number;
}

/** The nodejs runtime closes idle keep-alive sockets after 5 s; drop ours first so no request races a close. */
const IDLE_SOCKET_TIMEOUT_MS = 4000;
const FIRST_READY_POLL_MS = 2;
const READY_POLL_GROWTH = 1.5;
const MAX_READY_POLL_MS = 20;

export function createOpenWhiskAgent(address: AgentAddress, options: OpenWhiskAgentOptions): AgentConnection {
  return new OpenWhiskActionProxyConnection(address, options);
}

class OpenWhiskActionProxyConnection implements AgentConnection {
  private readonly agent: http.Agent;
  /** Reused for every request: http.request copies what it needs synchronously. */
  private readonly headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': 0 };
  private readonly requestOptions: http.RequestOptions;
  private closed = false;

  constructor(
    private readonly address: AgentAddress,
    options: OpenWhiskAgentOptions,
  ) {
    const sockets = Math.max(1, Math.floor(options.concurrency));
    this.agent = new http.Agent({
      keepAlive: true,
      maxSockets: sockets,
      maxFreeSockets: sockets,
      scheduling: 'lifo',
      timeout: IDLE_SOCKET_TIMEOUT_MS,
      noDelay: true,
    });
    this.requestOptions = { host: address.host, port: address.port, method: 'POST', path: '/run', agent: this.agent, headers: this.headers };
  }

  waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      let delayMs = FIRST_READY_POLL_MS;
      const attempt = (): void => {
        if (this.closed) return reject(new AgentConnectionError('agent connection closed'));
        const socket = net.connect(this.address.port, this.address.host);
        socket.once('connect', () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', () => {
          socket.destroy();
          const left = deadline - Date.now();
          if (left <= 0) return reject(new AgentTimeoutError(timeoutMs));
          setTimeout(attempt, Math.min(delayMs, left));
          delayMs = Math.min(delayMs * READY_POLL_GROWTH, MAX_READY_POLL_MS);
        });
      };
      attempt();
    });
  }

  init(payload: InitPayload, timeoutMs: number): Promise<AgentResponse> {
    return this.post('/init', JSON.stringify({ value: payload }), timeoutMs);
  }

  run(payload: RunPayload, timeoutMs: number): Promise<AgentResponse> {
    return this.post('/run', JSON.stringify(payload), timeoutMs);
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
  }

  private async post(path: string, body: string, timeoutMs: number): Promise<AgentResponse> {
    if (this.closed) throw new AgentConnectionError('agent connection closed');
    this.requestOptions.path = path;
    this.headers['Content-Length'] = Buffer.byteLength(body);
    const { statusCode, text } = await agentRequest(this.requestOptions, body, timeoutMs);
    return { statusCode, body: parseJson(text), rawBody: text };
  }
}

function parseJson(text: string): Json | undefined {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

