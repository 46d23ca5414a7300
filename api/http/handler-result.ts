/** What every operation handler returns; the edge (send-result.ts) writes it. Handlers never touch `res`. */
export interface HandlerResult {
  status: number;
  /** Serialized as JSON unless `text` is set. */
  body?: unknown;
  /** A plain-text body (e.g. /ping). */
  text?: string;
  headers?: Record<string, string>;
}

export const ok = (body: unknown, headers?: Record<string, string>): HandlerResult => ({ status: 200, body, ...(headers ? { headers } : {}) });
