/**
 * Reading activations. Expectations from OpenWhisk's docs/rest_api.md and docs/reference.md: a non-blocking
 * activation becomes readable at `GET …/activations/{id}` once it completes, `/logs` answers `{"logs": [...]}` with
 * `<time> stdout: <line>` entries (stderr likewise), `/result` answers the response (`result`, `status`,
 * `success`), and `GET …/activations?name=N` lists only activations of N.
 */
import assert from 'node:assert/strict';
import type { Scenario } from '../context.js';
import { ACTIVATION_ID, annotation, awaitActivation, pollUntil, withAction, type ActivationRecord, type ActivationResponse } from '../support.js';

const LOGGER = [
  'function main(params) {',
  "  console.log('first line from', params.who);",
  "  console.error('a line on stderr');",
  "  console.log('second line');",
  '  return { logged: 3 };',
  '}',
].join('\n');

export const activationScenarios: Scenario[] = [
  {
    feature: 'activations', name: 'non-blocking invoke, then GET the activation',
    run: (ctx) => withAction(ctx, { suffix: 'act-get', code: LOGGER }, async (name) => {
      const { activationId } = await ctx.ow.actions.invoke({ name, params: { who: 'async' } });
      assert.match(activationId, ACTIVATION_ID);
      const record = await awaitActivation(ctx, activationId);
      assert.equal(record.activationId, activationId);
      assert.equal(record.name, name);
      assert.equal(record.response.success, true);
      assert.deepEqual(record.response.result, { logged: 3 });
    }),
  },
  {
    feature: 'activations', name: 'activation logs carry console output as "stdout:"/"stderr:" lines',
    run: (ctx) => withAction(ctx, { suffix: 'act-logs', code: LOGGER }, async (name) => {
      const { activationId } = await ctx.ow.actions.invoke({ name, params: { who: 'logs' } });
      await awaitActivation(ctx, activationId);
      const { logs } = await ctx.ow.activations.logs({ name: activationId });
      assert.ok(Array.isArray(logs), `logs must be an array, got ${JSON.stringify(logs)}`);
      const lines = logs.map(String);
      const find = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
      const first = find(/\bstdout: first line from logs$/);
      const second = find(/\bstdout: second line$/);
      assert.ok(first >= 0, `no "stdout: first line from logs" in ${JSON.stringify(lines)}`);
      assert.ok(second > first, `stdout lines out of order in ${JSON.stringify(lines)}`);
      assert.ok(find(/\bstderr: a line on stderr$/) >= 0, `no "stderr: a line on stderr" in ${JSON.stringify(lines)}`);
      for (const line of lines) assert.match(line, /^\d{4}-\d\d-\d\dT[\d:.]+Z\s+std(out|err): /, 'each line starts with its ISO time and stream');
    }),
  },
  {
    feature: 'activations', name: 'activation result answers result, status and success',
    run: (ctx) => withAction(ctx, { suffix: 'act-result', code: LOGGER }, async (name) => {
      const { activationId } = await ctx.ow.actions.invoke({ name, params: { who: 'result' } });
      await awaitActivation(ctx, activationId);
      const response = (await ctx.ow.activations.result({ name: activationId })) as unknown as ActivationResponse;
      assert.deepEqual(response.result, { logged: 3 });
      assert.equal(response.status, 'success');
      assert.equal(response.success, true);
    }),
  },
  {
    feature: 'activations', name: 'list activations filtered by name',
    run: (ctx) => withAction(ctx, { suffix: 'act-list', code: LOGGER }, (name) =>
      withAction(ctx, { suffix: 'act-other', code: LOGGER }, async (other) => {
        const mine = [
          (await ctx.ow.actions.invoke({ name, params: { who: 1 } })).activationId,
          (await ctx.ow.actions.invoke({ name, params: { who: 2 } })).activationId,
        ];
        const theirs = (await ctx.ow.actions.invoke({ name: other })).activationId;
        for (const id of [...mine, theirs]) await awaitActivation(ctx, id);
        const listed = await pollUntil(`both activations of ${name} in the list`, async () => {
          const page = await ctx.ow.activations.list({ name, limit: 200 });
          return mine.every((id) => page.some((a) => a.activationId === id)) ? page : undefined;
        });
        for (const entry of listed) assert.equal(entry.name, name, `list by name answered ${JSON.stringify(entry)}`);
        assert.ok(!listed.some((a) => a.activationId === theirs), 'another action\'s activation was listed');
      })),
  },
  {
    feature: 'activations', name: 'list with docs=true answers full records; since excludes older ones',
    run: (ctx) => withAction(ctx, { suffix: 'act-docs', code: LOGGER }, async (name) => {
      const older = (await ctx.ow.actions.invoke({ name, params: { who: 'older' } })).activationId;
      const olderRecord = await awaitActivation(ctx, older);
      const newer = (await ctx.ow.actions.invoke({ name, params: { who: 'newer' } })).activationId;
      const newerRecord = await awaitActivation(ctx, newer);
      const docs = await pollUntil(`activation ${newer} in the docs=true list`, async () => {
        const page = (await ctx.ow.activations.list({ name, docs: true, limit: 200 })) as unknown as ActivationRecord[];
        return page.some((a) => a.activationId === newer) ? page : undefined;
      });
      const full = docs.find((a) => a.activationId === newer)!;
      assert.deepEqual(full.response?.result, { logged: 3 }, 'docs=true entries carry the response');
      assert.ok(Array.isArray(full.logs) && full.logs.some((l) => /stdout: first line from newer$/.test(l)), `docs=true entries carry the logs: ${JSON.stringify(full.logs)}`);
      assert.match(String(annotation(full, 'kind')), /^nodejs:/);
      const since = await ctx.ow.activations.list({ name, since: olderRecord.start + 1, limit: 200 });
      assert.ok(newerRecord.start > olderRecord.start, 'the second activation started later');
      assert.ok(since.some((a) => a.activationId === newer), `since=${olderRecord.start + 1} must keep ${newer} (start ${newerRecord.start})`);
      assert.ok(!since.some((a) => a.activationId === older), `since=${olderRecord.start + 1} must exclude the activation that started at ${olderRecord.start}`);
    }),
  },
];
