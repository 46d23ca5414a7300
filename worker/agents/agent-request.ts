/**
 * One HTTP request to a sandbox's agent over its keep-alive agent, shared by every protocol: resolves with the
 * status and body text for ANY status; rejects with AgentTimeoutError after `timeoutMs` (and drops the request)
 * or AgentConnectionError when the connection fails, is reset, or closes before the response completes.
 *
 * Every warm activation makes one of these, so the listeners are module-level functions that find the call's
 * state on the request (no closures made per call), and the timer gets its state as an argument.
 */
import * as http from 'node:http';
import { AgentConnectionError, AgentTimeoutError } from './agent-protocol.js';

export interface AgentHttpAnswer {
  statusCode: number;
  text: string;
}

interface PendingCall {
  req: http.ClientRequest;
  resolve: (answer: AgentHttpAnswer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
  timeoutMs: number;
  settled: boolean;
  /** The body's first chunk; `more` holds any further ones (a small answer is one chunk). */
  first: Buffer | undefined;
  more: Buffer[] | undefined;
}

const CALL = Symbol('agent call');
type TaggedRequest = http.ClientRequest & { [CALL]?: PendingCall };

export function agentRequest(options: http.RequestOptions, body: string | Buffer | undefined, timeoutMs: number): Promise<AgentHttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(options, onResponse) as TaggedRequest;
    const call: PendingCall = { req, resolve, reject, timer: undefined, timeoutMs, settled: false, first: undefined, more: undefined };
    req[CALL] = call;
    call.timer = setTimeout(onTimeout, timeoutMs, call);
    req.on('error', onRequestError);
    req.end(body);
  });
}

export function connectionError(cause: Error): AgentConnectionError {
  const code = (cause as NodeJS.ErrnoException).code;
  return new AgentConnectionError(`agent connection failed: ${code ?? cause.message}`, { cause });
}

function fail(call: PendingCall, error: Error): void {
  if (call.settled) return;
  call.settled = true;
  clearTimeout(call.timer);
  call.reject(error);
}

function onTimeout(call: PendingCall): void {
  fail(call, new AgentTimeoutError(call.timeoutMs));
  call.req.destroy();
}

function onRequestError(this: TaggedRequest, error: Error): void {
  fail(this[CALL]!, connectionError(error));
}

function onResponse(res: http.IncomingMessage): void {
  res.on('data', onData);
  res.on('end', onEnd);
  res.on('error', onResponseError);
  res.on('close', onClose);
}

function callOf(res: http.IncomingMessage): PendingCall {
  return ((res as unknown as { req: TaggedRequest }).req)[CALL]!;
}

function onData(this: http.IncomingMessage, chunk: Buffer): void {
  const call = callOf(this);
  if (call.first === undefined) call.first = chunk;
  else (call.more ??= []).push(chunk);
}

function onEnd(this: http.IncomingMessage): void {
  const call = callOf(this);
  if (call.settled) return;
  call.settled = true;
  clearTimeout(call.timer);
  const { first, more } = call;
  const text = first === undefined ? '' : more === undefined ? first.toString('utf8') : Buffer.concat([first, ...more]).toString('utf8');
  call.resolve({ statusCode: this.statusCode ?? 0, text });
}

function onResponseError(this: http.IncomingMessage, error: Error): void {
  fail(callOf(this), connectionError(error));
}

function onClose(this: http.IncomingMessage): void {
  if (!this.complete) fail(callOf(this), new AgentConnectionError('agent connection closed before the response completed'));
}
