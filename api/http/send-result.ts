/** Writes a HandlerResult with plain node:http calls (no framework cost on the hot path). */
import type { ServerResponse } from 'node:http';
import type { HandlerResult } from './handler-result.js';

const JSON_TYPE = 'application/json';

export function sendResult(res: ServerResponse, result: HandlerResult): void {
  if (result.stream) {
    res.writeHead(result.status, result.headers);
    result.stream(res);
    return;
  }
  const headers: Record<string, string | string[] | number> = { ...result.headers };
  let payload: string | Buffer | undefined;
  if (result.text !== undefined) {
    payload = result.text;
    headers['content-type'] ??= 'text/plain; charset=UTF-8';
  } else if (result.body !== undefined) {
    payload = JSON.stringify(result.body);
    headers['content-type'] = JSON_TYPE;
  }
  if (payload !== undefined) headers['content-length'] = Buffer.byteLength(payload);
  res.writeHead(result.status, headers);
  res.end(payload);
}
