import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Json } from '../../common/types/entities.js';
import { classifyRun } from '../activation/classify-run.js';
import { ILUVATAR_AGENT_PATH, ProcessBackend } from '../backends/process/process-backend.js';
import { AgentConnectionError, AgentTimeoutError, type RunPayload } from './agent-protocol.js';
import { createIluvatarAgent, unwrapInvokeAnswer, type IluvatarAgentResponse } from './iluvatar-agent.js';
import { createAgent } from './index.js';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

const runOf = (value: Json): RunPayload => ({
  value, namespace: 'guest', action_name: '/guest/a', action_version: '0.0.1', activation_id: 'a'.repeat(32),
  transaction_id: 't', deadline: '1700000000000',
});

const json = (res: http.ServerResponse, status: number, value: unknown) =>
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));

/** A port nothing listens on (taken, then released). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('createIluvatarAgent against a test server', () => {
  let server: http.Server;
  let port: number;
  let handler: Handler;
  const requests: { method?: string; url?: string; body: string; remotePort?: number }[] = [];
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        requests.push({ method: req.method, url: req.url, body, remotePort: req.socket.remotePort });
        handler(req, body, res);
      });
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  beforeEach(() => {
    requests.length = 0;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('waitReady polls GET / until it answers 200', async () => {
    let calls = 0;
    handler = (_req, _body, res) => json(res, ++calls < 4 ? 503 : 200, { status: calls < 4 ? 'starting' : 'ok' });
    const agent = createIluvatarAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    const began = Date.now();
    await agent.waitReady(2000);
    expect(Date.now() - began).toBeLessThan(500); // 2 + 3 + 4.5 ms of polling, not a fixed wait
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(Array(4).fill('GET /'));
    agent.close();
  });

  it('waitReady waits for a server that is not listening yet', async () => {
    const late = await freePort();
    const lateServer = http.createServer((_req, res) => json(res, 200, { status: 'ok' }));
    const timer = setTimeout(() => lateServer.listen(late, '127.0.0.1'), 60);
    const agent = createIluvatarAgent({ host: '127.0.0.1', port: late }, { concurrency: 1 });
    try {
      await agent.waitReady(3000);
    } finally {
      clearTimeout(timer);
      agent.close();
      lateServer.closeAllConnections();
      await new Promise((resolve) => lateServer.close(resolve));
    }
  });

  it.each([
    { name: 'an agent that never gets ready', answer: 503 },
    { name: 'a port nobody listens on', answer: undefined },
  ])('waitReady gives up with AgentTimeoutError for $name, within its bound', async ({ answer }) => {
    handler = (_req, _body, res) => json(res, answer ?? 200, {});
    const target = answer === undefined ? await freePort() : port;
    const agent = createIluvatarAgent({ host: '127.0.0.1', port: target }, { concurrency: 1 });
    const began = Date.now();
    await expect(agent.waitReady(150)).rejects.toBeInstanceOf(AgentTimeoutError);
    expect(Date.now() - began).toBeLessThan(1000);
    agent.close();
  });

  it('init answers 200 at once without calling the agent (the code is in the image)', async () => {
    const agent = createIluvatarAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    const response = await agent.init({ name: 'a', main: 'main', code: 'ignored', binary: false, env: {} }, 1000);
    expect(response.statusCode).toBe(200);
    expect(requests).toEqual([]);
    agent.close();
  });

  it('run posts the params as JSON to /invoke over one kept-alive connection and unwraps the body', async () => {
    handler = (req, body, res) =>
      json(res, 200, { body: { got: JSON.parse(body), type: req.headers['content-type'] }, start: 1000, end: 1004, duration_sec: 0.0035, was_cold: false });
    const agent = createIluvatarAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    for (let i = 0; i < 5; i++) {
      const response = (await agent.run(runOf({ name: 'Ada', i }), 1000)) as IluvatarAgentResponse;
      expect(response.statusCode).toBe(200);
      expect(response.body).toEqual({ got: { name: 'Ada', i }, type: 'application/json' });
      expect(JSON.parse(response.rawBody)).toEqual(response.body);
      expect(response.timing).toEqual({ startMs: 1000, endMs: 1004, durationMs: 3.5, wasCold: false });
    }
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(Array(5).fill('POST /invoke'));
    expect(requests[0]!.body).toBe('{"name":"Ada","i":0}'); // the params only, not the /run envelope
    expect(new Set(requests.map((r) => r.remotePort)).size).toBe(1);
    agent.close();
  });

  it('rejects with AgentTimeoutError when the agent does not answer in time', async () => {
    handler = () => {}; // never answers
    const agent = createIluvatarAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    await expect(agent.run(runOf({}), 80)).rejects.toEqual(new AgentTimeoutError(80));
    agent.close();
  });

  it('rejects with AgentConnectionError when the agent drops the connection, or after close()', async () => {
    handler = (req) => req.socket.destroy();
    const agent = createIluvatarAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    await expect(agent.run(runOf({}), 1000)).rejects.toBeInstanceOf(AgentConnectionError);
    agent.close();
    await expect(agent.run(runOf({}), 1000)).rejects.toBeInstanceOf(AgentConnectionError);
    await expect(agent.init({ name: 'a', main: 'main', binary: false, env: {} }, 1000)).rejects.toBeInstanceOf(AgentConnectionError);
    await expect(agent.waitReady(100)).rejects.toBeInstanceOf(AgentConnectionError);
  });

  it('createAgent picks the protocol by name', async () => {
    handler = (_req, _body, res) => json(res, 200, { body: { via: 'invoke' } });
    const agent = createAgent('iluvatar', { host: '127.0.0.1', port }, { concurrency: 1 });
    expect((await agent.run(runOf({}), 1000)).body).toEqual({ via: 'invoke' });
    agent.close();
    expect(() => createAgent('nope' as never, { host: '127.0.0.1', port }, { concurrency: 1 })).toThrow(/unknown agent protocol 'nope'/);
  });
});

describe('unwrapInvokeAnswer: the agent envelope → what classify-run sees', () => {
  const envelope = (extra: object) => JSON.stringify({ start: 1, end: 2, duration_sec: 0.001, was_cold: true, ...extra });
  it.each([
    { name: 'an object body', status: 200, text: envelope({ body: { a: 1 } }), body: { a: 1 }, raw: '{"a":1}', kind: 'success' },
    { name: 'a JSON string body', status: 200, text: envelope({ body: '{"a":1}' }), body: { a: 1 }, raw: '{"a":1}', kind: 'success' },
    { name: 'an array body', status: 200, text: envelope({ body: [1, 2] }), body: [1, 2], raw: '[1,2]', kind: 'success' },
    { name: 'an {error} body', status: 200, text: envelope({ body: { error: 'no' } }), body: { error: 'no' }, raw: '{"error":"no"}', kind: 'application error' },
    { name: "Ilúvatar's user_result string", status: 200, text: envelope({ user_result: '{"b":2}' }), body: { b: 2 }, raw: '{"b":2}', kind: 'success' },
    { name: 'a plain string body', status: 200, text: envelope({ body: 'hi' }), body: 'hi', raw: '"hi"', kind: 'action developer error' },
    { name: 'a null body', status: 200, text: envelope({ body: null }), body: null, raw: 'null', kind: 'action developer error' },
    { name: 'no body at all', status: 200, text: envelope({}), body: undefined, raw: envelope({}), kind: 'action developer error' },
    { name: 'a non-JSON answer', status: 200, text: 'oops', body: undefined, raw: 'oops', kind: 'action developer error' },
    { name: 'a user_error (422)', status: 422, text: envelope({ user_error: 'boom' }), body: { error: 'boom' }, raw: envelope({ user_error: 'boom' }), kind: 'action developer error' },
    { name: 'a platform_error (500)', status: 500, text: JSON.stringify({ platform_error: 'bad json' }), body: { error: 'bad json' }, raw: '{"platform_error":"bad json"}', kind: 'action developer error' },
  ])('$name', ({ status, text, body, raw, kind }) => {
    const answer = unwrapInvokeAnswer(status, text);
    expect(answer.statusCode).toBe(status);
    expect(answer.body).toEqual(body);
    expect(answer.rawBody).toBe(raw);
    expect(classifyRun(answer, 1_048_576).response.status).toBe(kind);
  });

  it('keeps the developer error message of a failing function', () => {
    const outcome = classifyRun(unwrapInvokeAnswer(422, envelope({ user_error: 'division by zero' })), 1_048_576);
    expect(outcome).toEqual({ response: expect.objectContaining({ statusCode: 2, result: { error: 'division by zero' } }), healthy: false });
  });

  it.each([
    { fields: { start: 5, end: 9, duration_sec: 0.25, was_cold: true }, timing: { startMs: 5, endMs: 9, durationMs: 250, wasCold: true } },
    { fields: { start: '2024-01-02T03:04:05.000Z' }, timing: { startMs: Date.UTC(2024, 0, 2, 3, 4, 5) } },
    { fields: { start: '2024-01-02 03:04:05:123456+', duration_sec: 'x' }, timing: {} },
  ])('reads the agent timings $fields', ({ fields, timing }) => {
    expect(unwrapInvokeAnswer(200, JSON.stringify({ body: {}, ...fields })).timing).toEqual(timing);
  });
});

/** Spawns runtimes/iluvatar/agent.js; with port 0 the agent reports its port on fd 3. */
function spawnAgent(args: string[], env: Record<string, string> = {}): { child: ChildProcess; port: Promise<number> } {
  const child = spawn(process.execPath, [ILUVATAR_AGENT_PATH, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const port = new Promise<number>((resolve, reject) => {
    let text = '';
    const fd3 = child.stdio[3] as Readable;
    fd3.setEncoding('utf8');
    fd3.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(Number(text.trim()));
    });
    child.once('exit', (code) => reject(new Error(`agent exited with ${code}`)));
  });
  port.catch(() => {});
  return { child, port };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function getJson(port: number, urlPath: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    }).on('error', reject);
  });
}

describe('runtimes/iluvatar/agent.js', () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(children.map(stop));
  });

  it('serves GET / and POST /invoke with its built-in greeting function, cold once', async () => {
    const { child, port: portPromise } = spawnAgent(['--host', '127.0.0.1', '--port', '0']);
    children.push(child);
    const port = await portPromise;
    expect(await getJson(port, '/')).toEqual({ status: 200, body: { status: 'ok' } });
    const agent = createIluvatarAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    await agent.waitReady(5000);
    const first = (await agent.run(runOf({ name: 'Ada', n: 1 }), 5000)) as IluvatarAgentResponse;
    expect(first.statusCode).toBe(200);
    expect(first.body).toEqual({ name: 'Ada', n: 1, greeting: 'Hello, Ada!' });
    expect(first.timing.wasCold).toBe(true);
    expect(first.timing.durationMs).toBeGreaterThanOrEqual(0);
    expect(first.timing.endMs! - first.timing.startMs!).toBeGreaterThanOrEqual(0);
    const second = (await agent.run(runOf({}), 5000)) as IluvatarAgentResponse;
    expect(second.body).toEqual({ greeting: 'Hello, world!' });
    expect(second.timing.wasCold).toBe(false);
    expect(await getJson(port, '/nope')).toMatchObject({ status: 404 });
    agent.close();
  });

  it('listens on __OW_PROXY_PORT when no --port is given', async () => {
    const port = await freePort();
    const { child } = spawnAgent(['--host', '127.0.0.1'], { __OW_PROXY_PORT: String(port) });
    children.push(child);
    const agent = createIluvatarAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    await agent.waitReady(5000);
    expect((await agent.run(runOf({ name: 'Bob' }), 5000)).body).toEqual({ name: 'Bob', greeting: 'Hello, Bob!' });
    agent.close();
  });
});

describe('the process backend with SandboxSpec.protocol iluvatar', () => {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'owfast-iluvatar-test-'));
  const backend = new ProcessBackend({ workerId: 'ilu', runDir });
  const spec = {
    functionKey: 'guest/ilu@0.0.1', kind: 'nodejs:20', image: 'iluvatar-hello', protocol: 'iluvatar' as const,
    memoryMb: 128, cpuShares: 128, concurrency: 1, labels: {}, env: {},
  };

  afterAll(async () => {
    await backend.close();
    rmSync(runDir, { recursive: true, force: true });
  });

  it('starts the Ilúvatar agent, runs it without /init, and ends each invocation\'s logs at the sentinels', async () => {
    const sandbox = await backend.create(spec);
    const response = await sandbox.agent.run(runOf({ name: 'Eru' }), 5000);
    expect(response).toMatchObject({ statusCode: 200, body: { name: 'Eru', greeting: 'Hello, Eru!' } });
    const logs = await sandbox.logs.collect({ waitForSentinels: true, timeoutMs: 2000, limitBytes: 10_000 });
    expect(logs).toMatchObject({ lines: [], sentinelsSeen: true });
    await backend.destroy(sandbox);
  });

  it('counts a left-behind agent as an orphan of ours', async () => {
    const crashed = new ProcessBackend({ workerId: 'ilu-orphans', runDir: path.join(runDir, 'orphans') });
    try {
      await crashed.create(spec);
      const restarted = new ProcessBackend({ workerId: 'ilu-orphans', runDir: path.join(runDir, 'orphans') });
      expect(await restarted.removeOrphans()).toBe(1);
    } finally {
      await crashed.close();
    }
  });
});
