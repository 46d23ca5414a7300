/**
 * AgentConnection for OpenWhisk action proxies (POST /init, POST /run; action-runtime-protocol.md). One
 * AgentHttpClient per sandbox, with a keep-alive socket per unit of the action's concurrency; every HTTP answer
 * resolves, only timeouts and broken connections reject. This is the hot path of every warm invocation: one
 * JSON.stringify, one socket write, one JSON.parse. The readiness poll is a bare TCP connect.
 */
import net from 'node:net';
import type { Json } from '../../common/types/entities.js';
import { AgentHttpClient, type AgentRequestTarget } from './agent-http-client.js';
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

const FIRST_READY_POLL_MS = 2;
const READY_POLL_GROWTH = 1.5;
const MAX_READY_POLL_MS = 20;

export function createOpenWhiskAgent(address: AgentAddress, options: OpenWhiskAgentOptions): AgentConnection {
  return new OpenWhiskActionProxyConnection(address, options);
}

class OpenWhiskActionProxyConnection implements AgentConnection {
  private readonly client: AgentHttpClient;
  private readonly initTarget: AgentRequestTarget;
  private readonly runTarget: AgentRequestTarget;
  private closed = false;

  constructor(
    private readonly address: AgentAddress,
    options: OpenWhiskAgentOptions,
  ) {
    this.client = new AgentHttpClient(address, options.concurrency);
    this.initTarget = this.client.target('POST', '/init');
    this.runTarget = this.client.target('POST', '/run');
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
    return this.post(this.initTarget, JSON.stringify({ value: payload }), timeoutMs);
  }

  run(payload: RunPayload, timeoutMs: number): Promise<AgentResponse> {
    return this.post(this.runTarget, JSON.stringify(payload), timeoutMs);
  }

  close(): void {
    this.closed = true;
    this.client.close();
  }

  private async post(target: AgentRequestTarget, body: string, timeoutMs: number): Promise<AgentResponse> {
    if (this.closed) throw new AgentConnectionError('agent connection closed');
    const { statusCode, text } = await this.client.request(target, body, timeoutMs);
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

