/** Writes a HandlerResult with plain node:http calls (no framework cost on the hot path). */
import type { ServerResponse } from 'node:http';
import type { HandlerResult } from './handler-result.js';

const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain; charset=UTF-8';

export function sendResult(res: ServerResponse, result: HandlerResult): void {
  if (result.stream) {
    res.writeHead(result.status, result.headers);
    result.stream(res);
    return;
  }
  let payload: string | Buffer | undefined;
  let type: string | undefined;
  if (result.text !== undefined) {
    payload = result.text;
    if (result.headers?.['content-type'] === undefined) type = TEXT_TYPE;
  } else if (result.json !== undefined) {
    payload = result.json;
    type = JSON_TYPE;
  } else if (result.body !== undefined) {
    payload = JSON.stringify(result.body);
    type = JSON_TYPE;
  }
  const headers: Record<string, string | string[] | number> = result.headers ? { ...result.headers } : {};
  if (type !== undefined) headers['content-type'] = type;
  if (payload !== undefined) headers['content-length'] = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  res.writeHead(result.status, headers);
  res.end(payload);
}
