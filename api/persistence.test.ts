/**
 * The embedded SQLite store keeps what the API wrote across a restart on the same data folder: actions (same
 * version and code), activation records (list and get), and the seeded subjects, seeded again without harm.
 */
import { rmSync } from 'node:fs';
import { authed, keyValues, wskActionBody } from '../test/helpers/api-client';
import { makeTempDir, startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../test/helpers/test-platform';

const ACTIONS = '/api/v1/namespaces/_/actions';
const ACTIVATIONS = '/api/v1/namespaces/_/activations';
const CODE = 'function main(args) { return { kept: true } }';
/** Runs of 3 ms keep the activations' starts distinct, so "newest first" has one answer. */
const actionBody = (name: string, code?: string) => ({ ...wskActionBody(name, code), annotations: [{ key: 'sim-warm-ms', value: 3 }] });

describe('persistence across a restart (sqlite)', () => {
  const dataDir = makeTempDir('owfast-persist-');
  let first: TestPlatform | undefined;
  let second: TestPlatform | undefined;
  const before: { action?: Record<string, unknown>; updated?: Record<string, unknown>; activations: string[] } = { activations: [] };

  beforeAll(async () => {
    first = await startTestPlatform({ store: 'sqlite', dataDir });
    before.action = (await authed(first.url, 'put', `${ACTIONS}/kept`).send(actionBody('kept', CODE)).expect(200)).body;
    await authed(first.url, 'put', `${ACTIONS}/bumped`).send(actionBody('bumped', CODE)).expect(200);
    before.updated = (await authed(first.url, 'put', `${ACTIONS}/bumped?overwrite=true`)
      .send({ parameters: [{ key: 'p', value: 1 }], limits: { memory: 128 } }).expect(200)).body;
    for (const name of ['kept', 'bumped', 'kept']) {
      const res = await authed(first.url, 'post', `${ACTIONS}/${name}?blocking=true`).send({}).expect(200);
      before.activations.push(res.body.activationId);
    }
    await authed(first.url, 'put', `${ACTIONS}/sysaction`, WHISK_SYSTEM_KEY).send(wskActionBody('sysaction')).expect(200);
    await first.cleanup();
    first = undefined;
    second = await startTestPlatform({ store: 'sqlite', dataDir });
  });

  afterAll(async () => {
    await first?.cleanup();
    await second?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps actions with their version, code, parameters and limits', async () => {
    const kept = await authed(second!.url, 'get', `${ACTIONS}/kept`).expect(200);
    expect(kept.body).toEqual(before.action);
    expect(kept.body.version).toBe('0.0.1');
    expect(kept.body.exec.code).toBe(CODE);

    const bumped = await authed(second!.url, 'get', `${ACTIONS}/bumped`).expect(200);
    expect(bumped.body).toEqual(before.updated);
    expect(bumped.body.version).toBe('0.0.2');
    expect(bumped.body.parameters).toEqual([{ key: 'p', value: 1 }]);
    expect(bumped.body.limits.memory).toBe(128);
    expect(keyValues(bumped.body.annotations).exec).toBe('nodejs:20');
  });

  it('keeps the action list and its order', async () => {
    const res = await authed(second!.url, 'get', ACTIONS).expect(200);
    expect(res.body.map((a: { name: string }) => a.name)).toEqual(['bumped', 'kept']);
  });

  it('keeps activation records, listed newest first and readable by id', async () => {
    const listed = await authed(second!.url, 'get', `${ACTIVATIONS}?limit=0`).expect(200);
    expect(listed.body.map((a: { activationId: string }) => a.activationId)).toEqual([...before.activations].reverse());
    for (const id of before.activations) {
      const res = await authed(second!.url, 'get', `${ACTIVATIONS}/${id}`).expect(200);
      expect(res.body.response).toEqual(expect.objectContaining({ status: 'success', success: true }));
      await authed(second!.url, 'get', `${ACTIVATIONS}/${id}/result`).expect(200);
    }
    expect((await authed(second!.url, 'get', `${ACTIVATIONS}?count=true&name=kept`).expect(200)).body).toEqual({ activations: 2 });
  });

  it('still accepts the seeded keys (subjects seeded idempotently)', async () => {
    await authed(second!.url, 'get', '/api/v1/namespaces').expect(200, ['guest']);
    await authed(second!.url, 'get', '/api/v1/namespaces', WHISK_SYSTEM_KEY).expect(200, ['whisk.system']);
    const sys = await authed(second!.url, 'get', ACTIONS, WHISK_SYSTEM_KEY).expect(200);
    expect(sys.body.map((a: { name: string }) => a.name)).toEqual(['sysaction']);
  });

  it('invokes the restored action and refuses to recreate it without overwrite', async () => {
    const res = await authed(second!.url, 'post', `${ACTIONS}/kept?blocking=true`).send({}).expect(200);
    expect(res.body.version).toBe('0.0.1');
    await authed(second!.url, 'put', `${ACTIONS}/kept`).send(wskActionBody('kept')).expect(409);
    const updated = await authed(second!.url, 'put', `${ACTIONS}/kept?overwrite=true`).send({}).expect(200);
    expect(updated.body.version).toBe('0.0.2');
  });
});
