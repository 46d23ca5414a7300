import { VirtualClock } from '../../common/clock.js';
import { Messages } from '../../common/errors/messages.js';
import { SentinelLogBuffer } from './sentinel-log-buffer.js';
import { LOG_SENTINEL } from './sandbox-logs.js';

const T = new Date('2026-11-23T10:00:00.123Z');
const WAIT = { waitForSentinels: true, timeoutMs: 1000, limitBytes: 1_000_000 };
const NOW = { waitForSentinels: false, timeoutMs: 1000, limitBytes: 1_000_000 };

function endActivation(logs: SentinelLogBuffer): void {
  logs.push('stdout', `${LOG_SENTINEL}\n`, T);
  logs.push('stderr', `${LOG_SENTINEL}\n`, T);
}

describe('SentinelLogBuffer', () => {
  it('formats lines as OpenWhisk stores them and drops the sentinels', async () => {
    const logs = new SentinelLogBuffer();
    logs.push('stdout', 'hi\n', T);
    logs.push('stderr', Buffer.from('oops\n'), T);
    endActivation(logs);
    await expect(logs.collect(WAIT)).resolves.toEqual({
      lines: ['2026-11-23T10:00:00.123Z       stdout: hi', '2026-11-23T10:00:00.123Z       stderr: oops'],
      sentinelsSeen: true,
      truncated: false,
    });
  });

  it('keeps partial lines until their newline, stamped with their first chunk', async () => {
    const logs = new SentinelLogBuffer();
    logs.push('stdout', 'hel', T);
    logs.push('stdout', 'lo\nwor', new Date('2026-11-23T10:00:01.000Z'));
    logs.push('stdout', 'ld\n', new Date('2026-11-23T10:00:02.000Z'));
    endActivation(logs);
    const { lines } = await logs.collect(WAIT);
    expect(lines).toEqual(['2026-11-23T10:00:00.123Z       stdout: hello', '2026-11-23T10:00:01.000Z       stdout: world']);
  });

  it('joins a UTF-8 character split across chunks', async () => {
    const logs = new SentinelLogBuffer();
    const bytes = Buffer.from('é\n');
    logs.push('stdout', bytes.subarray(0, 1), T);
    logs.push('stdout', bytes.subarray(1), T);
    endActivation(logs);
    expect((await logs.collect(WAIT)).lines).toEqual(['2026-11-23T10:00:00.123Z       stdout: é']);
  });

  it('returns one activation per collect and keeps what follows for the next', async () => {
    const logs = new SentinelLogBuffer();
    logs.push('stdout', 'first\n', T);
    endActivation(logs);
    logs.push('stdout', 'stray\n', T);
    logs.push('stdout', 'second\n', T);
    endActivation(logs);
    expect((await logs.collect(WAIT)).lines).toEqual(['2026-11-23T10:00:00.123Z       stdout: first']);
    expect((await logs.collect(WAIT)).lines).toEqual([
      '2026-11-23T10:00:00.123Z       stdout: stray',
      '2026-11-23T10:00:00.123Z       stdout: second',
    ]);
    expect(logs.pendingSentinels()).toEqual({ stdout: 0, stderr: 0 });
  });

  it('keeps text written just before a sentinel without a newline', async () => {
    const logs = new SentinelLogBuffer();
    logs.push('stdout', `no newline${LOG_SENTINEL}\n`, T);
    logs.push('stderr', `${LOG_SENTINEL}\n`, T);
    const collection = await logs.collect(WAIT);
    expect(collection.lines).toEqual(['2026-11-23T10:00:00.123Z       stdout: no newline']);
    expect(collection.sentinelsSeen).toBe(true);
  });

  it('waits for both sentinels, resolving when the second arrives', async () => {
    const logs = new SentinelLogBuffer();
    logs.push('stdout', `a\n${LOG_SENTINEL}\n`, T);
    let done = false;
    const pending = logs.collect(WAIT).then((c) => {
      done = true;
      return c;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    logs.push('stderr', `b\n${LOG_SENTINEL}\n`, T);
    const collection = await pending;
    expect(collection.lines).toHaveLength(2);
    expect(collection.sentinelsSeen).toBe(true);
  });

  it('gives up after timeoutMs with the collection-issue notice', async () => {
    const clock = new VirtualClock();
    const logs = new SentinelLogBuffer({ clock });
    logs.push('stdout', 'only stdout\n', T);
    const pending = logs.collect({ ...WAIT, timeoutMs: 500 });
    await clock.advance(499);
    logs.push('stdout', 'late\n', T);
    await clock.advance(1);
    const collection = await pending;
    expect(collection.sentinelsSeen).toBe(false);
    expect(collection.lines).toEqual([
      '2026-11-23T10:00:00.123Z       stdout: only stdout',
      '2026-11-23T10:00:00.123Z       stdout: late',
      Messages.logsCollectionIssue,
    ]);
  });

  it('takes everything at once when not waiting, partial lines included', async () => {
    const logs = new SentinelLogBuffer();
    logs.push('stderr', 'crash\npartial', T);
    const collection = await logs.collect(NOW);
    expect(collection.lines).toEqual(['2026-11-23T10:00:00.123Z       stderr: crash', '2026-11-23T10:00:00.123Z       stderr: partial']);
    expect(collection.sentinelsSeen).toBe(false);
  });

  it('finishes a waiting collect when the streams end', async () => {
    const logs = new SentinelLogBuffer();
    logs.push('stdout', 'last words', T);
    const pending = logs.collect(WAIT);
    logs.end();
    const collection = await pending;
    expect(collection.lines).toEqual(['2026-11-23T10:00:00.123Z       stdout: last words', Messages.logsCollectionIssue]);
  });

  it('truncates past limitBytes (text bytes + newline per line) with the notice as the last line', async () => {
    const logs = new SentinelLogBuffer();
    for (let i = 0; i < 5; i++) logs.push('stdout', '123456789\n', T);
    endActivation(logs);
    logs.push('stdout', 'next activation\n', T);
    endActivation(logs);
    const collection = await logs.collect({ ...WAIT, limitBytes: 25 });
    expect(collection.lines).toEqual([
      '2026-11-23T10:00:00.123Z       stdout: 123456789',
      '2026-11-23T10:00:00.123Z       stdout: 123456789',
      Messages.logsTruncated(25),
    ]);
    expect(collection.truncated).toBe(true);
    expect((await logs.collect(WAIT)).lines).toEqual(['2026-11-23T10:00:00.123Z       stdout: next activation']);
  });

  it('bounds its memory: lines past maxBufferedChars are dropped and reported as truncation', async () => {
    const logs = new SentinelLogBuffer({ maxBufferedChars: 200 });
    for (let i = 0; i < 100; i++) logs.push('stdout', `line ${i}\n`, T);
    endActivation(logs);
    const collection = await logs.collect(WAIT);
    expect(collection.truncated).toBe(true);
    expect(collection.lines.length).toBeLessThan(10);
    expect(collection.lines.at(-1)).toBe(Messages.logsTruncated(WAIT.limitBytes));
    logs.push('stdout', 'after\n', T);
    endActivation(logs);
    expect((await logs.collect(WAIT)).lines).toEqual(['2026-11-23T10:00:00.123Z       stdout: after']);
  });

  it('forgets the oldest finished activations when nobody collects', async () => {
    const logs = new SentinelLogBuffer({ maxBufferedChars: 200 });
    for (let i = 0; i < 10; i++) {
      logs.push('stdout', `activation ${i}\n`, T);
      endActivation(logs);
    }
    const kept: string[] = [];
    while (logs.pendingSentinels().stdout > 0) kept.push(...(await logs.collect(WAIT)).lines.map((l) => l.slice(39)));
    expect(kept.length).toBeLessThan(10);
    expect(kept.at(-1)).toBe('activation 9');
  });

  it('splits very long lines as Docker does', async () => {
    const logs = new SentinelLogBuffer({ maxLineChars: 4 });
    logs.push('stdout', 'abcdefghij\n', T);
    endActivation(logs);
    expect((await logs.collect(WAIT)).lines.map((l) => l.slice(39))).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('SentinelLogBuffer with overlapping activations (concurrency > 1)', () => {
  it('gives each collect one sentinel per stream when sentinels interleave (err, err, out, out)', async () => {
    const buffer = new SentinelLogBuffer();
    const at = new Date('2026-11-23T10:00:00.000Z');
    buffer.push('stdout', 'first out\n', at);
    buffer.push('stderr', 'first err\nXXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\nXXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n', at);
    buffer.push('stderr', 'late err\n', at);
    buffer.push('stdout', 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\nsecond out\nXXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n', at);
    const options = { waitForSentinels: true, timeoutMs: 50, limitBytes: 1_000_000 };
    const first = await buffer.collect(options);
    const second = await buffer.collect(options);
    expect(first.sentinelsSeen).toBe(true);
    expect(first.lines.map((l) => l.slice(31))).toEqual(['stdout: first out', 'stderr: first err']);
    expect(second.sentinelsSeen).toBe(true);
    expect(second.lines.map((l) => l.slice(31))).toEqual(['stdout: second out']);
    expect(buffer.pendingSentinels()).toEqual({ stdout: 0, stderr: 0 });
    // Written after both stderr sentinels: it belongs to whatever runs next.
    const rest = await buffer.collect({ ...options, waitForSentinels: false });
    expect(rest.lines.map((l) => l.slice(31))).toEqual(['stderr: late err']);
  });

  it('bounds each waiting collect by its own timeout while one timer serves them all', async () => {
    const clock = new VirtualClock();
    const logs = new SentinelLogBuffer({ clock });
    const settledAt = (p: Promise<unknown>) => p.then(() => clock.now() - start);
    const start = clock.now();
    // Served by its sentinels at once: the timer armed for it (due at 1000) stays armed.
    const served = logs.collect({ ...WAIT, timeoutMs: 1000 });
    endActivation(logs);
    expect((await served).sentinelsSeen).toBe(true);
    await clock.advance(600);
    // Due at 1600, after the armed timer: that timer finds it not due yet and re-arms for it.
    const later = settledAt(logs.collect({ ...WAIT, timeoutMs: 1000 }));
    await clock.advance(1400);
    await expect(later).resolves.toBe(1600);
    // Due before an armed timer (at 2000 + 1000): armed again for the earlier deadline.
    const long = settledAt(logs.collect({ ...WAIT, timeoutMs: 1000 }));
    const short = settledAt(logs.collect({ ...WAIT, timeoutMs: 100 }));
    await clock.advance(100);
    await expect(short).resolves.toBe(2100);
    await clock.advance(900);
    await expect(long).resolves.toBe(3000);
  });

  it('formats only lines that are kept: a chunk that is just the sentinels needs no time', async () => {
    const now = jest.fn(() => T.getTime());
    const logs = new SentinelLogBuffer({ clock: { now, sleep: async () => {}, setTimer: () => ({ cancel() {} }) } });
    logs.push('stdout', `${LOG_SENTINEL}\n`);
    logs.push('stderr', `${LOG_SENTINEL}\n`);
    expect(now).not.toHaveBeenCalled();
    logs.push('stdout', 'a\nb\n');
    logs.push('stdout', 'c\n');
    endActivation(logs);
    expect((await logs.collect(WAIT)).lines).toEqual([]);
    expect((await logs.collect(WAIT)).lines).toEqual([
      '2026-11-23T10:00:00.123Z       stdout: a', '2026-11-23T10:00:00.123Z       stdout: b', '2026-11-23T10:00:00.123Z       stdout: c',
    ]);
  });
});
