/**
 * The /whisk.system catalog through the npm client, from the caller's own namespace. Expectations from OpenWhisk's
 * docs/packages.md ("Browsing packages": `wsk package list /whisk.system` shows its shared packages; "Creating and
 * using package bindings": a binding to /whisk.system/… runs the bound actions with the binding's parameters),
 * docs/actions.md (a sequence of /whisk.system/utils/split and /whisk.system/utils/sort sorts the lines of its
 * `payload`), docs/triggers_rules.md (a rule may name a package action; the trigger activation's logs name the
 * activation each rule started), and the catalog's own `sampleInput`/`sampleOutput` annotations
 * (apache/openwhisk-catalog packages/utils: sort {lines: [4, 2, 3]} → {lines: [2, 3, 4], length: 3}). An action of
 * another namespace's package runs as the caller's activation. Skipped when the endpoint has no /whisk.system/utils.
 */
import assert from 'node:assert/strict';
import type openwhisk from 'openwhisk';
import type { Scenario, ScenarioContext, Skip } from '../context.js';
import { annotation, awaitActivation, deleteAction, step, type ActivationRecord, type ClientError } from '../support.js';

const UTILS = '/whisk.system/utils';

interface PackageRecord {
  name: string;
  namespace: string;
  publish?: boolean;
  actions?: { name: string }[];
}

/** One line of a trigger activation's logs: what a rule started (docs/triggers_rules.md). */
interface RuleOutcome {
  success: boolean;
  activationId?: string;
  action: string;
}

/** The utils package as the caller sees it, or a skip when the endpoint does not install the catalog. */
async function catalogOrSkip(ctx: ScenarioContext): Promise<PackageRecord | Skip> {
  try {
    return (await ctx.ow.packages.get({ name: 'utils', namespace: 'whisk.system' } as never)) as unknown as PackageRecord;
  } catch (error) {
    const status = (error as ClientError).statusCode;
    if (status === 403 || status === 404) return { skipped: `the endpoint has no shared ${UTILS} package (HTTP ${status})` };
    throw error;
  }
}

async function quietly(call: () => Promise<unknown>, reportFailure: boolean): Promise<void> {
  try {
    await call();
  } catch (error) {
    if ((error as ClientError).statusCode !== 404 && reportFailure) throw error;
  }
}

export const catalogScenarios: Scenario[] = [
  {
    feature: 'catalog', name: 'whisk.system lists its shared packages; /whisk.system/utils/sort runs as the caller',
    async run(ctx) {
      const utils = await catalogOrSkip(ctx);
      if ('skipped' in utils) return utils;
      assert.ok(utils.actions?.some((a) => a.name === 'sort'), `${UTILS} lists sort: ${JSON.stringify(utils.actions)}`);

      const listed = (await step('list /whisk.system packages', ctx.ow.packages.list({ namespace: 'whisk.system', public: true, limit: 200 } as never))) as unknown as PackageRecord[];
      const names = listed.map((p) => p.name);
      assert.ok(names.includes('utils') && names.includes('samples'), `/whisk.system lists utils and samples: ${JSON.stringify(names)}`);
      assert.ok(listed.every((p) => p.publish === true), 'another namespace lists only shared packages');

      const result = await step('invoke /whisk.system/utils/sort', ctx.ow.actions.invoke({ name: `${UTILS}/sort`, blocking: true, result: true, params: { lines: [4, 2, 3] } }));
      assert.deepEqual(result, { lines: [2, 3, 4], length: 3 });

      const record = (await ctx.ow.actions.invoke({ name: `${UTILS}/sort`, blocking: true, params: { lines: ['b', 'a'] } })) as unknown as ActivationRecord;
      const me = (await ctx.ow.actions.invoke({ name: `${UTILS}/namespace`, blocking: true, result: true })) as { namespace?: string };
      assert.ok(me.namespace && me.namespace !== 'whisk.system', `utils/namespace answers the caller's namespace: ${JSON.stringify(me)}`);
      assert.equal(record.namespace, me.namespace, "the activation is the caller's");
      assert.equal(annotation(record, 'path'), 'whisk.system/utils/sort');
      assert.deepEqual(record.response.result, { lines: ['a', 'b'], length: 2 });
    },
  },
  {
    feature: 'catalog', name: 'a binding to /whisk.system/utils runs its actions with the binding\'s parameters',
    async run(ctx) {
      const utils = await catalogOrSkip(ctx);
      if ('skipped' in utils) return utils;
      const binding = ctx.name('utils');
      let passed = false;
      try {
        const created = (await step('bind /whisk.system/utils', ctx.ow.packages.create({
          name: binding,
          package: { binding: { namespace: 'whisk.system', name: 'utils' }, parameters: [{ key: 'num', value: 2 }] },
        } as never))) as unknown as PackageRecord & { binding?: { namespace?: string; name?: string } };
        assert.deepEqual(created.binding, { namespace: 'whisk.system', name: 'utils' });
        const echoed = await step('invoke binding/echo', ctx.ow.actions.invoke({ name: `${binding}/echo`, blocking: true, result: true, params: { payload: 'Five fuzzy felines' } }));
        assert.deepEqual(echoed, { payload: 'Five fuzzy felines', num: 2 }, 'echo answers its input, the binding parameter included');
        const head = await step('invoke binding/head', ctx.ow.actions.invoke({ name: `${binding}/head`, blocking: true, result: true, params: { lines: ['x', 'y', 'z'] } }));
        assert.deepEqual(head, { lines: ['x', 'y'], num: 2 });
        await step('delete the binding', ctx.ow.packages.delete({ name: binding }));
        passed = true;
      } finally {
        await quietly(() => ctx.ow.packages.delete({ name: binding }), passed);
      }
    },
  },
  {
    feature: 'catalog', name: '/whisk.system/utils/echo as a rule target: the fire parameters come back',
    async run(ctx) {
      const utils = await catalogOrSkip(ctx);
      if ('skipped' in utils) return utils;
      const trigger = ctx.name('cat-trigger');
      const rule = ctx.name('cat-rule');
      let passed = false;
      try {
        await step('create the trigger', ctx.ow.triggers.create({ name: trigger }));
        const made = (await step('create the rule', ctx.ow.rules.create({ name: rule, trigger, action: `${UTILS}/echo` }))) as unknown as { action: unknown };
        assert.deepEqual(made.action, { path: 'whisk.system/utils', name: 'echo' });
        const fired = (await step('fire', ctx.ow.triggers.invoke({ name: trigger, params: { fired: 'yes', n: 7 } }))) as { activationId: string };
        const triggerRecord = await awaitActivation(ctx, fired.activationId, 30_000);
        const outcomes = triggerRecord.logs.map((line) => JSON.parse(line) as RuleOutcome);
        const outcome = outcomes.find((o) => o.action === 'whisk.system/utils/echo');
        assert.ok(outcome?.success && outcome.activationId, `the trigger's logs name the echo activation: ${JSON.stringify(triggerRecord.logs)}`);
        const run = await awaitActivation(ctx, outcome.activationId, 30_000);
        assert.equal(run.name, 'echo');
        assert.equal(annotation(run, 'path'), 'whisk.system/utils/echo');
        assert.deepEqual(run.response.result, { fired: 'yes', n: 7 });
        await step('delete the rule', ctx.ow.rules.delete({ name: rule }));
        await step('delete the trigger', ctx.ow.triggers.delete({ name: trigger }));
        passed = true;
      } finally {
        await quietly(() => ctx.ow.rules.delete({ name: rule }), passed);
        await quietly(() => ctx.ow.triggers.delete({ name: trigger }), passed);
      }
    },
  },
  {
    feature: 'catalog', name: '/whisk.system/utils/echo, split and sort as sequence components',
    async run(ctx) {
      const utils = await catalogOrSkip(ctx);
      if ('skipped' in utils) return utils;
      const seq = ctx.name('cat-seq');
      let passed = false;
      try {
        const components = [`${UTILS}/echo`, `${UTILS}/split`, `${UTILS}/sort`];
        await step('create the sequence', ctx.ow.actions.create({ name: seq, sequence: components } as unknown as Parameters<openwhisk.Client['actions']['create']>[0]));
        const record = (await step('invoke the sequence', ctx.ow.actions.invoke({
          name: seq, blocking: true, params: { payload: 'Over-ripe sushi,\nThe Master\nIs full of regret.' },
        }))) as unknown as ActivationRecord;
        assert.deepEqual(record.response.result, { lines: ['Is full of regret.', 'Over-ripe sushi,', 'The Master'], length: 3 });
        assert.equal(record.logs.length, 3, `one activation per component: ${JSON.stringify(record.logs)}`);
        const first = await awaitActivation(ctx, record.logs[0]!, 30_000);
        assert.equal(annotation(first, 'path'), 'whisk.system/utils/echo');
        await step('delete the sequence', ctx.ow.actions.delete({ name: seq }));
        passed = true;
      } finally {
        await deleteAction(ctx, seq, passed);
      }
    },
  },
];
