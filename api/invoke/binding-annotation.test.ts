/**
 * The `binding` annotation (docs/annotations.md "Annotations specific to activations": the entity path of the
 * package binding, only for actions invoked through one; `path` still names the bound package's action).
 */
import request from 'supertest';
import type { KeyValue } from '../../common/types/entities';
import { authed, keyValues, NODE_CODE, pollActivation } from '../../test/helpers/api-client';
import { startTestPlatform, WHISK_SYSTEM_KEY, type TestPlatform } from '../../test/helpers/test-platform';

describe('the binding annotation on activations', () => {
  let platform: TestPlatform;
  const annotationsOf = (body: { annotations: KeyValue[] }) => keyValues(body.annotations);
  const invoke = (path: string) => authed(platform.url, 'post', `/api/v1/namespaces/${path}?blocking=true`).send({}).expect(200);

  beforeAll(async () => {
    platform = await startTestPlatform();
    const put = (path: string, body: object, key?: string) => authed(platform.url, 'put', `/api/v1/namespaces/_/${path}`, key).send(body).expect(200);
    const action = { exec: { kind: 'nodejs:default', code: NODE_CODE }, annotations: [{ key: 'web-export', value: true }] };
    await put('packages/tools', {});
    await put('actions/tools/hello', action);
    await put('packages/mytools', { binding: { namespace: '_', name: 'tools' } });
    await put('packages/shared', { publish: true }, WHISK_SYSTEM_KEY);
    await put('actions/shared/hello', action, WHISK_SYSTEM_KEY);
    await put('packages/theirs', { binding: { namespace: 'whisk.system', name: 'shared' } });
  });
  afterAll(() => platform.cleanup());

  it('names the binding (ns/binding) when invoked through one of the namespace\'s bindings', async () => {
    const res = await invoke('_/actions/mytools/hello');
    expect(annotationsOf(res.body)).toMatchObject({ binding: 'guest/mytools', path: 'guest/tools/hello' });
  });

  it('names the caller\'s binding of another namespace\'s shared package', async () => {
    const res = await invoke('_/actions/theirs/hello');
    expect(annotationsOf(res.body)).toMatchObject({ binding: 'guest/theirs', path: 'whisk.system/shared/hello' });
  });

  it('is absent when the action is invoked in its own package', async () => {
    const res = await invoke('_/actions/tools/hello');
    expect(annotationsOf(res.body)).not.toHaveProperty('binding');
    const shared = await invoke('whisk.system/actions/shared/hello');
    expect(annotationsOf(shared.body)).not.toHaveProperty('binding');
  });

  it('is there for a web invoke through a binding too', async () => {
    const res = await request(platform.url).get('/api/v1/web/guest/mytools/hello.json').expect(200);
    const record = await pollActivation(platform.url, String(res.headers['x-openwhisk-activation-id']));
    expect(annotationsOf(record.body)).toMatchObject({ binding: 'guest/mytools' });
  });
});
