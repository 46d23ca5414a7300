/** What every operation handler returns; the edge (send-result.ts) writes it. Handlers never touch `res`. */
import type { ServerResponse } from 'node:http';

export interface HandlerResult {
  status: number;
  /** Serialized as JSON unless `text` or `json` is set. */
  body?: unknown;
  /** `body` already serialized (JSON.stringify(body), e.g. an activation record's memoized JSON): sent as is. */
  json?: string;
  /** A body sent as is (e.g. /ping's plain text; a web action's HTML or binary body). */
  text?: string | Buffer;
  /** An array sends the header once per value (a web action's `Set-Cookie: [...]`). */
  headers?: Record<string, string | string[]>;
  /**
   * A body written over time instead (the activation stream): called once by the edge after the status and headers
   * are written; it owns `res` from then on. Errors must be thrown before, from the handler, to get `{error, code}`.
   */
  stream?: (res: ServerResponse) => void;
}

export const ok = (body: unknown, headers?: Record<string, string>): HandlerResult => ({ status: 200, body, ...(headers ? { headers } : {}) });
