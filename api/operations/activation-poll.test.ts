/**
 * `wsk activation poll [NAME]` replayed request by request (apache/openwhisk-cli commands/activation.go with
 * openwhisk-client-go's ActivationListOptions: `limit` and `skip` always sent, `name`/`since`/`docs` only when set,
 * keys in alphabetical order). The CLI first lists `docs=true&limit=1&skip=0` and polls from the newest start + 1;
 * then every 2 s it lists `docs=true&limit=0[&name=N][&since=S]&skip=0`, prints records it has not reported yet
 * and moves `since` to the newest start it saw + 1. So `since` must be inclusive on `start`, `limit=0` the
 * maximum, `docs=true` full records and `name` OpenWhisk's filter (NAME: top level only; PKG/NAME: in the package).
 */
import type { ActivationRecord } from '../../common/types/entities.js';
import { authed, wskActionBody } from '../../test/helpers/api-client';
import { createResponseValidator, type ResponseValidator } from '../../test/helpers/api-openapi';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/test-platform';

const ACTIVATIONS = '/api/v1/namespaces/_/activations';

/** The CLI's state between polls: what it has printed and where the next poll starts. */
class PollLoop {
  readonly reported: string[] = [];
  since = 0;

  constructor(private readonly platform: TestPlatform, private readonly spec: ResponseValidator, private readonly name?: string) {}

  /** The request before the loop (no --since-* flag given): the newest activation's start + 1. */
  async start(): Promise<void> {
    const res = await authed(this.platform.url, 'get', `${ACTIVATIONS}?docs=true&limit=1&skip=0`).expect(200);
    this.spec.expectValid(res, 'getActivations');
    const [newest] = res.body as ActivationRecord[];
    if (newest) this.since = newest.start + 1;
  }

  /** One iteration of the loop; returns the activations it printed. */
  async poll(): Promise<string[]> {
    const query = ['docs=true', 'limit=0', ...(this.name ? [`name=${encodeURIComponent(this.name)}`] : []),
      ...(this.since ? [`since=${this.since}`] : []), 'skip=0'].join('&');
    const res = await authed(this.platform.url, 'get', `${ACTIVATIONS}?${query}`).expect(200);
    this.spec.expectValid(res, 'getActivations');
    const printed: string[] = [];
    for (const record of res.body as ActivationRecord[]) {
      expect(record.logs).toEqual(expect.any(Array)); // the CLI prints them: docs=true must give full records
      if (!this.reported.includes(record.activationId)) {
        this.reported.push(record.activationId);
        printed.push(record.activationId);
      }
      if (record.start > this.since) this.since = record.start + 1;
    }
    return printed;
  }
}

describe('wsk activation poll', () => {
  let platform: TestPlatform;
  let spec: ResponseValidator;
  const invoke = async (name: string): Promise<ActivationRecord> =>
    (await authed(platform.url, 'post', `/api/v1/namespaces/_/actions/${name}?blocking=true`).send({}).expect(200)).body;

  beforeAll(async () => {
    platform = await startTestPlatform();
    spec = await createResponseValidator();
    // Runs of 3 ms one after another: every activation starts in a later millisecond than the one before.
    const action = (name: string) => ({ ...wskActionBody(name), annotations: [{ key: 'sim-warm-ms', value: 3 }] });
    for (const name of ['hello', 'other']) {
      await authed(platform.url, 'put', `/api/v1/namespaces/_/actions/${name}`).send(action(name)).expect(200);
    }
    await authed(platform.url, 'put', '/api/v1/namespaces/_/packages/pkg').send({}).expect(200);
    await authed(platform.url, 'put', '/api/v1/namespaces/_/actions/pkg/hello').send(action('pkg/hello')).expect(200);
  });
  afterAll(() => platform.cleanup());

  it('on an empty namespace, polls without since and reports everything that follows, once', async () => {
    const loop = new PollLoop(platform, spec);
    await loop.start();
    expect(loop.since).toBe(0);
    expect(await loop.poll()).toEqual([]);
    const a = await invoke('hello');
    const b = await invoke('other');
    expect(await loop.poll()).toEqual([b.activationId, a.activationId]); // newest first, as listed
    expect(loop.since).toBe(b.start + 1);
    expect(await loop.poll()).toEqual([]);
  });

  it('skips what happened before it started, then reports each new activation of NAME once (not PKG/NAME)', async () => {
    const before = await invoke('hello');
    const loop = new PollLoop(platform, spec, 'hello');
    await loop.start();
    expect(loop.since).toBe(before.start + 1);
    expect(await loop.poll()).toEqual([]);

    const made = [await invoke('hello'), await invoke('other'), await invoke('pkg/hello'), await invoke('hello')];
    const printed = await loop.poll();
    expect(printed.sort()).toEqual([made[0]!.activationId, made[3]!.activationId].sort());
    expect(printed).not.toContain(before.activationId);
    expect(loop.since).toBe(Math.max(made[0]!.start, made[3]!.start) + 1);
    expect(await loop.poll()).toEqual([]);

    const later = await invoke('hello');
    expect(await loop.poll()).toEqual([later.activationId]);
  });

  it('polls PKG/NAME for the packaged action only', async () => {
    const loop = new PollLoop(platform, spec, 'pkg/hello');
    await loop.start();
    await invoke('hello');
    const packaged = await invoke('pkg/hello');
    expect(await loop.poll()).toEqual([packaged.activationId]);
  });

  it('includes an activation that started exactly at since (inclusive), and none before it', async () => {
    const first = await invoke('other');
    const second = await invoke('other');
    expect(first.start).toBeLessThan(second.start);
    const ids = async (query: string) =>
      ((await authed(platform.url, 'get', `${ACTIVATIONS}?${query}`).expect(200)).body as ActivationRecord[]).map((r) => r.activationId);
    expect(await ids(`docs=true&limit=0&name=other&since=${second.start}&skip=0`)).toEqual([second.activationId]);
    expect(await ids(`docs=true&limit=0&name=other&since=${second.start + 1}&skip=0`)).toEqual([]);
    expect(await ids(`limit=0&name=other&since=${first.start}&upto=${first.start}&skip=0`)).toEqual([first.activationId]);
  });

  it('answers limit=0 with up to the maximum page (200), newest first', async () => {
    const res = await authed(platform.url, 'get', `${ACTIVATIONS}?docs=true&limit=0&skip=0`).expect(200);
    const starts = (res.body as ActivationRecord[]).map((r) => r.start);
    expect(starts.length).toBeGreaterThan(10);
    expect([...starts].sort((x, y) => y - x)).toEqual(starts);
  });
});

describe('activation list briefs (without docs)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform();
    await authed(platform.url, 'put', '/api/v1/namespaces/_/actions/hello').send(wskActionBody('hello')).expect(200);
    await authed(platform.url, 'put', '/api/v1/namespaces/_/triggers/t').send({}).expect(200);
    await authed(platform.url, 'put', '/api/v1/namespaces/_/rules/r').send({ trigger: '/_/t', action: '/_/hello' }).expect(200);
  });
  afterAll(() => platform.cleanup());

  it("carry the cause of an activation a trigger caused, as OpenWhisk's summary does", async () => {
    const fired = await authed(platform.url, 'post', '/api/v1/namespaces/_/triggers/t').send({}).expect(202);
    let briefs: Record<string, unknown>[] = [];
    for (let i = 0; i < 100 && !briefs.some((b) => b.name === 'hello'); i++) {
      briefs = (await authed(platform.url, 'get', `${ACTIVATIONS}?name=hello`).expect(200)).body;
      if (!briefs.length) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(briefs[0]).toEqual(expect.objectContaining({ name: 'hello', cause: fired.body.activationId, statusCode: 0 }));
    expect(briefs[0]).not.toHaveProperty('response');
    expect(briefs[0]).not.toHaveProperty('logs');
  });
});
