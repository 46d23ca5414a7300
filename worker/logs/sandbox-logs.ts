/**
 * Per-sandbox log capture. Backends feed raw stdout/stderr; the worker collects one activation's lines, up to the
 * sentinel the runtime prints on both streams after each run (action-runtime-protocol.md, "Logs").
 */
export const LOG_SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';

export interface LogCollectOptions {
  /** false after a developer error: take what is there now, do not wait (OpenWhisk does the same). */
  waitForSentinels: boolean;
  timeoutMs: number;
  /** Past this many bytes, stop collecting and add OpenWhisk's truncation notice. */
  limitBytes: number;
}

export interface LogCollection {
  /** Each `<time padded to 30> <stream>: <text>`, sentinel lines removed. */
  lines: string[];
  sentinelsSeen: boolean;
  truncated: boolean;
}

export interface SandboxLogs {
  /** Takes the lines written since the previous collect. Never rejects; bounded by `timeoutMs`. */
  collect(options: LogCollectOptions): Promise<LogCollection>;
}

/** For sandboxes that write no logs (the simulation backend). */
export const NO_LOGS: SandboxLogs = {
  collect: async () => ({ lines: [], sentinelsSeen: true, truncated: false }),
};
