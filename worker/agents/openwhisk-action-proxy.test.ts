import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { AgentConnectionError, AgentTimeoutError, type RunPayload } from './agent-protocol.js';
import { createOpenWhiskAgent } from './openwhisk-action-proxy.js';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

const RUN: RunPayload = {
  value: { name: 'x' },
  namespace: 'guest',
  action_name: '/guest/a',
  action_version: '0.0.1',
  activation_id: 'a'.repeat(32),
  transaction_id: 't',
  deadline: '1700000000000',
};

describe('createOpenWhiskAgent', () => {
  let server: http.Server;
  let port: number;
  let handler: Handler;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts /init with the payload under value and resolves any status', async () => {
    let seen: { url?: string; body?: unknown; type?: string } = {};
    handler = (req, body, res) => {
      seen = { url: req.url, body: JSON.parse(body), type: req.headers['content-type'] };
      res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"error":"Cannot initialize the action more than once."}');
    };
    const agent = createOpenWhiskAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    const payload = { name: 'a', main: 'main', code: 'function main(){}', binary: false, env: { A: '1' } };
    const response = await agent.init(payload, 1000);
    expect(seen).toEqual({ url: '/init', body: { value: payload }, type: 'application/json' });
    expect(response).toEqual({
      statusCode: 403,
      body: { error: 'Cannot initialize the action more than once.' },
      rawBody: '{"error":"Cannot initialize the action more than once."}',
    });
    agent.close();
  });

  it('posts /run with the payload as is, over one kept-alive connection', async () => {
    const remotePorts = new Set<number>();
    handler = (req, body, res) => {
      remotePorts.add(req.socket.remotePort ?? 0);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ echo: JSON.parse(body) }));
    };
    const agent = createOpenWhiskAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    for (let i = 0; i < 5; i++) {
      const response = await agent.run(RUN, 1000);
      expect(response.statusCode).toBe(200);
      expect(response.body).toEqual({ echo: RUN });
    }
    expect(remotePorts.size).toBe(1);
    agent.close();
  });

  it('keeps non-JSON and empty bodies raw', async () => {
    const agent = createOpenWhiskAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    handler = (_req, _body, res) => res.writeHead(502).end('not json ü');
    await expect(agent.run(RUN, 1000)).resolves.toEqual({ statusCode: 502, body: undefined, rawBody: 'not json ü' });
    handler = (_req, _body, res) => res.writeHead(204).end();
    await expect(agent.run(RUN, 1000)).resolves.toEqual({ statusCode: 204, body: undefined, rawBody: '' });
    agent.close();
  });

  it('rejects AgentTimeoutError after timeoutMs and drops the request', async () => {
    let closed = false;
    handler = (req) => req.socket.on('close', () => (closed = true));
    const agent = createOpenWhiskAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    const started = Date.now();
    await expect(agent.run(RUN, 100)).rejects.toBeInstanceOf(AgentTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
    await waitFor(() => closed);
    agent.close();
  });

  it('rejects AgentConnectionError when the connection is reset mid-response', async () => {
    handler = (req, _body, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{"partial"');
      setTimeout(() => req.socket.destroy(), 10);
    };
    const agent = createOpenWhiskAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    await expect(agent.run(RUN, 1000)).rejects.toBeInstanceOf(AgentConnectionError);
    handler = (req) => req.socket.destroy();
    await expect(agent.run(RUN, 1000)).rejects.toBeInstanceOf(AgentConnectionError);
    agent.close();
  });

  it('rejects AgentConnectionError when nothing listens, and after close', async () => {
    const free = await freePort();
    const agent = createOpenWhiskAgent({ host: '127.0.0.1', port: free }, { concurrency: 1 });
    await expect(agent.run(RUN, 1000)).rejects.toBeInstanceOf(AgentConnectionError);
    agent.close();
    const closed = createOpenWhiskAgent({ host: '127.0.0.1', port }, { concurrency: 1 });
    closed.close();
    await expect(closed.run(RUN, 1000)).rejects.toBeInstanceOf(AgentConnectionError);
  });

  it('runs up to `concurrency` requests at once', async () => {
    let inFlight = 0;
    let peak = 0;
    handler = (_req, _body, res) => {
      peak = Math.max(peak, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200).end('{}');
      }, 30);
    };
    const agent = createOpenWhiskAgent({ host: '127.0.0.1', port }, { concurrency: 3 });
    await Promise.all(Array.from({ length: 6 }, () => agent.run(RUN, 2000)));
    expect(peak).toBe(3);
    agent.close();
  });

  describe('waitReady', () => {
    it('resolves once a listener appears, polling with a growing interval', async () => {
      const free = await freePort();
      const agent = createOpenWhiskAgent({ host: '127.0.0.1', port: free }, { concurrency: 1 });
      const late = net.createServer((s) => s.destroy());
      setTimeout(() => late.listen(free, '127.0.0.1'), 60);
      const started = Date.now();
      await agent.waitReady(3000);
      expect(Date.now() - started).toBeLessThan(500);
      agent.close();
      await new Promise((resolve) => late.close(resolve));
    });

    it('rejects AgentTimeoutError when nothing listens in time', async () => {
      const agent = createOpenWhiskAgent({ host: '127.0.0.1', port: await freePort() }, { concurrency: 1 });
      await expect(agent.waitReady(80)).rejects.toBeInstanceOf(AgentTimeoutError);
      agent.close();
    });
  });
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
