/**
 * The live activation feed behind `GET …/activations/stream`: every record the recorder accepts gets the next event
 * id and a slot in a bounded ring, and is handed at once, in recording order, to the subscribers whose namespace and
 * name filter match. Records come from the recorder's listener, never from the store.
 *
 *   ring (ringSize 4) after seq 8:  slot 0 1 2 3  →  seq 8 5 6 7      (slot = seq % ringSize)
 *   resume after 6 → replays 7, 8;   resume after 3 → 4 is gone: a gap notice, then 5…8
 *
 * Event ids are `<epoch>-<seq>`: seq counts records in this process, epoch tells processes apart, so an id from
 * before a restart is recognised (a gap) instead of being compared with the new process's numbers.
 *
 * The ring fills only while someone streams: from the first subscriber until resumeWindowMs after the last one left
 * (time enough to reconnect). Otherwise a record costs the invoke path one counter increment and nothing else; a
 * record is serialized once for its subscribers, its blocking answer and the store.
 * Known caveats: the ring holds whole records (memory ≈ ringSize × record size while streaming); seq counts every
 * namespace's records, so the gaps between a subscriber's ids reflect the platform's activity (never its contents).
 */
import { randomBytes } from 'node:crypto';
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError } from '../../common/errors/whisk-errors.js';
import type { Clock, Timer } from '../../common/clock.js';
import type { ActivationRecord } from '../../common/types/entities.js';
import type { Logger } from '../../common/log.js';
import { activationNameKey } from '../../store/activation-path.js';
import { activationJson } from '../../store/activation-json.js';
import type { ActivationListener } from '../../store/activation-recorder.js';

export interface ActivationSource {
  subscribe(listener: ActivationListener): () => void;
}

/** One recorded activation as the feed hands it out. */
export class FeedEntry {
  constructor(readonly seq: number, private readonly epoch: string, readonly record: ActivationRecord) {}

  /** The event id, `<epoch>-<seq>`. */
  get id(): string {
    return `${this.epoch}-${this.seq}`;
  }

  /**
   * The record as JSON (as `GET …/activations/{id}` answers it): the one string the blocking answer, the store and
   * every subscriber share (activation-json.ts).
   */
  get data(): string {
    return activationJson(this.record);
  }
}

/** A subscriber's filter and sink. `deliver` runs synchronously inside the recorder's `record()`: keep it cheap. */
export interface FeedSubscriber {
  readonly namespace: string;
  /** OpenWhisk's name-filter key (`name` or `pkg/name`, see activation-path.ts); undefined for every activation. */
  readonly name: string | undefined;
  deliver(entry: FeedEntry): void;
}

/** Where a subscriber starts: live only, or after an event id it has seen (validated by `cursor()`). */
export type FeedCursor =
  | { kind: 'live' }
  | { kind: 'after'; seq: number; lastEventId: string }
  | { kind: 'otherEpoch'; lastEventId: string };

/** Told to a resuming subscriber whose last event is no longer held: it must list the missed records itself. */
export interface FeedGap {
  lastEventId: string;
  /** The oldest event still held (replayed next), if any. */
  oldestEventId: string | undefined;
  message: string;
}

export interface ActivationFeedOptions {
  ringSize: number;
  /** How long the ring keeps filling after the last subscriber left, so that it can resume. */
  resumeWindowMs: number;
  clock: Clock;
  logger?: Logger;
}

const EVENT_ID = /^([0-9a-f]{8})-(\d{1,15})$/;

export class ActivationFeed {
  readonly epoch = randomBytes(4).toString('hex');
  private readonly ring: (FeedEntry | undefined)[];
  private readonly subscribers = new Set<FeedSubscriber>();
  private lastSeq = 0;
  /** Whether records go into the ring (see the top); true whenever there are subscribers. */
  private retaining = false;
  /** The first seq put in the ring since retaining last began: nothing older is held. */
  private firstRetainedSeq = 1;
  private idleTimer: Timer | undefined;
  private readonly unsubscribe: () => void;

  constructor(source: ActivationSource, private readonly options: ActivationFeedOptions) {
    this.ring = new Array<FeedEntry | undefined>(Math.max(1, options.ringSize));
    this.unsubscribe = source.subscribe((record) => this.publish(record));
  }

  /** Parses a `Last-Event-ID` (400 when it is not one of ours, or names an event not recorded yet). */
  cursor(lastEventId: string | undefined): FeedCursor {
    if (lastEventId === undefined || lastEventId === '') return { kind: 'live' };
    const m = EVENT_ID.exec(lastEventId);
    if (!m) throw new BadRequestError(Messages.lastEventIdIllegal(lastEventId));
    if (m[1] !== this.epoch) return { kind: 'otherEpoch', lastEventId };
    const seq = Number(m[2]);
    if (seq > this.lastSeq) throw new BadRequestError(Messages.lastEventIdIllegal(lastEventId));
    return { kind: 'after', seq, lastEventId };
  }

  /**
   * Replays what the cursor missed (after telling `onGap` when part of it is gone), then delivers every new matching
   * record until the returned function is called. Synchronous, so nothing recorded meanwhile is missed or repeated.
   */
  attach(subscriber: FeedSubscriber, cursor: FeedCursor, onGap: (gap: FeedGap) => void): () => void {
    this.idleTimer?.cancel();
    this.idleTimer = undefined;
    if (!this.retaining) {
      this.retaining = true;
      this.firstRetainedSeq = this.lastSeq + 1;
    }
    if (cursor.kind !== 'live') {
      const oldest = Math.max(this.firstRetainedSeq, this.lastSeq - this.ring.length + 1);
      let from = cursor.kind === 'after' ? cursor.seq + 1 : oldest;
      if (cursor.kind === 'otherEpoch' || from < oldest) {
        const held = oldest <= this.lastSeq ? this.entry(oldest)?.id : undefined;
        onGap({
          lastEventId: cursor.lastEventId,
          oldestEventId: held,
          message: cursor.kind === 'otherEpoch' ? Messages.streamRestarted : Messages.streamGap(this.ring.length),
        });
        from = oldest;
      }
      for (let seq = from; seq <= this.lastSeq; seq++) {
        const entry = this.entry(seq);
        if (entry && matches(subscriber, entry.record)) subscriber.deliver(entry);
      }
    }
    this.subscribers.add(subscriber);
    return () => this.detach(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Stops listening to the recorder (subscribers already attached get nothing more). */
  close(): void {
    this.unsubscribe();
    this.subscribers.clear();
    this.stopRetaining();
  }

  private publish(record: ActivationRecord): void {
    const seq = ++this.lastSeq;
    if (!this.retaining) return;
    const entry = new FeedEntry(seq, this.epoch, record);
    this.ring[seq % this.ring.length] = entry;
    for (const subscriber of this.subscribers) {
      if (!matches(subscriber, record)) continue;
      try {
        subscriber.deliver(entry);
      } catch (err) {
        this.detach(subscriber);
        this.options.logger?.error({ err, activationId: record.activationId }, 'activation stream subscriber failed; detached');
      }
    }
  }

  private detach(subscriber: FeedSubscriber): void {
    if (!this.subscribers.delete(subscriber) || this.subscribers.size > 0 || this.idleTimer) return;
    this.idleTimer = this.options.clock.setTimer(this.options.resumeWindowMs, () => {
      this.idleTimer = undefined;
      if (this.subscribers.size === 0) this.stopRetaining();
    });
  }

  private stopRetaining(): void {
    this.idleTimer?.cancel();
    this.idleTimer = undefined;
    this.retaining = false;
    this.ring.fill(undefined);
  }

  private entry(seq: number): FeedEntry | undefined {
    const entry = this.ring[seq % this.ring.length];
    return entry?.seq === seq ? entry : undefined;
  }
}

function matches(subscriber: FeedSubscriber, record: ActivationRecord): boolean {
  return record.namespace === subscriber.namespace && (subscriber.name === undefined || activationNameKey(record) === subscriber.name);
}
