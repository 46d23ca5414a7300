/**
 * Closed-loop load: N clients, each sending its next request as soon as the previous answer arrives, over one
 * keep-alive connection per client. Returns per-request latencies and throughput.
 */
import { Agent, request } from 'node:http';

export interface Target {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Status the response must have; anything else counts as an error. */
  expectStatus?: number;
}

export interface LoopResult {
  latenciesMs: number[];
  requests: number;
  errors: number;
  elapsedMs: number;
  throughput: number;
}

/** `target` may differ per client (e.g. one container each); a single Target is shared by all clients. */
export async function closedLoop(
  target: Target | ((client: number) => Target), clients: number, requestsPerClient: number,
): Promise<LoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  const prepared = Array.from({ length: clients }, (_, i) => prepare(typeof target === 'function' ? target(i) : target));
  const once = ({ target, url, body, headers }: Prepared) =>
    new Promise<void>((resolve) => {
      const started = process.hrtime.bigint();
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: target.method, headers, agent },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            if (target.expectStatus !== undefined && res.statusCode !== target.expectStatus) errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const began = process.hrtime.bigint();
  await Promise.all(
    prepared.map(async (p) => {
      for (let i = 0; i < requestsPerClient; i++) await once(p);
    }),
  );
  const elapsedMs = Number(process.hrtime.bigint() - began) / 1e6;
  agent.destroy();
  const requests = clients * requestsPerClient;
  return { latenciesMs: latencies, requests, errors, elapsedMs, throughput: (requests / elapsedMs) * 1000 };
}

interface Prepared {
  target: Target;
  url: URL;
  body: Buffer | undefined;
  headers: Record<string, string>;
}

function prepare(target: Target): Prepared {
  const body = target.body ? Buffer.from(target.body) : undefined;
  const headers = { ...target.headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}) };
  return { target, url: new URL(target.url), body, headers };
}
