/**
 * SandboxLogs over a sandbox's raw stdout/stderr: splits chunks into lines, stamps and formats them as OpenWhisk
 * stores them (`<ISO time padded to 30> <stream>: <text>`), and hands out one activation's lines at a time, up to
 * the sentinel the runtime prints on both streams after each run (action-runtime-protocol.md, "Logs").
 * Lines written outside an activation stay and open the next activation's logs, as in OpenWhisk.
 */
import { StringDecoder } from 'node:string_decoder';
import { Messages } from '../../common/errors/messages.js';
import { realClock, type Clock, type Timer } from '../../common/clock.js';
import { LOG_SENTINEL, type LogCollectOptions, type LogCollection, type SandboxLogs } from './sandbox-logs.js';

export type LogStream = 'stdout' | 'stderr';

export interface SentinelLogBufferOptions {
  clock?: Clock;
  /**
   * Text (UTF-16 units) held. Past it, finished activations nobody collected are forgotten first, then new lines of
   * the current one are dropped (its collect reports truncation). Default 16 Mi.
   */
  maxBufferedChars?: number;
  /** Longer lines are split, as Docker splits log lines at 16 KiB. */
  maxLineChars?: number;
}

/** `<time padded to 30> stdout: ` (both stream names have 6 characters). */
const LINE_PREFIX_CHARS = 30 + 1 + 6 + 2;

/** Bounds the queue when activations finish and nobody collects (sentinel markers hold no text). */
const MAX_ENTRIES = 100_000;

/** Queue markers between text lines (strings). */
const STDOUT_SENTINEL = 0;
const STDERR_SENTINEL = 1;
const DROPPED = 2;
type Entry = string | typeof STDOUT_SENTINEL | typeof STDERR_SENTINEL | typeof DROPPED;

/** The stream of a formatted line: its name starts right after the 30-character time and a space. */
function streamOf(line: string): typeof STDOUT_SENTINEL | typeof STDERR_SENTINEL {
  return line.startsWith('stdout', 31) ? STDOUT_SENTINEL : STDERR_SENTINEL;
}

interface Waiter {
  options: LogCollectOptions;
  resolve: (collection: LogCollection) => void;
  /** Clock time at which this collect gives up waiting for sentinels. */
  giveUpAt: number;
}

interface StreamState {
  decoder: StringDecoder;
  partial: string;
  partialTime: string;
}

export class SentinelLogBuffer implements SandboxLogs {
  private readonly clock: Clock;
  private readonly maxBufferedChars: number;
  private readonly maxLineChars: number;
  private entries: Entry[] = [];
  private head = 0;
  /** Approximate: UTF-16 length of the held lines. */
  private bufferedChars = 0;
  private readonly sentinels = [0, 0];
  private dropping = false;
  private ended = false;
  private readonly waiters: Waiter[] = [];
  /**
   * One timer per buffer bounds every waiting collect, instead of one set and cancelled per activation: it is armed
   * for the earliest deadline when none is armed for an earlier one, and left running when collects are served (it
   * then finds nothing due and re-arms only while someone waits). Cancelled when the streams end.
   */
  private giveUpTimer: Timer | undefined;
  private giveUpTimerAt = Infinity;
  /** The chunk being pushed: its given time, and its formatted stamp once needed (see stamp()). */
  private chunkTime: Date | undefined;
  private chunkStamp: string | undefined;
  private lastStampMs = NaN;
  private lastStamp = '';
  private readonly streams: Record<LogStream, StreamState> = {
    stdout: { decoder: new StringDecoder('utf8'), partial: '', partialTime: '' },
    stderr: { decoder: new StringDecoder('utf8'), partial: '', partialTime: '' },
  };

  constructor(options: SentinelLogBufferOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.maxBufferedChars = options.maxBufferedChars ?? 16 * 1024 * 1024;
    this.maxLineChars = options.maxLineChars ?? 16 * 1024;
  }

  /** Sentinels seen and not yet consumed by a collect, per stream. */
  pendingSentinels(): { stdout: number; stderr: number } {
    return { stdout: this.sentinels[STDOUT_SENTINEL] ?? 0, stderr: this.sentinels[STDERR_SENTINEL] ?? 0 };
  }

  push(stream: LogStream, chunk: string | Buffer, time?: Date): void {
    if (this.ended) return;
    const state = this.streams[stream];
    const text = typeof chunk === 'string' ? chunk : state.decoder.write(chunk);
    if (text.length === 0) return;
    // Stamped lazily: the chunk that ends most activations holds only the sentinel, which needs no time.
    this.chunkTime = time;
    this.chunkStamp = undefined;
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      const piece = text.slice(start, nl);
      start = nl + 1;
      if (state.partial.length > 0) {
        this.addLine(stream, state.partialTime, state.partial + piece);
        state.partial = '';
      } else {
        this.addLine(stream, undefined, piece);
      }
    }
    if (start < text.length) {
      if (state.partial.length === 0) state.partialTime = this.stamp();
      state.partial += text.slice(start);
      while (state.partial.length >= this.maxLineChars) {
        this.addLine(stream, state.partialTime, state.partial.slice(0, this.maxLineChars));
        state.partial = state.partial.slice(this.maxLineChars);
      }
    }
    this.wake();
  }

  /** Both streams closed (the sandbox exited): partial lines become lines, waiting collects finish now. */
  end(): void {
    if (this.ended) return;
    this.flushPartials();
    this.ended = true;
    this.wake();
    this.giveUpTimer?.cancel();
    this.giveUpTimer = undefined;
    this.giveUpTimerAt = Infinity;
  }

  collect(options: LogCollectOptions): Promise<LogCollection> {
    if (!options.waitForSentinels) {
      this.flushPartials();
      return Promise.resolve(this.take(options.limitBytes, false));
    }
    if (this.waiters.length === 0 && this.hasBothSentinels()) {
      return Promise.resolve(this.take(options.limitBytes, true));
    }
    if (this.ended) return Promise.resolve(this.giveUp(options.limitBytes));
    return new Promise((resolve) => {
      const now = this.clock.now();
      const waiter: Waiter = { options, resolve, giveUpAt: now + options.timeoutMs };
      this.waiters.push(waiter);
      if (waiter.giveUpAt < this.giveUpTimerAt) this.armGiveUpTimer(waiter.giveUpAt, now);
    });
  }

  private armGiveUpTimer(at: number, now: number): void {
    this.giveUpTimer?.cancel();
    this.giveUpTimerAt = at;
    this.giveUpTimer = this.clock.setTimer(Math.max(0, at - now), this.onGiveUpTimer);
  }

  /** Collects past their deadline get what is there and the collection-issue notice, oldest first. */
  private readonly onGiveUpTimer = (): void => {
    this.giveUpTimer = undefined;
    this.giveUpTimerAt = Infinity;
    const now = this.clock.now();
    let next = Infinity;
    for (let i = 0; i < this.waiters.length; ) {
      const waiter = this.waiters[i] as Waiter;
      if (waiter.giveUpAt <= now) {
        this.waiters.splice(i, 1);
        waiter.resolve(this.giveUp(waiter.options.limitBytes));
      } else {
        next = Math.min(next, waiter.giveUpAt);
        i++;
      }
    }
    if (next !== Infinity) this.armGiveUpTimer(next, now);
  };

  /** The ISO time of the chunk being pushed (its `time`, else now), formatted once per chunk and per millisecond. */
  private stamp(): string {
    if (this.chunkStamp !== undefined) return this.chunkStamp;
    if (this.chunkTime !== undefined) return (this.chunkStamp = this.chunkTime.toISOString());
    const ms = Math.floor(this.clock.now());
    if (ms !== this.lastStampMs) {
      this.lastStampMs = ms;
      this.lastStamp = new Date(ms).toISOString();
    }
    return (this.chunkStamp = this.lastStamp);
  }

  /** `stamp` undefined: the current chunk's time. */
  private addLine(stream: LogStream, stamp: string | undefined, text: string): void {
    if (text.endsWith(LOG_SENTINEL)) {
      // Output left without a newline before the sentinel is kept as its own line.
      if (text.length > LOG_SENTINEL.length) this.addLine(stream, stamp, text.slice(0, -LOG_SENTINEL.length));
      const marker = stream === 'stdout' ? STDOUT_SENTINEL : STDERR_SENTINEL;
      this.entries.push(marker);
      this.sentinels[marker] = (this.sentinels[marker] ?? 0) + 1;
      if (this.entries.length - this.head > MAX_ENTRIES) this.forgetOldActivations(0);
      return;
    }
    if (text.length > this.maxLineChars) {
      for (let at = 0; at < text.length; at += this.maxLineChars) this.addLine(stream, stamp, text.slice(at, at + this.maxLineChars));
      return;
    }
    const line = `${(stamp ?? this.stamp()).padEnd(30)} ${stream}: ${text}`;
    if (this.bufferedChars + line.length > this.maxBufferedChars) this.forgetOldActivations(line.length);
    if (this.bufferedChars + line.length > this.maxBufferedChars) {
      if (!this.dropping) this.entries.push(DROPPED);
      this.dropping = true;
      return;
    }
    this.dropping = false;
    this.bufferedChars += line.length;
    this.entries.push(line);
  }

  /** Nobody collected them: make room by dropping whole finished activations, oldest first, none a collect awaits. */
  private forgetOldActivations(roomChars: number): void {
    while (
      this.waiters.length === 0 &&
      this.hasBothSentinels() &&
      (this.bufferedChars + roomChars > this.maxBufferedChars || this.entries.length - this.head > MAX_ENTRIES)
    ) {
      this.take(Number.MAX_SAFE_INTEGER, true);
    }
  }

  private flushPartials(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const state = this.streams[stream];
      state.partial += state.decoder.end();
      if (state.partial.length > 0) this.addLine(stream, state.partialTime || new Date(this.clock.now()).toISOString(), state.partial);
      state.partial = '';
    }
  }

  private hasBothSentinels(): boolean {
    return (this.sentinels[STDOUT_SENTINEL] ?? 0) > 0 && (this.sentinels[STDERR_SENTINEL] ?? 0) > 0;
  }

  /** Serves waiting collects, oldest first, while their sentinels are in; all of them once the streams ended. */
  private wake(): void {
    while (this.waiters.length > 0 && (this.ended || this.hasBothSentinels())) {
      const waiter = this.waiters.shift() as Waiter;
      const sentinelsIn = this.hasBothSentinels();
      waiter.resolve(sentinelsIn ? this.take(waiter.options.limitBytes, true) : this.giveUp(waiter.options.limitBytes));
    }
  }

  private giveUp(limitBytes: number): LogCollection {
    const collection = this.take(limitBytes, false);
    collection.lines.push(Messages.logsCollectionIssue);
    return collection;
  }

  /**
   * Removes lines from the head: up to and including one sentinel of each stream (`untilSentinels`), or all.
   * Once a stream's sentinel is taken, that stream's later entries (lines and further sentinels) stay for the next
   * collect: with overlapping activations (concurrency > 1) sentinels interleave, e.g. err, err, out, out.
   * Past `limitBytes` (text bytes + 1 per line, as OpenWhisk weighs lines) the rest is dropped with a notice.
   */
  private take(limitBytes: number, untilSentinels: boolean): LogCollection {
    const lines: string[] = [];
    const done = [false, false];
    const kept: Entry[] = [];
    let bytes = 0;
    let truncated = false;
    let i = this.head;
    for (; i < this.entries.length && !(untilSentinels && done[STDOUT_SENTINEL] && done[STDERR_SENTINEL]); i++) {
      const entry = this.entries[i] as Entry;
      if (entry === STDOUT_SENTINEL || entry === STDERR_SENTINEL) {
        if (untilSentinels && done[entry]) {
          kept.push(entry);
          continue;
        }
        this.sentinels[entry] = (this.sentinels[entry] ?? 1) - 1;
        done[entry] = true;
      } else if (entry === DROPPED) {
        truncated = true;
      } else if (untilSentinels && done[streamOf(entry)]) {
        kept.push(entry);
      } else {
        this.bufferedChars -= entry.length;
        if (truncated) continue;
        bytes += Buffer.byteLength(entry) - LINE_PREFIX_CHARS + 1;
        if (bytes > limitBytes) truncated = true;
        else lines.push(entry);
      }
    }
    if (kept.length > 0) {
      this.entries = kept.concat(this.entries.slice(i));
      this.head = 0;
    } else {
      this.head = i;
    }
    this.compact();
    if (truncated) lines.push(Messages.logsTruncated(limitBytes));
    return { lines, sentinelsSeen: done[STDOUT_SENTINEL]! && done[STDERR_SENTINEL]!, truncated };
  }

  private compact(): void {
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
      this.dropping = false;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
