import net, { type AddressInfo } from 'node:net';
import { AgentConnectionError, AgentTimeoutError } from './agent-protocol.js';
import { AgentHttpClient, IDLE_SOCKET_MS } from './agent-http-client.js';

/** One request as the raw test server saw it, and the connection it came on. */
interface SeenRequest {
  head: string;
  body: string;
  connection: number;
  socket: net.Socket;
}

type Reply = (request: SeenRequest) => void;

/** A TCP server that parses requests itself, so that every answer byte is under the test's control. */
class RawServer {
  readonly server: net.Server;
  readonly requests: SeenRequest[] = [];
  readonly sockets = new Set<net.Socket>();
  connections = 0;
  reply: Reply = (r) => r.socket.write(answer(200, '{}'));

  constructor() {
    this.server = net.createServer((socket) => {
      const connection = ++this.connections;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {});
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        for (;;) {
          const end = buffered.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = buffered.toString('latin1', 0, end);
          const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
          if (buffered.length < end + 4 + length) return;
          const body = buffered.toString('utf8', end + 4, end + 4 + length);
          buffered = buffered.subarray(end + 4 + length);
          const request = { head, body, connection, socket };
          this.requests.push(request);
          this.reply(request);
        }
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function answer(status: number, body: string, extra = ''): string {
  return `HTTP/1.1 ${status} X\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function chunked(body: string): string {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  const chunk = (b: Buffer) => `${b.length.toString(16)}\r\n${b.toString('latin1')}\r\n`;
  // Each chunk's bytes as latin1 text: send the result with Buffer.from(…, 'latin1').
  return `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(bytes.subarray(0, half))}${chunk(bytes.subarray(half))}0\r\n\r\n`;
}

/** Writes `bytes` one per event-loop turn, so that the client sees them in many reads. */
async function trickle(socket: net.Socket, bytes: Buffer): Promise<void> {
  for (const byte of bytes) {
    socket.write(Buffer.from([byte]));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('AgentHttpClient', () => {
  let server: RawServer;
  let port: number;
  let client: AgentHttpClient;

  beforeEach(async () => {
    server = new RawServer();
    port = await server.listen();
    client = new AgentHttpClient({ host: '127.0.0.1', port }, 1);
  });

  afterEach(async () => {
    client.close();
    await server.close();
  });

  const run = (body = '{"a":1}', timeoutMs = 2000) => client.request(client.target('POST', '/run'), body, timeoutMs);

  it('writes the request as one prebuilt head with the body, and reads the answer', async () => {
    server.reply = (r) => r.socket.write(answer(201, '{"ok":"ü"}'));
    await expect(run('{"v":"é"}')).resolves.toEqual({ statusCode: 201, text: '{"ok":"ü"}' });
    const [request] = server.requests;
    expect(request!.head.split('\r\n')).toEqual([
      'POST /run HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Connection: keep-alive', 'Content-Type: application/json', 'Content-Length: 10',
    ]);
    expect(request!.body).toBe('{"v":"é"}');
    await client.request(client.target('GET', '/'), undefined, 1000);
    expect(server.requests[1]!.head.split('\r\n')).toEqual(['GET / HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Connection: keep-alive']);
  });

  it.each([
    ['Content-Length', Buffer.from(answer(200, '{"split":"ü€ answer"}'), 'utf8')],
    ['chunked', Buffer.from(chunked('{"split":"ü€ answer"}'), 'latin1')],
  ])('reads a %s answer that arrives a byte at a time', async (_name, text) => {
    server.reply = (r) => void trickle(r.socket, text);
    await expect(run()).resolves.toEqual({ statusCode: 200, text: '{"split":"ü€ answer"}' });
    await expect(run()).resolves.toEqual({ statusCode: 200, text: '{"split":"ü€ answer"}' });
    expect(server.connections).toBe(1);
  });

  it('keeps one connection alive across calls', async () => {
    for (let i = 0; i < 20; i++) await expect(run()).resolves.toEqual({ statusCode: 200, text: '{}' });
    expect(server.connections).toBe(1);
  });

  it('reconnects when the server closed the idle connection', async () => {
    await run();
    for (const socket of server.sockets) socket.end();
    await waitFor(() => server.sockets.size === 0);
    await expect(run()).resolves.toEqual({ statusCode: 200, text: '{}' });
    expect(server.connections).toBe(2);
  });

  it(`replaces a connection idle for more than ${IDLE_SOCKET_MS} ms before writing on it`, async () => {
    await run();
    const now = performance.now();
    const clock = jest.spyOn(performance, 'now').mockReturnValue(now + IDLE_SOCKET_MS + 1);
    try {
      await run();
    } finally {
      clock.mockRestore();
    }
    expect(server.connections).toBe(2);
    expect(server.requests.map((r) => r.connection)).toEqual([1, 2]);
  });

  it('drops the connection after an answer with Connection: close, and after a body ended by the close', async () => {
    server.reply = (r) => r.socket.end(answer(200, '{"last":1}', 'Connection: close\r\n'));
    await expect(run()).resolves.toEqual({ statusCode: 200, text: '{"last":1}' });
    server.reply = (r) => r.socket.end('HTTP/1.1 200 OK\r\n\r\n{"until":"close"}');
    await expect(run()).resolves.toEqual({ statusCode: 200, text: '{"until":"close"}' });
    server.reply = (r) => r.socket.write(answer(200, '{}'));
    await expect(run()).resolves.toEqual({ statusCode: 200, text: '{}' });
    expect(server.requests.map((r) => r.connection)).toEqual([1, 2, 3]);
  });

  it.each([
    ['reset mid-response', (r: SeenRequest) => {
      r.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial"');
      setTimeout(() => r.socket.resetAndDestroy(), 10);
    }],
    ['closed mid-response', (r: SeenRequest) => r.socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial"')],
    ['closed mid-head', (r: SeenRequest) => r.socket.end('HTTP/1.1 200 OK\r\nContent-Le')],
    ['closed before any byte', (r: SeenRequest) => r.socket.end()],
    ['reset before any byte', (r: SeenRequest) => r.socket.resetAndDestroy()],
  ])('rejects AgentConnectionError (ECONNRESET) when the connection is %s, and reconnects for the next call', async (_name, reply) => {
    server.reply = reply;
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentConnectionError);
    expect((error as Error).message).toBe('agent connection failed: ECONNRESET');
    server.reply = (r) => r.socket.write(answer(200, '{}'));
    await expect(run()).resolves.toEqual({ statusCode: 200, text: '{}' });
    expect(server.requests).toHaveLength(2); // never retried
  });

  it('rejects AgentConnectionError (ECONNREFUSED) when nothing listens', async () => {
    await server.close();
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentConnectionError);
    expect((error as Error).message).toBe('agent connection failed: ECONNREFUSED');
  });

  it('rejects a malformed answer as a connection failure', async () => {
    server.reply = (r) => r.socket.write('HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n{}');
    await expect(run()).rejects.toThrow('agent connection failed: HPE_INVALID_CONTENT_LENGTH');
  });

  it('rejects AgentTimeoutError after timeoutMs, drops the connection, and serves the next call on a new one', async () => {
    server.reply = () => {};
    const started = Date.now();
    await expect(run('{}', 100)).rejects.toBeInstanceOf(AgentTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
    await waitFor(() => server.sockets.size === 0);
    server.reply = (r) => r.socket.write(answer(200, '{"next":1}'));
    await expect(run()).resolves.toEqual({ statusCode: 200, text: '{"next":1}' });
    expect(server.connections).toBe(2);
  });

  it('serializes calls with one slot, and a waiting call times out without disturbing the one in flight', async () => {
    const held: SeenRequest[] = [];
    server.reply = (r) => held.push(r);
    const first = run('{"n":1}', 2000);
    const second = run('{"n":2}', 50);
    await expect(second).rejects.toBeInstanceOf(AgentTimeoutError);
    expect(server.requests).toHaveLength(1);
    held[0]!.socket.write(answer(200, '{"n":1}'));
    await expect(first).resolves.toEqual({ statusCode: 200, text: '{"n":1}' });
    expect(server.requests).toHaveLength(1);
  });

  it('runs up to `slots` calls at once, one connection each, matching every answer to its request', async () => {
    client.close();
    client = new AgentHttpClient({ host: '127.0.0.1', port }, 3);
    let inFlight = 0;
    let peak = 0;
    server.reply = (r) => {
      peak = Math.max(peak, ++inFlight);
      // Answer in reverse order of arrival within a burst: n=1 waits longest.
      const n = Number(/"n":(\d+)/.exec(r.body)![1]);
      setTimeout(() => {
        inFlight--;
        r.socket.write(n % 2 === 0 ? chunked(r.body) : answer(200, r.body));
      }, 40 - (n % 3) * 10);
    };
    const answers = await Promise.all(Array.from({ length: 9 }, (_, i) => run(`{"n":${i + 1}}`)));
    expect(answers.map((a) => a.text)).toEqual(Array.from({ length: 9 }, (_, i) => `{"n":${i + 1}}`));
    expect(peak).toBe(3);
    expect(server.connections).toBe(3);
  });

  it('close() rejects the call in flight and the waiting ones, and every later call', async () => {
    server.reply = () => {};
    const inFlight = run();
    const waiting = run();
    await waitFor(() => server.requests.length === 1);
    client.close();
    await expect(inFlight).rejects.toThrow('agent connection failed: ECONNRESET');
    await expect(waiting).rejects.toThrow('agent connection closed');
    await expect(run()).rejects.toThrow('agent connection closed');
    await waitFor(() => server.sockets.size === 0);
  });
});
