/**
 * The activation feed on its own: event ids in recording order, namespace and name filters, Last-Event-ID resume
 * from the ring, gaps (ring overrun, another epoch, nothing held), the resume window on a virtual clock, cursor
 * errors, and a failing subscriber detached.
 */
import { VirtualClock } from '../../common/clock.js';
import { BadRequestError } from '../../common/errors/whisk-errors.js';
import type { ActivationRecord } from '../../common/types/entities.js';
import type { ActivationListener } from '../../store/activation-recorder.js';
import { sampleActivation } from '../../store/store.contract.js';
import { ActivationFeed, type FeedEntry, type FeedGap, type FeedSubscriber } from './activation-feed.js';

class FakeSource {
  listeners = new Set<ActivationListener>();
  subscribe(listener: ActivationListener) {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }
  record(record: ActivationRecord) {
    for (const l of this.listeners) l(record);
  }
}

function collector(namespace: string, name?: string) {
  const entries: FeedEntry[] = [];
  const subscriber: FeedSubscriber = { namespace, name, deliver: (e) => { entries.push(e); } };
  return { subscriber, entries, ids: () => entries.map((e) => e.record.activationId) };
}

describe('ActivationFeed', () => {
  let source: FakeSource;
  let clock: VirtualClock;
  let feed: ActivationFeed;
  const record = (id: string, ns = 'guest', name = 'hello', path?: string) => source.record(sampleActivation(ns, id, 100, name, path));
  const noGap = () => { throw new Error('no gap expected'); };
  /** A subscriber that came and went: the ring fills from its arrival until the resume window after it left. */
  const streamedBefore = () => feed.attach(collector('guest').subscriber, { kind: 'live' }, noGap);

  beforeEach(() => {
    source = new FakeSource();
    clock = new VirtualClock();
    feed = new ActivationFeed(source, { ringSize: 4, resumeWindowMs: 1000, clock });
  });

  it('delivers every record of the namespace in recording order, with increasing ids', () => {
    const c = collector('guest');
    feed.attach(c.subscriber, feed.cursor(undefined), () => { throw new Error('no gap expected'); });
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) record(id);
    record('x', 'other');
    expect(c.ids()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(c.entries.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${feed.epoch}-${n}`));
    expect(JSON.parse(c.entries[0]!.data)).toEqual(sampleActivation('guest', 'a', 100));
  });

  it.each([
    ['hello', ['top']],
    ['pkg/hello', ['packaged']],
    ['bye', []],
  ])('filters by OpenWhisk\'s name key: %s', (name, expected) => {
    const c = collector('guest', name);
    feed.attach(c.subscriber, { kind: 'live' }, () => {});
    record('top', 'guest', 'hello', 'guest/hello');
    record('packaged', 'guest', 'hello', 'guest/pkg/hello');
    expect(c.ids()).toEqual(expected);
  });

  it('replays what a resuming subscriber missed, then continues live, without repeats', () => {
    streamedBefore()();
    record('a');
    record('b');
    const lastSeen = `${feed.epoch}-1`;
    record('c');
    const c = collector('guest');
    feed.attach(c.subscriber, feed.cursor(lastSeen), () => { throw new Error('no gap expected'); });
    record('d');
    expect(c.ids()).toEqual(['b', 'c', 'd']);
  });

  it('tells of a gap when the ring no longer holds the next record, then replays what it holds', () => {
    streamedBefore();
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) record(id); // ring of 4 holds c..f (seq 3..6)
    const gaps: FeedGap[] = [];
    const c = collector('guest');
    feed.attach(c.subscriber, feed.cursor(`${feed.epoch}-1`), (gap) => gaps.push(gap));
    expect(gaps).toEqual([{ lastEventId: `${feed.epoch}-1`, oldestEventId: `${feed.epoch}-3`, message: expect.stringContaining('since') }]);
    expect(c.ids()).toEqual(['c', 'd', 'e', 'f']);
  });

  it('resumes without a gap from the record just before the oldest held one', () => {
    streamedBefore();
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) record(id);
    const c = collector('guest');
    feed.attach(c.subscriber, feed.cursor(`${feed.epoch}-2`), () => { throw new Error('no gap expected'); });
    expect(c.ids()).toEqual(['c', 'd', 'e', 'f']);
  });

  it('treats an id of another epoch (a restart) as a gap and replays the whole ring', () => {
    streamedBefore();
    record('a');
    const gaps: FeedGap[] = [];
    const c = collector('guest');
    const other = feed.epoch === '00000000' ? '00000001-9' : '00000000-9';
    feed.attach(c.subscriber, feed.cursor(other), (gap) => gaps.push(gap));
    expect(gaps).toEqual([expect.objectContaining({ lastEventId: other, oldestEventId: `${feed.epoch}-1`, message: expect.stringContaining('restarted') })]);
    expect(c.ids()).toEqual(['a']);
  });

  it.each([
    ['not an id', 'nope'],
    ['a bare number', '5'],
    ['an id not issued yet', 'FUTURE'],
  ])('refuses a Last-Event-ID that is %s (400)', (_what, value) => {
    record('a');
    const id = value === 'FUTURE' ? `${feed.epoch}-2` : value;
    expect(() => feed.cursor(id)).toThrow(BadRequestError);
  });

  it('stops delivering after detach, and detaches a subscriber that throws', () => {
    const gone = collector('guest');
    const detach = feed.attach(gone.subscriber, { kind: 'live' }, () => {});
    const failing: FeedSubscriber = { namespace: 'guest', name: undefined, deliver: () => { throw new Error('broken'); } };
    feed.attach(failing, { kind: 'live' }, () => {});
    record('a');
    detach();
    record('b');
    expect(gone.ids()).toEqual(['a']);
    expect(feed.subscriberCount).toBe(0);
  });

  it('holds and serializes nothing while no one streams: a resume then starts with a gap', () => {
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      record('a');
      record('b');
      expect(stringify).not.toHaveBeenCalled();
    } finally {
      stringify.mockRestore();
    }
    const gaps: FeedGap[] = [];
    const c = collector('guest');
    feed.attach(c.subscriber, feed.cursor(`${feed.epoch}-1`), (gap) => gaps.push(gap));
    expect(gaps).toEqual([expect.objectContaining({ lastEventId: `${feed.epoch}-1`, oldestEventId: undefined })]);
    record('c');
    expect(c.ids()).toEqual(['c']);
  });

  it('keeps filling the ring for resumeWindowMs after the last subscriber left, then lets go', async () => {
    const c = collector('guest');
    feed.attach(c.subscriber, { kind: 'live' }, noGap)();
    record('a');
    await clock.advance(999);
    const back = collector('guest');
    feed.attach(back.subscriber, feed.cursor(`${feed.epoch}-0`), noGap)();
    expect(back.ids()).toEqual(['a']);
    await clock.advance(1000);
    record('b');
    const late = collector('guest');
    const gaps: FeedGap[] = [];
    feed.attach(late.subscriber, feed.cursor(`${feed.epoch}-1`), (gap) => gaps.push(gap));
    expect(gaps).toHaveLength(1);
    expect(late.ids()).toEqual([]);
  });
});
