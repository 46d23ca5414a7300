/**
 * Small helpers the scenarios share: bounded polling, asserting a client rejection's HTTP status, reading
 * annotations, and creating an action that is always deleted again.
 */
import assert from 'node:assert/strict';
import type openwhisk from 'openwhisk';
import type { ScenarioContext } from './context.js';

/** What the npm client rejects with (lib/openwhisk_error.js): the HTTP status and the parsed body. */
export interface ClientError extends Error {
  statusCode?: number;
  error?: { error?: unknown; code?: unknown; response?: ActivationResponse } & Record<string, unknown>;
}

export interface ActivationResponse {
  status: string;
  statusCode?: number;
  success: boolean;
  result: Record<string, unknown>;
  size?: number;
}

/** The activation record fields the scenarios check (docs/reference.md, "Activation"). */
export interface ActivationRecord {
  namespace: string;
  name: string;
  version: string;
  subject: string;
  activationId: string;
  start: number;
  end: number;
  duration: number;
  statusCode?: number;
  response: ActivationResponse;
  logs: string[];
  annotations: openwhisk.KeyVal[];
}

export const ACTIVATION_ID = /^[0-9a-f]{32}$/;

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls `probe` until it returns something other than undefined; fails after `timeoutMs`. Probe errors propagate. */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 250 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Awaits a call that must succeed, naming the step when it does not. */
export async function step<T>(what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    const err = error as Error;
    err.message = `${what}: ${err.message}`;
    throw err;
  }
}

/** Awaits a call that must fail with `statusCode`; returns the client's error for further checks. */
export async function expectStatus(call: Promise<unknown>, statusCode: number, what: string): Promise<ClientError> {
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (error) {
    const err = error as ClientError;
    assert.equal(err.statusCode, statusCode, `${what}: expected HTTP ${statusCode}, got ${err.statusCode}: ${err.message}`);
    return err;
  }
  assert.fail(`${what}: expected HTTP ${statusCode}, but the call succeeded with ${JSON.stringify(outcome)}`);
}

/** OpenWhisk's error body: `{"error": message, "code": transaction id}` (docs/rest_api.md). */
export function assertErrorBody(err: ClientError, what: string): void {
  assert.equal(typeof err.error?.error, 'string', `${what}: error body lacks a string "error": ${JSON.stringify(err.error)}`);
  assert.ok(err.error?.code !== undefined, `${what}: error body lacks "code": ${JSON.stringify(err.error)}`);
}

export function annotation(record: { annotations?: openwhisk.KeyVal[] }, key: string): unknown {
  return record.annotations?.find((a) => a.key === key)?.value;
}

export interface ActionSpec {
  suffix: string;
  code: string | Buffer;
  kind?: string;
  params?: Record<string, unknown>;
}

/** Creates an action, runs `body` with its name, and deletes it afterwards whatever happened. */
export async function withAction<T>(ctx: ScenarioContext, spec: ActionSpec, body: (name: string) => Promise<T>): Promise<T> {
  const name = ctx.name(spec.suffix);
  await ctx.ow.actions.create({ name, action: spec.code, kind: spec.kind ?? 'nodejs:default', ...(spec.params ? { params: spec.params } : {}) });
  let passed = false;
  try {
    const value = await body(name);
    passed = true;
    return value;
  } finally {
    await deleteAction(ctx, name, passed);
  }
}

/** Deletes an action; a 404 is fine (the scenario deleted it), other failures count only if nothing failed before. */
export async function deleteAction(ctx: ScenarioContext, name: string, reportFailure = true): Promise<void> {
  try {
    await ctx.ow.actions.delete({ name });
  } catch (error) {
    if ((error as ClientError).statusCode !== 404 && reportFailure) throw error;
  }
}

/** Non-blocking activations are readable once recorded: poll `GET /activations/{id}` (bounded). */
export async function awaitActivation(ctx: ScenarioContext, activationId: string, timeoutMs = 60_000): Promise<ActivationRecord> {
  return pollUntil(`activation ${activationId}`, async () => {
    try {
      return (await ctx.ow.activations.get({ name: activationId })) as unknown as ActivationRecord;
    } catch (error) {
      if ((error as ClientError).statusCode === 404) return undefined;
      throw error;
    }
  }, { timeoutMs, intervalMs: 300 });
}
