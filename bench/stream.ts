/**
 * The live activation stream during a burst of blocking invokes (simulation backend, 0 ms functions, SQLite, the
 * platform in its own process): the delay from an activation's end to its event reaching a subscriber (receipt
 * time − the record's `end`), and invoke throughput and server CPU with no subscriber, one reading subscriber, and
 * one reading plus one that never reads (dropped once its buffers fill) — the same run, phases alternated.
 * Knobs: BENCH_REQUESTS (per client, default 2000), BENCH_CLIENTS (default 8), BENCH_REPS (default 2).
 * Caveat: `end` is whole milliseconds on the platform's clock (same machine, another process): delays are ±0.5 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStream, type EventStreamConnection } from '../test/helpers/event-stream-client.js';
import { closedLoop, type Target } from './lib/closed-loop.js';
import { AUTH_HEADER, invokeUrl, putAction } from './lib/platform-client.js';
import { cpuTimeMs, startPlatform, type Started } from './lib/processes.js';
import { fmt, summarize } from './lib/stats.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const REPS = Number(process.env.BENCH_REPS ?? 2);
const STREAM_PATH = '/api/v1/namespaces/_/activations/stream?name=noop';

type Phase = 'no subscriber' | '1 subscriber' | '1 subscriber + 1 stalled';
const PHASES: Phase[] = ['no subscriber', '1 subscriber', '1 subscriber + 1 stalled'];

interface PhaseResult {
  throughput: number;
  cpuUsPerReq: number;
  errors: number;
}

export async function runStream(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'owfast-bench-'));
  let platform: Started | undefined;
  try {
    platform = await startPlatform(['--backend', 'simulation', '--store', 'sqlite', '--data-dir', dataDir], {
      OW_WORKER__SIMULATION__WARM_MS: '0', OW_WORKER__SIMULATION__COLD_MS: '0', OW_WORKER__CONCURRENCY_LIMIT: '256',
    });
    await putAction(platform.url, 'noop', { exec: { kind: 'nodejs:default', code: 'function main() { return {} }' } });
    const target: Target = {
      url: invokeUrl(platform.url, 'noop'), method: 'POST', body: '{}', expectStatus: 200, headers: { authorization: AUTH_HEADER },
    };
    await closedLoop(target, CLIENTS, Math.min(REQUESTS, 1000));

    const results = new Map<Phase, PhaseResult[]>(PHASES.map((p) => [p, []]));
    const delaysMs: number[] = [];
    let missing = 0;
    for (let rep = 0; rep < REPS; rep++) {
      for (const phase of PHASES) {
        const subscriber = phase === 'no subscriber' ? undefined : await openEventStream(`${platform.url}${STREAM_PATH}`, { authorization: AUTH_HEADER });
        const stalled = phase === '1 subscriber + 1 stalled' ? await stalledSubscriber(platform.url) : undefined;
        const cpu0 = cpuTimeMs(platform.child.pid!);
        const loop = await closedLoop(target, CLIENTS, REQUESTS);
        const cpuUsPerReq = ((cpuTimeMs(platform.child.pid!) - cpu0) / loop.requests) * 1000;
        results.get(phase)!.push({ throughput: loop.throughput, cpuUsPerReq, errors: loop.errors });
        stalled?.destroy();
        if (subscriber) missing += await collectDelays(subscriber, loop.requests, delaysMs);
      }
    }

    console.log(`\nstream: ${CLIENTS} clients × ${REQUESTS} blocking invokes per phase, ${REPS} alternations, simulation backend (0 ms)`);
    console.log('subscribers               |   req/s | server CPU µs/req | errors | vs none');
    const none = mean(results.get('no subscriber')!.map((r) => r.throughput));
    for (const phase of PHASES) {
      const rs = results.get(phase)!;
      const rate = mean(rs.map((r) => r.throughput));
      console.log(`${phase.padEnd(25)} | ${rate.toFixed(0).padStart(7)} | ${mean(rs.map((r) => r.cpuUsPerReq)).toFixed(0).padStart(17)} | ${String(rs.reduce((n, r) => n + r.errors, 0)).padStart(6)} | ${((rate / none) * 100).toFixed(0)}%`);
    }
    const s = summarize(delaysMs);
    console.log(`delay end → event received: ${s.samples} events, p50 ${fmt(s.p50)} ms, p90 ${fmt(s.p90)} ms, p99 ${fmt(s.p99)} ms, mean ${fmt(s.mean)} ms` +
      (missing > 0 ? `; ${missing} events MISSING` : '; none missing'));
  } finally {
    platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Waits (≤ 10 s) for `expected` activation events, adds their delays, closes; returns how many never came. */
async function collectDelays(subscriber: EventStreamConnection, expected: number, delaysMs: number[]): Promise<number> {
  const events = () => subscriber.events.filter((e) => e.event === 'activation');
  const deadline = Date.now() + 10_000;
  while (events().length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  subscriber.close();
  for (const e of events()) {
    const end = Number(/"end":(\d+)/.exec(e.data)?.[1]);
    delaysMs.push(e.receivedAt - end);
  }
  return Math.max(0, expected - events().length);
}

/** A subscriber that sends its request and never reads a byte. */
async function stalledSubscriber(baseUrl: string): Promise<Socket> {
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.pause();
  socket.on('error', () => {});
  socket.write(`GET ${STREAM_PATH} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${AUTH_HEADER}\r\n\r\n`);
  return socket;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
