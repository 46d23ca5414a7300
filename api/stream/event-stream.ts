/**
 * One server-sent-events connection of the activation stream: writes each matching record as
 *
 *   id: <epoch>-<seq>
 *   event: activation
 *   data: <the activation record as JSON>
 *
 * plus a `: heartbeat` comment every heartbeatMs, and an `event: gap` when a resume asked for records the feed no
 * longer holds. A client whose unsent bytes pass maxBufferedBytes is dropped (the socket is destroyed): a slow reader
 * never holds records back for the others or slows the recorder. It may reconnect with Last-Event-ID.
 */
import type { ServerResponse } from 'node:http';
import type { Clock, Timer } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import type { ActivationFeed, FeedCursor, FeedEntry, FeedGap, FeedSubscriber } from './activation-feed.js';

export interface EventStreamOptions {
  heartbeatMs: number;
  maxBufferedBytes: number;
}

/** One subscription: whose records, from where, and the parts it runs on. */
export interface EventStreamSpec {
  feed: ActivationFeed;
  namespace: string;
  /** OpenWhisk's name-filter key, or undefined for every activation. */
  name: string | undefined;
  cursor: FeedCursor;
  options: EventStreamOptions;
  clock: Clock;
  log: Logger;
}

/** Response headers of the stream: no caching, no transformation, no proxy buffering. */
export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** Serves the stream on `res` (headers already written) until the client goes or is dropped. */
export function serveActivationStream(res: ServerResponse, spec: EventStreamSpec): void {
  const { feed, options, clock, log } = spec;
  // The client may have gone while the request was authenticated: then 'close' has fired already.
  if (res.destroyed || !res.socket || res.socket.destroyed) return;
  res.socket.setNoDelay(true);
  let detach: (() => void) | undefined;
  let heartbeat: Timer | undefined;
  let open = true;

  const close = () => {
    if (!open) return;
    open = false;
    heartbeat?.cancel();
    detach?.();
  };
  // Events recorded in one turn of the event loop leave in one write (a burst costs one syscall per turn, not per
  // record); the turn ends within microseconds, so this adds no measurable delay.
  let corked = false;
  let turnChars = 0;
  const uncork = () => {
    corked = false;
    turnChars = 0;
    if (open) res.uncork();
  };
  // The backlog is what earlier turns left unsent (this turn's corked events do not count), checked before each
  // write: one large record alone never drops a client that keeps up, and a client holds at most maxBufferedBytes
  // plus one turn's events.
  const write = (chunk: string) => {
    if (!open) return;
    if (res.writableNeedDrain && res.writableLength - turnChars > options.maxBufferedBytes) {
      log.info({ namespace: spec.namespace, bufferedBytes: res.writableLength }, 'activation stream client too slow; dropped');
      close();
      res.destroy();
      return;
    }
    if (!corked) {
      corked = true;
      res.cork();
      setImmediate(uncork);
    }
    turnChars += chunk.length;
    res.write(chunk);
  };
  const beat = () => {
    write(': heartbeat\n\n');
    if (open) heartbeat = clock.setTimer(options.heartbeatMs, beat);
  };

  const subscriber: FeedSubscriber = {
    namespace: spec.namespace,
    name: spec.name,
    deliver: (entry: FeedEntry) => write(`id: ${entry.id}\nevent: activation\ndata: ${entry.data}\n\n`),
  };
  res.on('close', close);
  // Sends the headers at once, so the client knows the stream is open before the first record.
  write(': activation stream\n\n');
  detach = feed.attach(subscriber, spec.cursor, (gap: FeedGap) => write(`event: gap\ndata: ${JSON.stringify(gap)}\n\n`));
  if (!open) detach();
  else heartbeat = clock.setTimer(options.heartbeatMs, beat);
}
