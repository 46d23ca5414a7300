/**
 * The live activation stream end to end (GET …/activations/stream, an extension): a listening platform on loopback
 * with the simulation backend, read with node:http (supertest buffers whole bodies). A burst of 200 invocations
 * arrives complete and in recording order across a forced reconnect with Last-Event-ID; the name filter; records as
 * GET returns them; namespaces kept apart (403, nothing of others'); 400/401; heartbeats; clean-up when a client
 * goes; and a client that never reads is dropped while invocations and other subscribers carry on.
 */
import { connect } from 'node:net';
import type { ActivationRecord } from '../../common/types/entities.js';
import { authed, wskActionBody } from '../../test/helpers/api-client';
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { openEventStream, type EventStreamConnection, type StreamEvent } from '../../test/helpers/event-stream-client';
import { basicAuth, startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

const STREAM = '/api/v1/namespaces/_/activations/stream';
const BURST = 200;

/** Resolves once `check()` holds, polling every 5 ms; fails after `ms`. */
async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const activations = (c: EventStreamConnection): StreamEvent[] => c.events.filter((e) => e.event === 'activation');
const idsOf = (events: StreamEvent[]) => events.map((e) => (JSON.parse(e.data) as ActivationRecord).activationId);
const seqOf = (e: StreamEvent) => Number(e.id!.split('-')[1]);

describe('activation stream', () => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  const open: EventStreamConnection[] = [];
  const stream = async (query = '', options: { key?: string; lastEventId?: string; path?: string } = {}) => {
    const c = await openEventStream(`${platform.url}${options.path ?? STREAM}${query}`, {
      authorization: basicAuth(options.key), lastEventId: options.lastEventId,
    });
    open.push(c);
    return c;
  };
  const invoke = (name: string, key?: string) =>
    authed(platform.url, 'post', `/api/v1/namespaces/_/actions/${name}?blocking=true`, key).send({}).expect(200);

  beforeAll(async () => {
    platform = await startTestPlatform();
    spec = await createResponseValidator();
    for (const name of ['burst', 'alpha', 'beta']) {
      await authed(platform.url, 'put', `/api/v1/namespaces/_/actions/${name}`).send(wskActionBody(name)).expect(200);
    }
    await authed(platform.url, 'put', '/api/v1/namespaces/_/packages/pkg').send({}).expect(200);
    await authed(platform.url, 'put', '/api/v1/namespaces/_/actions/pkg/alpha').send(wskActionBody('pkg/alpha')).expect(200);
    await authed(platform.url, 'put', '/api/v1/namespaces/_/actions/sys', WHISK_SYSTEM_KEY).send(wskActionBody('sys')).expect(200);
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  afterAll(() => platform.cleanup());

  it('answers text/event-stream, unbuffered and uncached', async () => {
    const c = await stream();
    expect(c.status).toBe(200);
    expect(c.headers).toEqual(expect.objectContaining({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    }));
    expect(c.headers['content-encoding']).toBeUndefined();
    expect(c.headers['content-length']).toBeUndefined();
  });

  it(`delivers every activation of a burst of ${BURST}, in recording order, across a forced reconnect with Last-Event-ID`, async () => {
    // The order the recorder accepted them in: the truth the stream must follow.
    const recorded: string[] = [];
    const stopWatching = platform.recorder.subscribe((r) => {
      if (r.namespace === 'guest' && r.name === 'burst') recorded.push(r.activationId);
    });
    try {
      const first = await stream('?name=burst');
      let cut: StreamEvent | undefined;
      let recordedAtCut = 0;
      // Forced disconnect mid-burst: the client goes away right after its 50th event.
      first.onEvent(() => {
        if (activations(first).length === 50 && !cut) {
          cut = activations(first)[49]!;
          recordedAtCut = recorded.length;
          first.close();
        }
      });
      const invokes = Promise.all(Array.from({ length: BURST }, () =>
        authed(platform.url, 'post', '/api/v1/namespaces/_/actions/burst').send({}).expect(202)));
      await until('the first connection to be cut', () => cut !== undefined);
      await first.closed;
      // Stay away while more of the burst is recorded, so the resume has to replay them.
      await until('more of the burst to be recorded while disconnected', () => recorded.length >= Math.min(BURST, recordedAtCut + 50));
      const recordedBeforeResume = recorded.length;
      const second = await stream('?name=burst', { lastEventId: cut!.id });
      const accepted = (await invokes).map((res) => res.body.activationId as string);
      await until(`all ${BURST} activations`, () => activations(first).length + activations(second).length >= BURST);

      const received = [...activations(first), ...activations(second)];
      expect(second.events.filter((e) => e.event === 'gap')).toEqual([]);
      expect(idsOf(received)).toEqual(recorded);
      expect(new Set(idsOf(received))).toEqual(new Set(accepted));
      expect(received.length).toBe(BURST);
      for (let i = 1; i < received.length; i++) expect(seqOf(received[i]!)).toBeGreaterThan(seqOf(received[i - 1]!));
      // The resume really replayed records made while no one was connected.
      expect(recordedBeforeResume).toBeGreaterThan(50);
    } finally {
      stopWatching();
    }
  });

  it('sends each record as GET …/activations/{id} answers it', async () => {
    const c = await stream();
    const { body } = await invoke('alpha');
    await until('the event', () => activations(c).length >= 1);
    const event = activations(c)[0]!;
    expect(event.id).toMatch(/^[0-9a-f]{8}-\d+$/);
    const got = await authed(platform.url, 'get', `/api/v1/namespaces/_/activations/${body.activationId}`).expect(200);
    expect(JSON.parse(event.data)).toEqual(got.body);
  });

  it.each([
    ['alpha', ['alpha']],
    ['/alpha', ['alpha']],
    ['pkg/alpha', ['pkg/alpha']],
    ['beta', ['beta']],
  ])('filters by name=%s as the activations list does (NAME or PACKAGE/NAME)', async (name, expected) => {
    const c = await stream(`?name=${encodeURIComponent(name)}`);
    const listed = await stream(); // everything, to know when the three have been recorded
    for (const action of ['alpha', 'pkg/alpha', 'beta']) await invoke(action);
    await until('three activations', () => activations(listed).length >= 3);
    const paths = activations(c).map((e) => {
      const r = JSON.parse(e.data) as ActivationRecord;
      return (r.annotations.find((a) => a.key === 'path')!.value as string).replace(/^guest\//, '');
    });
    expect(paths).toEqual(expected);
    const list = await authed(platform.url, 'get', `/api/v1/namespaces/_/activations?name=${encodeURIComponent(name)}&limit=1&docs=true`).expect(200);
    expect(list.body[0].activationId).toBe(idsOf(activations(c)).pop());
  });

  it("never shows another namespace's activations, and refuses another namespace's stream (403)", async () => {
    const guest = await stream();
    const system = await stream('', { key: WHISK_SYSTEM_KEY });
    const guestDone = await invoke('alpha');
    const systemDone = await invoke('sys', WHISK_SYSTEM_KEY);
    await until('both events', () => activations(guest).length >= 1 && activations(system).length >= 1);
    await invoke('beta'); // a later guest event: by then the system record would have reached the guest if it could
    await until('the later event', () => activations(guest).length >= 2);
    expect(idsOf(activations(guest))).not.toContain(systemDone.body.activationId);
    expect(idsOf(activations(system))).toEqual([systemDone.body.activationId]);
    expect(idsOf(activations(guest))[0]).toBe(guestDone.body.activationId);

    const res = await authed(platform.url, 'get', '/api/v1/namespaces/whisk.system/activations/stream').expect(403);
    expect(res.body).toEqual({ error: 'The supplied authentication is not authorized to access this resource.', code: expect.any(String) });
    spec.expectValid(res, 'streamActivations');
  });

  it.each([
    ['no credentials', undefined],
    ['an unknown key', '00000000-0000-0000-0000-000000000000:nope'],
  ])('answers 401 for %s', async (_what, key) => {
    const req = key === undefined ? authed(platform.url, 'get', STREAM).unset('authorization') : authed(platform.url, 'get', STREAM, key);
    const res = await req.expect(401);
    expect(res.body).toEqual({ error: 'The supplied authentication is invalid.', code: expect.any(String) });
    spec.expectValid(res, 'streamActivations');
  });

  it.each([
    ['a three-part name', '?name=a/b/c', {}, "Parameter may be a 'simple' name or 'package-name/simple' name: a/b/c"],
    ['a malformed Last-Event-ID', '', { 'last-event-id': 'yesterday' }, 'The Last-Event-ID is not an event id of this stream: yesterday'],
    ['a Last-Event-ID not issued yet', '', { 'last-event-id': 'FUTURE' }, 'The Last-Event-ID is not an event id of this stream'],
    ['an overlong Last-Event-ID', '', { 'last-event-id': 'x'.repeat(65) }, ''],
  ])('answers 400 for %s', async (_what, query, headers, message) => {
    const c = await stream();
    await invoke('alpha');
    await until('an event id', () => activations(c).length >= 1);
    const [epoch, seq] = activations(c)[0]!.id!.split('-');
    const sent = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'FUTURE' ? `${epoch}-${Number(seq) + 1000}` : v]));
    const res = await authed(platform.url, 'get', `${STREAM}${query}`).set(sent).expect(400);
    expect(res.body).toEqual({ error: expect.stringContaining(message), code: expect.any(String) });
    spec.expectValid(res, 'streamActivations');
  });

  it('starts with a gap event when resuming from another process (a restart), then goes on', async () => {
    const c = await stream('', { lastEventId: '00000000-7' });
    await until('the gap event', () => c.events.length >= 1);
    expect(c.events[0]).toEqual(expect.objectContaining({ event: 'gap' }));
    expect(JSON.parse(c.events[0]!.data)).toEqual(expect.objectContaining({ lastEventId: '00000000-7', message: expect.stringContaining('since') }));
    const { body } = await invoke('alpha');
    await until('the new activation', () => idsOf(activations(c)).includes(body.activationId));
    expect(c.events.filter((e) => e.event === 'gap')).toHaveLength(1);
  });

  it('routes …/activations/stream to the stream and other ids to the record (static segment first)', async () => {
    const res = await authed(platform.url, 'get', '/api/v1/namespaces/_/activations/streams').expect(400);
    expect(res.body.error).toBe('The activation id is not valid.');
    await authed(platform.url, 'get', '/api/v1/namespaces/_/activations/stream/logs').expect(400);
  });

  it('lets go of a client that disconnects', async () => {
    const before = platform.gateway.feed.subscriberCount;
    const c = await stream();
    await until('the subscription', () => platform.gateway.feed.subscriberCount === before + 1);
    c.close();
    await until('the clean-up', () => platform.gateway.feed.subscriberCount === before);
  });
});

describe('activation stream: heartbeats and slow clients', () => {
  let platform: TestPlatform;
  const NS = '/api/v1/namespaces/_';

  beforeAll(async () => {
    platform = await startTestPlatform({ config: { activations: { stream: { heartbeatMs: 20, maxBufferedBytes: 65_536 } } } });
    await authed(platform.url, 'put', `${NS}/actions/hello`).send(wskActionBody('hello')).expect(200);
    await authed(platform.url, 'put', `${NS}/triggers/big`).send({}).expect(200);
    await authed(platform.url, 'put', `${NS}/rules/big-hello`).send({ trigger: '/_/big', action: '/_/hello' }).expect(200);
  });
  afterAll(() => platform.cleanup());

  it('sends heartbeat comments to an idle stream', async () => {
    const c = await openEventStream(`${platform.url}${STREAM}`, { authorization: basicAuth() });
    try {
      await until('two heartbeats', () => c.comments >= 3); // the opening comment and two heartbeats
    } finally {
      c.close();
    }
  });

  it('drops a client that never reads, while invocations and other subscribers carry on', async () => {
    const healthy = await openEventStream(`${platform.url}${STREAM}?name=big`, { authorization: basicAuth() });
    // A client that sends its request and never reads a byte: only the kernel's buffers take what is sent to it.
    const stalled = connect(Number(new URL(platform.url).port), '127.0.0.1');
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.pause();
    let stalledClosed = false;
    stalled.on('close', () => { stalledClosed = true; });
    stalled.on('error', () => {});
    stalled.write(`GET ${STREAM}?name=big HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basicAuth()}\r\n\r\n`);
    await until('both subscriptions', () => platform.gateway.feed.subscriberCount === 2);
    try {
      // Trigger records carry the fire body as their result: 20 × 800 kB fills any loopback buffer.
      const payload = { blob: 'x'.repeat(800_000) };
      const fires: string[] = [];
      for (let i = 0; i < 20; i++) {
        const fire = await authed(platform.url, 'post', `${NS}/triggers/big`).send(payload).expect(202);
        fires.push(fire.body.activationId);
        const started = Date.now();
        await authed(platform.url, 'post', `${NS}/actions/hello?blocking=true`).send({}).expect(200);
        expect(Date.now() - started).toBeLessThan(2_000);
      }
      await until('the stalled client to be dropped', () => platform.gateway.feed.subscriberCount === 1);
      await until('every fire on the healthy stream', () => activations(healthy).length >= fires.length, 30_000);
      expect(idsOf(activations(healthy))).toEqual(fires);
      stalled.resume();
      await until('the stalled socket to close', () => stalledClosed);
    } finally {
      stalled.destroy();
      healthy.close();
    }
  });
});
