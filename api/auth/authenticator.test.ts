/**
 * The Authenticator's caches: a verified header is served from memory (no store read), never a refused one, and
 * nothing remembered outlives its subject's TTL or an invalidate() (an admin changing the subject's limits).
 */
import { UnauthorizedError } from '../../common/errors/whisk-errors.js';
import type { Subject } from '../../common/types/entities.js';
import { MemoryStore } from '../../store/memory/memory-store.js';
import { Authenticator } from './authenticator.js';

const basic = (uuid: string, key: string) => `Basic ${Buffer.from(`${uuid}:${key}`).toString('base64')}`;

/** A memory store that counts subject reads. */
class CountingStore extends MemoryStore {
  reads = 0;
  override async getSubjectByUuid(uuid: string): Promise<Subject | undefined> {
    this.reads++;
    return super.getSubjectByUuid(uuid);
  }
}

describe('Authenticator', () => {
  const alice: Subject = { subject: 'alice', uuid: 'u-alice', key: 'secret-a', namespaces: ['alice'] };
  const bob: Subject = { subject: 'bob', uuid: 'u-bob', key: 'secret-b', namespaces: ['bob'] };
  let store: CountingStore;
  let now: number;
  let auth: Authenticator;
  beforeEach(async () => {
    store = new CountingStore();
    await store.putSubject(alice);
    await store.putSubject(bob);
    now = 1_000;
    auth = new Authenticator(store, () => now);
  });

  it('serves a header it verified from memory, with the same credentials', async () => {
    const header = basic(alice.uuid, alice.key);
    expect(auth.known(header)).toBeUndefined();
    const first = await auth.authenticate(header);
    expect(first).toEqual({ subject: alice, authKey: 'u-alice:secret-a' });
    expect(store.reads).toBe(1);
    expect(auth.known(header)).toEqual(first);
    expect(await auth.authenticate(header)).toEqual(first);
    expect(store.reads).toBe(1);
  });

  it('never remembers a refused header: each try takes the full check again', async () => {
    const wrong = basic(alice.uuid, 'guess');
    await expect(auth.authenticate(wrong)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(auth.authenticate(wrong)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(auth.known(wrong)).toBeUndefined();
    await expect(auth.authenticate(undefined)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(auth.known(undefined)).toBeUndefined();
  });

  it('remembers the exact header only: another spelling of the same credentials is checked on its own', async () => {
    await auth.authenticate(basic(alice.uuid, alice.key));
    const lower = `basic ${Buffer.from('u-alice:secret-a').toString('base64')}`;
    expect(auth.known(lower)).toBeUndefined();
    expect((await auth.authenticate(lower)).subject).toEqual(alice);
  });

  it('forgets a verified header when its subject expires, and sees a changed key then', async () => {
    const header = basic(alice.uuid, alice.key);
    await auth.authenticate(header);
    await store.putSubject({ ...alice, key: 'rotated' });
    now += 9_999;
    expect(auth.known(header)).toBeDefined();
    now += 1;
    expect(auth.known(header)).toBeUndefined();
    await expect(auth.authenticate(header)).rejects.toBeInstanceOf(UnauthorizedError);
    expect((await auth.authenticate(basic(alice.uuid, 'rotated'))).subject.key).toBe('rotated');
  });

  it("drops the subject's verified headers on invalidate(uuid), and only theirs", async () => {
    const a = basic(alice.uuid, alice.key);
    const b = basic(bob.uuid, bob.key);
    await auth.authenticate(a);
    await auth.authenticate(b);
    const limited: Subject = { ...alice, limits: { alice: { invocationsPerMinute: 5 } } };
    await store.putSubject(limited);
    auth.invalidate(alice.uuid);
    expect(auth.known(a)).toBeUndefined();
    expect(auth.known(b)).toBeDefined();
    expect((await auth.authenticate(a)).subject).toEqual(limited);
  });

  it('does not remember a header whose subject was invalidated while it was being read', async () => {
    const header = basic(alice.uuid, alice.key);
    const pending = auth.authenticate(header);
    auth.invalidate(alice.uuid);
    expect((await pending).subject).toEqual(alice);
    expect(auth.known(header)).toBeUndefined();
  });
});
