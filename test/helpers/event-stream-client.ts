/**
 * A small server-sent-events client over node:http for the activation stream's tests and benchmark (supertest
 * buffers whole bodies). Parses `id:`, `event:` and `data:` lines into events as bytes arrive; comments count as
 * heartbeats. Not a general SSE client: it never reconnects by itself, so tests decide when and from where.
 */
import { request, type IncomingMessage } from 'node:http';

export interface StreamEvent {
  id: string | undefined;
  event: string;
  data: string;
  /** performance.timeOrigin + performance.now() when the event's last line arrived (epoch ms, fractional). */
  receivedAt: number;
}

export interface EventStreamConnection {
  status: number;
  headers: IncomingMessage['headers'];
  /** The error body when status is not 200. */
  body?: string;
  events: StreamEvent[];
  comments: number;
  /** Resolves when the server ends or drops the connection. */
  closed: Promise<void>;
  onEvent(listener: (event: StreamEvent) => void): void;
  /** Closes the connection from the client side; no event is reported after this. */
  close(): void;
}

export interface OpenOptions {
  authorization?: string;
  lastEventId?: string;
}

/** Opens `url` (a full http URL) and resolves once the response headers (or a whole error body) have arrived. */
export function openEventStream(url: string, options: OpenOptions = {}): Promise<EventStreamConnection> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.authorization) headers.authorization = options.authorization;
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.setEncoding('utf8');
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (chunk: string) => { body += chunk; });
        res.on('end', () => resolve(errorConnection(res, body)));
        return;
      }
      const listeners: ((event: StreamEvent) => void)[] = [];
      let closedByClient = false;
      const connection: EventStreamConnection = {
        status: 200,
        headers: res.headers,
        events: [],
        comments: 0,
        closed: new Promise((done) => res.on('close', done)),
        onEvent: (listener) => { listeners.push(listener); },
        close: () => {
          closedByClient = true;
          req.destroy();
        },
      };
      let pending = '';
      let current: { id?: string; event?: string; data: string[] } = { data: [] };
      res.on('data', (chunk: string) => {
        pending += chunk;
        let newline: number;
        // Once the client closes, bytes already received are not turned into events: it has gone.
        while (!closedByClient && (newline = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          if (line === '') {
            if (current.data.length > 0 || current.event) {
              const event: StreamEvent = {
                id: current.id, event: current.event ?? 'message', data: current.data.join('\n'),
                receivedAt: performance.timeOrigin + performance.now(),
              };
              connection.events.push(event);
              for (const listener of listeners) listener(event);
            }
            current = { data: [] };
          } else if (line.startsWith(':')) {
            connection.comments++;
          } else {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') current.id = value;
            else if (field === 'event') current.event = value;
            else if (field === 'data') current.data.push(value);
          }
        }
      });
      // A destroyed connection ends with an error on our side: that is the close the caller asked for or expects.
      res.on('error', () => {});
      resolve(connection);
    });
    req.on('error', reject);
    req.end();
  });
}

function errorConnection(res: IncomingMessage, body: string): EventStreamConnection {
  return {
    status: res.statusCode ?? 0, headers: res.headers, body, events: [], comments: 0, closed: Promise.resolve(),
    onEvent: () => {}, close: () => {},
  };
}
