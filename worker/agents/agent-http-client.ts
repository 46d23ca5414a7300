/**
 * A lean HTTP/1.1 client for the worker's calls to ONE sandbox's agent (/init, /run, GET /, POST /invoke), in place
 * of node:http's ClientRequest, Agent and IncomingMessage streams on the warm path. One persistent socket per
 * connection slot (slots = the action's concurrency, so at most that many calls overlap; more wait in order), each
 * request written with one `socket.write` of a prebuilt head plus the body, the answer read by
 * AgentResponseParser. Resolves with the status and body text for ANY status; rejects with AgentTimeoutError after
 * `timeoutMs` (counted from the call, waiting included; the socket is dropped, so the sandbox sees the request
 * abandoned) or AgentConnectionError with node:http's wording (`agent connection failed: ECONNREFUSED`,
 * `…: ECONNRESET` for a reset or a close before the answer completed).
 *
 * Nothing is ever retried: a request may have reached the action even when no byte came back (/run is never
 * retried, action-runtime-protocol.md). Stale sockets are avoided instead: one idle past IDLE_SOCKET_MS (the nodejs
 * runtime closes idle sockets after 5 s) or closed by the server is dropped and a new one made before writing.
 */
import net from 'node:net';
import { AgentConnectionError, AgentTimeoutError, type AgentAddress } from './agent-protocol.js';
import { AgentResponseParser } from './agent-response-parser.js';

export interface AgentHttpAnswer {
  statusCode: number;
  text: string;
}

/** A method and path with its head prebuilt (see `AgentHttpClient.target`). */
export interface AgentRequestTarget {
  /** Request line and fixed headers; ends in `Content-Length: ` when the request has a body, else in the blank line. */
  readonly head: string;
  readonly hasBody: boolean;
}

/** Drop an idle socket before the nodejs runtime's 5 s keep-alive timeout can race our next request. */
export const IDLE_SOCKET_MS = 4000;

const SLOT = Symbol('connection slot');
type SlotSocket = net.Socket & { [SLOT]?: ConnectionSlot };

interface PendingCall {
  readonly request: string;
  readonly resolve: (answer: AgentHttpAnswer) => void;
  readonly reject: (error: Error) => void;
  readonly timeoutMs: number;
  readonly client: AgentHttpClient;
  timer: NodeJS.Timeout | undefined;
  slot: ConnectionSlot | undefined;
  settled: boolean;
}

export function connectionError(cause: Error): AgentConnectionError {
  const code = (cause as NodeJS.ErrnoException).code;
  return new AgentConnectionError(`agent connection failed: ${code ?? cause.message}`, { cause });
}

export class AgentHttpClient {
  private readonly slots: ConnectionSlot[] = [];
  /** Calls waiting for a free slot, oldest first. */
  private readonly waiting: PendingCall[] = [];
  private readonly hostHeader: string;
  private closed = false;

  constructor(
    readonly address: AgentAddress,
    /** How many calls may be in flight at once: one socket each. */
    slots: number,
  ) {
    for (let i = 0; i < Math.max(1, Math.floor(slots)); i++) this.slots.push(new ConnectionSlot(address));
    const host = address.host.includes(':') ? `[${address.host}]` : address.host;
    this.hostHeader = `${host}:${address.port}`;
  }

  /** Prebuilds the head of `method path`; a target with a body is sent as JSON. */
  target(method: 'GET' | 'POST', path: string): AgentRequestTarget {
    const head = `${method} ${path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nConnection: keep-alive\r\n`;
    return method === 'POST' ? { head: `${head}Content-Type: application/json\r\nContent-Length: `, hasBody: true } : { head: `${head}\r\n`, hasBody: false };
  }

  request(target: AgentRequestTarget, body: string | undefined, timeoutMs: number): Promise<AgentHttpAnswer> {
    if (this.closed) return Promise.reject(new AgentConnectionError('agent connection closed'));
    const text = target.hasBody ? `${target.head}${Buffer.byteLength(body ?? '')}\r\n\r\n${body ?? ''}` : target.head;
    return new Promise((resolve, reject) => {
      const call: PendingCall = { request: text, resolve, reject, timeoutMs, client: this, timer: undefined, slot: undefined, settled: false };
      call.timer = setTimeout(onCallTimeout, timeoutMs, call);
      const slot = this.freeSlot();
      if (slot === undefined) this.waiting.push(call);
      else slot.start(call);
    });
  }

  /** Drops every socket: calls in flight reject as reset, waiting ones as closed, later ones at once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const call of this.waiting.splice(0)) settle(call, new AgentConnectionError('agent connection closed'));
    for (const slot of this.slots) slot.abort();
  }

  /** A slot just finished its call: hand it the oldest waiting one. */
  next(slot: ConnectionSlot): void {
    const call = this.waiting.shift();
    if (call !== undefined) slot.start(call);
  }

  forget(call: PendingCall): void {
    const at = this.waiting.indexOf(call);
    if (at >= 0) this.waiting.splice(at, 1);
  }

  /** An idle slot, preferring one whose socket is still open (most recently used first). */
  private freeSlot(): ConnectionSlot | undefined {
    let best: ConnectionSlot | undefined;
    for (const slot of this.slots) {
      if (slot.call !== undefined) continue;
      if (slot.socket === undefined) best ??= slot;
      else if (best === undefined || best.socket === undefined || slot.idleSinceMs > best.idleSinceMs) best = slot;
    }
    return best;
  }
}

/** One connection's worth of state: its socket (made lazily), its call in flight and its parser. */
class ConnectionSlot {
  socket: SlotSocket | undefined;
  call: PendingCall | undefined;
  idleSinceMs = 0;
  private readonly parser = new AgentResponseParser();

  constructor(private readonly address: AgentAddress) {}

  start(call: PendingCall): void {
    this.call = call;
    call.slot = this;
    let socket = this.socket;
    if (socket !== undefined && (socket.destroyed || !socket.writable || performance.now() - this.idleSinceMs > IDLE_SOCKET_MS)) {
      this.drop();
      socket = undefined;
    }
    if (socket === undefined) socket = this.connect();
    else socket.ref();
    this.parser.reset();
    socket.write(call.request);
  }

  onData(chunk: Buffer): void {
    if (this.call === undefined) return this.drop(); // bytes nobody asked for: the connection is out of step
    let done: boolean;
    try {
      done = this.parser.execute(chunk);
    } catch (error) {
      return this.fail(connectionError(error as Error));
    }
    if (done) this.complete();
  }

  /** The server closed the connection (FIN or close): that ends a body delimited by the close; else the call fails. */
  onEnd(): void {
    if (this.call === undefined) return this.drop();
    if (this.parser.finish()) this.complete();
    else this.fail(connectionError(hangUp(this.parser.started)));
  }

  onError(error: Error): void {
    if (this.call === undefined) this.drop();
    else this.fail(connectionError(error));
  }

  /** Drops the socket; a call in flight rejects as node:http's would when its agent is destroyed. */
  abort(): void {
    if (this.call !== undefined) this.fail(connectionError(hangUp(this.parser.started)));
    else this.drop();
  }

  drop(): void {
    const socket = this.socket;
    if (socket === undefined) return;
    this.socket = undefined;
    socket[SLOT] = undefined;
    socket.destroy();
  }

  private connect(): SlotSocket {
    const socket: SlotSocket = net.connect({ host: this.address.host, port: this.address.port, noDelay: true, keepAlive: true, keepAliveInitialDelay: 1000 });
    socket[SLOT] = this;
    socket.on('data', onSocketData);
    socket.on('end', onSocketEnd);
    socket.on('close', onSocketEnd);
    socket.on('error', onSocketError);
    this.socket = socket;
    return socket;
  }

  private complete(): void {
    const call = this.call!;
    this.call = undefined;
    const answer: AgentHttpAnswer = { statusCode: this.parser.statusCode, text: this.parser.text() };
    if (this.parser.keepAlive) {
      this.idleSinceMs = performance.now();
      this.socket?.unref(); // an idle socket must not keep the process alive (as node:http's free sockets)
    } else {
      this.drop();
    }
    call.client.next(this);
    settle(call, answer);
  }

  private fail(error: Error): void {
    const call = this.call!;
    this.call = undefined;
    this.drop();
    call.client.next(this);
    settle(call, error);
  }
}

function settle(call: PendingCall, outcome: AgentHttpAnswer | Error): void {
  if (call.settled) return;
  call.settled = true;
  clearTimeout(call.timer);
  if (outcome instanceof Error) call.reject(outcome);
  else call.resolve(outcome);
}

function onCallTimeout(call: PendingCall): void {
  if (call.settled) return;
  settle(call, new AgentTimeoutError(call.timeoutMs));
  const slot = call.slot;
  if (slot === undefined) call.client.forget(call);
  else if (slot.call === call) {
    // Drop the socket so that the sandbox sees the request abandoned, and no late answer is taken for the next.
    slot.call = undefined;
    slot.drop();
    call.client.next(slot);
  }
}

function onSocketData(this: SlotSocket, chunk: Buffer): void {
  this[SLOT]?.onData(chunk);
}

function onSocketEnd(this: SlotSocket): void {
  this[SLOT]?.onEnd();
}

function onSocketError(this: SlotSocket, error: Error): void {
  this[SLOT]?.onError(error);
}

/** What node:http reports when the server closes before (`socket hang up`) or during (`aborted`) the answer. */
function hangUp(responseStarted: boolean): Error {
  const error = new Error(responseStarted ? 'aborted' : 'socket hang up') as NodeJS.ErrnoException;
  error.code = 'ECONNRESET';
  return error;
}
