/**
 * Child processes the benchmarks measure: the standalone platform, a bare action proxy, a bare echo server.
 * CPU time of a process is read from /proc so the load generator's own CPU is never counted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface Started {
  child: ChildProcess;
  url: string;
  stop(): void;
}

/** Benchmarks invoke far more than OpenWhisk's 60 a minute: the namespace throttles are off (0 = unlimited). */
const UNTHROTTLED = {
  OW_LIMITS__INVOCATIONS_PER_MINUTE: '0',
  OW_LIMITS__CONCURRENT_INVOCATIONS: '0',
  OW_LIMITS__FIRES_PER_MINUTE: '0',
};

/**
 * Starts `npm start`'s entry point (without the install step) and waits for its "API at" line. Runs node with
 * tsx's loader in this child itself (not through the tsx CLI, which adds a wrapper process), so its pid is the
 * platform's. `nodeArgs` go to node itself (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export function startPlatform(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Started> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(ROOT, 'cli', 'start.ts'), '--port', '0', '--log-level', 'warn', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...UNTHROTTLED, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return waitForLine(child, /API at (http:\/\/[\d.:]+)/, 30_000);
}

/** A bare proxy process: the same nodejs action proxy the process backend runs, started directly. */
export function startProxy(): Promise<Started> {
  const child = spawn(process.execPath, [join(ROOT, 'worker', 'runtimes', 'nodejs', 'proxy.js'), '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('proxy did not start')), 10_000);
    child.stdio[3]!.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      const port = Number.parseInt(chunk.toString(), 10);
      resolve({ child, url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') });
    });
  });
}

/** A bare Node http server answering every request with a small JSON body (the throughput ceiling). */
export function startEchoServer(): Promise<Started> {
  const code = `
    const http = require('node:http');
    const body = JSON.stringify({ activationId: '0'.repeat(32) });
    const s = http.createServer((req, res) => { req.on('data', () => {}); req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); }); });
    s.keepAliveTimeout = 65000;
    s.listen(0, '127.0.0.1', () => console.log('API at http://127.0.0.1:' + s.address().port));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return waitForLine(child, /API at (http:\/\/[\d.:]+)/, 10_000);
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<Started> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process did not print ${pattern} within ${timeoutMs} ms: ${seen}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = pattern.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stop: () => child.kill('SIGINT') });
      }
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before printing ${pattern}: ${seen}`)));
  });
}

/** user + system CPU time of a process and its live children, in ms (Linux /proc). */
export function cpuTimeMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

/** Pids of a process's direct children (for the action proxy the platform started). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
