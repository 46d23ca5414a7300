/**
 * What a rule may name and what a fire then runs (OpenWhisk posts the rule's action as its owner would invoke
 * it): another namespace's shared packaged action (/whisk.system/utils/echo), an action through the caller's
 * binding (`u/echo`), and a sequence, which runs as a sequence. Each fire's trigger record names the activation
 * the rule started; that activation is the guest's, with the target's `path`. Real code on the process backend.
 */
import { authed, keyValues, pollActivation } from '../../test/helpers/api-client';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/test-platform';

const NS = '/api/v1/namespaces/_';

interface RuleOutcome {
  statusCode: number;
  success: boolean;
  activationId?: string;
  error?: string;
  rule: string;
  action: string;
}

describe('rule targets', () => {
  let platform: TestPlatform;
  const api = (method: 'get' | 'put' | 'post' | 'delete', path: string) => authed(platform.url, method, `${NS}${path}`);

  beforeAll(async () => {
    platform = await startTestPlatform({ backend: 'process', catalog: true });
    await api('put', '/packages/u').send({ binding: { namespace: 'whisk.system', name: 'utils' } }).expect(200);
    await api('put', '/actions/sorter').send({
      exec: { kind: 'sequence', components: ['/whisk.system/utils/split', '/whisk.system/utils/sort'] },
    }).expect(200);
  }, 30_000);
  afterAll(() => platform.cleanup());

  /** Creates trigger + rule to `action`, fires `params`, and answers the rule's outcome and the activation it started. */
  async function fireThrough(name: string, action: string, params: Record<string, unknown>) {
    await api('put', `/triggers/${name}`).send({}).expect(200);
    const rule = await api('put', `/rules/${name}`).send({ trigger: `/_/${name}`, action }).expect(200);
    const fired = await api('post', `/triggers/${name}`).send(params).expect(202);
    const trigger = await pollActivation(platform.url, fired.body.activationId);
    expect(trigger.status).toBe(200);
    const outcome = JSON.parse(trigger.body.logs[0]) as RuleOutcome;
    expect(outcome).toMatchObject({ statusCode: 0, success: true, rule: `guest/${name}` });
    const run = await pollActivation(platform.url, outcome.activationId!);
    expect(run.status).toBe(200);
    return { rule: rule.body, outcome, run: run.body, triggerId: fired.body.activationId as string };
  }

  it("runs another namespace's shared packaged action: /whisk.system/utils/echo", async () => {
    const { rule, outcome, run, triggerId } = await fireThrough('to-echo', '/whisk.system/utils/echo', { hello: 'catalog' });
    expect(rule.action).toEqual({ path: 'whisk.system/utils', name: 'echo' });
    expect(outcome.action).toBe('whisk.system/utils/echo');
    expect(run).toMatchObject({ namespace: 'guest', name: 'echo', response: { success: true, result: { hello: 'catalog' } } });
    expect(run.cause).toBe(triggerId);
    expect(keyValues(run.annotations).path).toBe('whisk.system/utils/echo');
  });

  it("runs an action through the caller's binding: u/echo", async () => {
    const { rule, run } = await fireThrough('to-binding', 'u/echo', { via: 'binding' });
    expect(rule.action).toEqual({ path: 'guest/u', name: 'echo' });
    expect(run).toMatchObject({ namespace: 'guest', name: 'echo', response: { success: true, result: { via: 'binding' } } });
    expect(keyValues(run.annotations).path).toBe('whisk.system/utils/echo');
  });

  it('runs a sequence as a sequence, its record listing its components and caused by the trigger', async () => {
    const { run, triggerId } = await fireThrough('to-sequence', '/_/sorter', { payload: 'pear\napple\nfig' });
    expect(run.cause).toBe(triggerId);
    expect(run).toMatchObject({ namespace: 'guest', name: 'sorter', response: { success: true, result: { lines: ['apple', 'fig', 'pear'], length: 3 } } });
    expect(keyValues(run.annotations)).toMatchObject({ kind: 'sequence', topmost: true });
    expect(run.logs).toHaveLength(2);
  });

  it('still refuses a rule to something that is not there (400), through a binding too', async () => {
    await api('put', '/triggers/nowhere').send({}).expect(200);
    const res = await api('put', '/rules/nowhere').send({ trigger: '/_/nowhere', action: 'u/nope' }).expect(400);
    expect(res.body.error).toBe('action /guest/u/nope does not exist');
  });
});
