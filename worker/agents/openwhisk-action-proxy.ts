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
  type AgentAddress,
  type AgentConnection,
  type AgentResponse,
  type InitPayload,
  type RunPayload,
} from './agent-protocol.js';
import { pollUntilReady } from './ready-poll.js';

export interface OpenWhiskAgentOptions {
  /** Overlapping runs allowed on this sandbox: the number of keep-alive sockets. */
  concurrency: number;
}

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

  /** Polls with a bare TCP connect: the proxy listens once it can take /init. */
  waitReady(timeoutMs: number): Promise<void> {
    return pollUntilReady(() => connects(this.address), { timeoutMs, maxDelayMs: MAX_READY_POLL_MS, isClosed: () => this.closed });
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

/** Whether a TCP connection to the agent succeeds now. */
function connects(address: AgentAddress): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(address.port, address.host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
