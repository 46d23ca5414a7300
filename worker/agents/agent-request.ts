/**
 * One HTTP request to a sandbox's agent over its keep-alive agent, shared by every protocol: resolves with the
 * status and body text for ANY status; rejects with AgentTimeoutError after `timeoutMs` (and drops the request)
 * or AgentConnectionError when the connection fails, is reset, or closes before the response completes.
 */
import * as http from 'node:http';
import { AgentConnectionError, AgentTimeoutError } from './agent-protocol.js';

export interface AgentHttpAnswer {
  statusCode: number;
  text: string;
}

export function agentRequest(options: http.RequestOptions, body: string | undefined, timeoutMs: number): Promise<AgentHttpAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    };
    const req = http.request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
        resolve({ statusCode: res.statusCode ?? 0, text });
      });
      res.on('error', (error) => fail(connectionError(error)));
      res.on('close', () => {
        if (!res.complete) fail(new AgentConnectionError('agent connection closed before the response completed'));
      });
    });
    const timer = setTimeout(() => {
      fail(new AgentTimeoutError(timeoutMs));
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => fail(connectionError(error)));
    req.end(body);
  });
}

export function connectionError(cause: Error): AgentConnectionError {
  const code = (cause as NodeJS.ErrnoException).code;
  return new AgentConnectionError(`agent connection failed: ${code ?? cause.message}`, { cause });
}
