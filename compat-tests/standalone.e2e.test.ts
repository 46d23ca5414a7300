/**
 * End to end: the standalone platform started as users start it (a child process on a free loopback port, real
 * nodejs on the process backend), driven by the real `openwhisk` npm client; then the whole conformance suite
 * and the Serverless Framework cycle (deploy → info → invoke → logs → remove with serverless-openwhisk) against the
 * same server, which must report no failures.
 */
import assert from 'node:assert/strict';
import { createScenarioContext, OPENWHISK_GUEST_KEY, type ScenarioContext } from './conformance/context';
import { formatOutcome, formatReport, runScenarios } from './conformance/run-conformance';
import { scenarios } from './conformance/scenarios';
import { prepareServerlessCycle } from './serverless/cycle';
import { serverlessEntry } from './serverless/serverless-cli';
import { awaitActivation, expectStatus, type ActivationRecord } from './conformance/support';
import { startStandaloneServer, type StandaloneServer } from './standalone-server';

jest.setTimeout(240_000);

describe('standalone platform with the openwhisk npm client', () => {
  let server: StandaloneServer | undefined;
  let ctx: ScenarioContext;

  beforeAll(async () => {
    server = await startStandaloneServer({ startTimeoutMs: 90_000 });
    assert.match(server.apihost, /^http:\/\/127\.0\.0\.1:\d+$/);
    ctx = createScenarioContext({ apihost: server.apihost, auth: OPENWHISK_GUEST_KEY, namespace: '_' });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  }, 30_000);

  it('creates, invokes, reads activations and logs, updates, lists and deletes an action', async () => {
    const { ow } = ctx;
    const name = ctx.name('e2e');
    const code = "function main(params) { console.log('hello', params.name); return { greeting: 'Hello, ' + params.name }; }";
    try {
      const created = await ow.actions.create({ name, action: code, kind: 'nodejs:default' });
      expect(created).toMatchObject({ name, namespace: 'guest', version: '0.0.1', exec: { kind: expect.stringMatching(/^nodejs:\d+$/) } });

      expect(await ow.actions.invoke({ name, blocking: true, result: true, params: { name: 'Ada' } })).toEqual({ greeting: 'Hello, Ada' });

      const { activationId } = await ow.actions.invoke({ name, params: { name: 'Grace' } });
      expect(activationId).toMatch(/^[0-9a-f]{32}$/);
      const record: ActivationRecord = await awaitActivation(ctx, activationId, 30_000);
      expect(record).toMatchObject({ activationId, name, namespace: 'guest', response: { status: 'success', success: true, result: { greeting: 'Hello, Grace' } } });

      const { logs } = await ow.activations.logs({ name: activationId });
      expect(logs.some((line) => / stdout: hello Grace$/.test(String(line)))).toBe(true);
      expect(await ow.activations.result({ name: activationId })).toMatchObject({ result: { greeting: 'Hello, Grace' }, success: true });

      const updated = await ow.actions.update({ name, action: "function main() { return { greeting: 'updated' }; }" });
      expect(updated.version).toBe('0.0.2');
      expect(await ow.actions.invoke({ name, blocking: true, result: true })).toEqual({ greeting: 'updated' });

      const listed = await ow.actions.list({ limit: 200 });
      expect(listed.find((a) => a.name === name)).toMatchObject({ name, namespace: 'guest', version: '0.0.2' });

      expect(await ow.actions.delete({ name })).toMatchObject({ name });
      await expectStatus(ow.actions.get({ name }), 404, 'get after delete');
    } finally {
      await ow.actions.delete({ name }).catch(() => undefined);
    }
  });

  it('passes the whole conformance suite', async () => {
    const progress: string[] = [];
    const report = await runScenarios(ctx, scenarios, { timeoutMs: 60_000, onOutcome: (o) => progress.push(formatOutcome(o)) });
    const table = formatReport(report);
    process.stdout.write(`\nconformance against ${server!.apihost}\n${progress.join('\n')}\n\n${table}\n`);
    const failed = report.outcomes.filter((o) => o.status === 'failed');
    expect(failed.map((o) => `${o.feature} › ${o.name}: ${o.detail}`)).toEqual([]);
    expect(report.passed).toBeGreaterThan(0);
    // This platform installs /whisk.system at start-up: the catalog scenarios must run, not skip.
    expect(report.outcomes.filter((o) => o.feature === 'catalog' && o.status !== 'passed').map((o) => o.name)).toEqual([]);
  });

  it('deploys, inspects, invokes and removes a service with the Serverless Framework', async () => {
    assert.ok(serverlessEntry(), 'the serverless devDependency is installed');
    const cycle = await prepareServerlessCycle(ctx, { commandTimeoutMs: 60_000 });
    try {
      const progress: string[] = [];
      const report = await runScenarios(ctx, cycle.select(), { timeoutMs: 90_000, onOutcome: (o) => progress.push(formatOutcome(o)) });
      process.stdout.write(`\nserverless against ${server!.apihost}\n${progress.join('\n')}\n\n${cycle.timingReport() ?? ''}\n\n${formatReport(report)}\n`);
      const failed = report.outcomes.filter((o) => o.status === 'failed');
      expect(failed.map((o) => `${o.name}: ${o.detail}`)).toEqual([]);
      const skipped = report.outcomes.filter((o) => o.status === 'skipped');
      expect(skipped.map((o) => o.name)).toEqual(skipped.length ? [expect.stringMatching(/^invoke -f pyhello /)] : []);
      expect(report.passed).toBeGreaterThanOrEqual(10);
    } finally {
      await cycle.dispose();
    }
  }, 300_000);
});
