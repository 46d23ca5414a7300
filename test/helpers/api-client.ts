/**
 * Small supertest helpers shared by the API suites: authenticated requests, the wsk-style action body, key-value
 * lookups and a bounded poll for activation records (no timing assertions, no fixed sleeps).
 */
import request from 'supertest';
import type { KeyValue } from '../../common/types/entities.js';
import { basicAuth, GUEST_KEY } from './test-platform.js';

export const NODE_CODE = 'function main(params) { return { greeting: "hello " + (params.name || "world") } }';

/** What `wsk action create NAME f.js` sends (clients.md). */
export function wskActionBody(name: string, code = NODE_CODE): Record<string, unknown> {
  return { namespace: '_', name, exec: { kind: 'nodejs:default', code } };
}

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** A supertest request with Basic auth for `key` (the guest by default). */
export function authed(url: string, method: Method, path: string, key: string = GUEST_KEY): request.Test {
  return request(url)[method](path).set('authorization', basicAuth(key));
}

/** `[{key, value}]` as an object (order-insensitive comparisons). */
export function keyValues(list: readonly KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = kv.value;
  return out;
}

/** Polls GET …/activations/{id} until it answers 200 (at most `attempts` × `delayMs`); returns the last response. */
export async function pollActivation(
  url: string, activationId: string, options: { key?: string; namespace?: string; attempts?: number; delayMs?: number } = {},
): Promise<request.Response> {
  const { key = GUEST_KEY, namespace = '_', attempts = 100, delayMs = 20 } = options;
  let res: request.Response | undefined;
  for (let i = 0; i < attempts; i++) {
    res = await authed(url, 'get', `/api/v1/namespaces/${namespace}/activations/${activationId}`, key);
    if (res.status === 200) return res;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  return res!;
}

export const ACTIVATION_ID = /^[0-9a-f]{32}$/;
