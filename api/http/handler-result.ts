/** What every operation handler returns; the edge (send-result.ts) writes it. Handlers never touch `res`. */
export interface HandlerResult {
  status: number;
  /** Serialized as JSON unless `text` is set. */
  body?: unknown;
  /** A body sent as is (e.g. /ping's plain text; a web action's HTML or binary body). */
  text?: string | Buffer;
  headers?: Record<string, string>;
}

export const ok = (body: unknown, headers?: Record<string, string>): HandlerResult => ({ status: 200, body, ...(headers ? { headers } : {}) });
