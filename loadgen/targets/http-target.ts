/**
 * HTTP target: any OpenWhisk-API endpoint (ours standalone or clustered, or Apache OpenWhisk for invoke-only use).
 * One keep-alive agent for every request, so connection set-up is not measured. Functions are deployed as a
 * nodejs action that busy-waits `warm_dur_ms` (real sandboxes) and carries `sim-warm-ms` / `sim-cold-ms`
 * annotations (the simulation backend); prewarm and worker status use this platform's extensions.
 */
import { Agent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { GUEST_KEY, WHISK_SYSTEM_KEY } from '../../api/auth/seed-subjects.js';
import { realClock } from '../../common/clock.js';
import type { JsonObject } from '../../common/types/entities.js';
import type { FunctionMeta } from '../trace/trace-files.js';
import type { InvokeOutcome, LoadTarget, TargetStatus } from './target.js';

export interface HttpTargetOptions {
  apihost: string;
  /** `uuid:key` of the namespace that owns the functions (default: OpenWhisk's guest key). */
  auth?: string;
  /** `uuid:key` allowed to read /admin/workers (default: whisk.system's key). */
  adminAuth?: string;
  /** Action kind of the busy-wait function. */
  kind?: string;
  /** Most containers one prewarm call may ask for (the server's limits.prewarmMax). */
  prewarmChunk?: number;
}

/** Burns the CPU for warm_dur_ms: a stand-in for a function of that duration on a real sandbox. */
export const BUSY_WAIT_CODE = `function main(params) {
  const ms = Number(params.warm_dur_ms) || 0;
  const end = Date.now() + ms;
  let spins = 0;
  while (Date.now() < end) spins++;
  return { busy_ms: ms, spins };
}`;

interface HttpAnswer {
  status: number;
  body: unknown;
}

export function createHttpTarget(options: HttpTargetOptions): LoadTarget {
  const base = new URL(options.apihost.includes('://') ? options.apihost : `https://${options.apihost}`);
  const secure = base.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: Infinity }) : new Agent({ keepAlive: true, maxSockets: Infinity });
  const userAuth = `Basic ${Buffer.from(options.auth ?? GUEST_KEY).toString('base64')}`;
  const adminAuth = `Basic ${Buffer.from(options.adminAuth ?? WHISK_SYSTEM_KEY).toString('base64')}`;
  const kind = options.kind ?? 'nodejs:20';
  const chunk = options.prewarmChunk ?? 50;
  const clock = realClock;
  let workers: string[] = [];

  const call = (method: string, path: string, auth: string, body?: unknown): Promise<HttpAnswer> =>
    new Promise((resolve) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = (secure ? httpsRequest : httpRequest)(
        {
          protocol: base.protocol, hostname: base.hostname, port: base.port, method, path: base.pathname.replace(/\/$/, '') + path,
          headers: {
            authorization: auth, accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          },
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch { /* keep the text */ }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', (err) => resolve({ status: 0, body: { error: err.message } }));
      req.end(payload);
    });

  const actionPath = (fn: string) => `/api/v1/namespaces/_/actions/${encodeURIComponent(fn)}`;

  return {
    name: `http ${base.origin}`,
    clock,
    async deploy(functions: readonly FunctionMeta[]) {
      for (const f of functions) {
        const answer = await call('PUT', `${actionPath(f.name)}?overwrite=true`, userAuth, {
          exec: { kind, code: BUSY_WAIT_CODE },
          limits: { memory: f.memoryMb, timeout: Math.min(300_000, Math.max(60_000, Math.ceil(3 * f.coldMs))) },
          annotations: [
            { key: 'sim-warm-ms', value: f.warmMs },
            { key: 'sim-cold-ms', value: f.coldMs },
          ],
        });
        if (answer.status !== 200) throw new Error(`creating ${f.name} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    },
    async prewarm(fn: string, count: number) {
      let ready = 0;
      for (let left = count; left > 0; left -= chunk) {
        const answer = await call('POST', '/api/v1/namespaces/_/prewarm', userAuth, { action: fn, count: Math.min(chunk, left) });
        if (answer.status !== 200) throw new Error(`prewarming ${fn} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
        ready += (answer.body as { ready: number }).ready;
      }
      return ready;
    },
    async invoke(fn: string, params: JsonObject): Promise<InvokeOutcome> {
      const sentAt = clock.now();
      const answer = await call('POST', `${actionPath(fn)}?blocking=true`, userAuth, params);
      const receivedAt = clock.now();
      return outcomeOf(answer, sentAt, receivedAt, workers.length === 1 ? workers[0]! : '');
    },
    async status(): Promise<TargetStatus> {
      const answer = await call('GET', '/api/v1/admin/workers', adminAuth);
      if (answer.status !== 200 || !Array.isArray(answer.body)) throw new Error(`worker status failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      const reports = answer.body as { workerId: string; running: number; queueLength: number; limit: number }[];
      workers = reports.map((r) => r.workerId);
      return {
        running: sum(reports.map((r) => r.running)),
        queued: sum(reports.map((r) => r.queueLength)),
        limit: sum(reports.map((r) => r.limit)),
        workers,
      };
    },
    drive: (work) => work,
    async close() {
      agent.destroy();
    },
  };
}

/** Reads an activation record (200, or 502 for application and developer errors) into an outcome. */
export function outcomeOf(answer: HttpAnswer, sentAt: number, receivedAt: number, worker: string): InvokeOutcome {
  const base = { sentAt, receivedAt, cold: false, worker };
  const record = answer.body as {
    start?: number; end?: number; annotations?: { key: string; value: unknown }[]; response?: { status?: string; success?: boolean };
  } | undefined;
  if (answer.status === 202) return { ...base, error: 'blocking wait exceeded' };
  if ((answer.status !== 200 && answer.status !== 502) || typeof record?.start !== 'number') {
    return { ...base, error: answer.status === 0 ? 'connection error' : `http ${answer.status}` };
  }
  const annotation = (key: string) => record.annotations?.find((a) => a.key === key)?.value;
  const waitMs = annotation('waitTime');
  const initMs = annotation('initTime');
  return {
    ...base,
    startAt: record.start,
    endAt: record.end ?? record.start,
    ...(typeof waitMs === 'number' ? { waitMs } : {}),
    ...(typeof initMs === 'number' ? { initMs } : {}),
    cold: typeof initMs === 'number',
    error: record.response?.success === false ? record.response.status ?? 'error' : '',
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
