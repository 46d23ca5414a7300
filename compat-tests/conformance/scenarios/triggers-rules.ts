/**
 * Triggers and rules through the npm client. Expectations from OpenWhisk's docs/triggers_rules.md, docs/reference.md
 * and docs/rest_api.md: a trigger record carries its parameters and `limits: {}`; a rule record names its trigger and
 * action as `{path, name}` and is active when created; firing a trigger (`POST …/triggers/{name}`, body = parameters)
 * answers the trigger activation id, and every active rule then invokes its action with the trigger's parameters
 * merged under the fire parameters, the action activation's `cause` being the trigger activation; a disabled rule
 * fires nothing, and firing a trigger with no active rule answers 204 without a body.
 */
import assert from 'node:assert/strict';
import type openwhisk from 'openwhisk';
import type { Scenario, ScenarioContext } from '../context.js';
import { ACTIVATION_ID, deleteAction, pollUntil, step, type ActivationRecord, type ClientError } from '../support.js';

const ECHO = 'function main(params) { return params; }';

interface TriggerRecord {
  namespace: string;
  name: string;
  version: string;
  parameters?: openwhisk.KeyVal[];
  limits?: unknown;
}

interface RuleRecord {
  namespace: string;
  name: string;
  status: string;
  trigger: unknown;
  action: unknown;
}

async function quietly(call: () => Promise<unknown>, reportFailure: boolean): Promise<void> {
  try {
    await call();
  } catch (error) {
    if ((error as ClientError).statusCode !== 404 && reportFailure) throw error;
  }
}

/** The action activation a rule started for trigger activation `cause` (bounded poll over `GET …/activations`). */
async function activationCausedBy(ctx: ScenarioContext, action: string, cause: string): Promise<ActivationRecord> {
  return pollUntil(`an activation of ${action} caused by ${cause}`, async () => {
    const page = (await ctx.ow.activations.list({ name: action, docs: true, limit: 50 })) as unknown as (ActivationRecord & { cause?: string })[];
    return page.find((a) => a.cause === cause);
  }, { timeoutMs: 30_000, intervalMs: 500 });
}

export const triggerRuleScenarios: Scenario[] = [
  {
    feature: 'triggers-rules', name: 'a fired trigger runs the rule\'s action (trigger < fire params, cause); disabled → 204',
    async run(ctx) {
      const trigger = ctx.name('trigger');
      const action = ctx.name('trigger-echo');
      const rule = ctx.name('rule');
      let passed = false;
      try {
        const created = (await step('create the trigger', ctx.ow.triggers.create({
          name: trigger,
          trigger: { parameters: [{ key: 'from', value: 'trigger' }, { key: 'shared', value: 'trigger' }] },
        } as never))) as unknown as TriggerRecord;
        assert.equal(created.name, trigger);
        assert.equal(created.version, '0.0.1');
        assert.deepEqual(created.limits, {}, 'trigger records carry limits: {}');
        assert.deepEqual(created.parameters, [{ key: 'from', value: 'trigger' }, { key: 'shared', value: 'trigger' }]);
        const ns = created.namespace;
        assert.ok(ns && ns !== '_', `namespace must be resolved, got ${ns}`);

        await step('create the action', ctx.ow.actions.create({ name: action, action: ECHO }));

        const made = (await step('create the rule', ctx.ow.rules.create({ name: rule, action, trigger }))) as unknown as RuleRecord;
        assert.equal(made.name, rule);
        assert.deepEqual(made.trigger, { path: ns, name: trigger }, 'rule.trigger is exactly {path, name}');
        assert.deepEqual(made.action, { path: ns, name: action }, 'rule.action is exactly {path, name}');
        assert.equal(made.status, 'active', 'a new rule is active');
        const fetched = (await ctx.ow.rules.get({ name: rule })) as unknown as RuleRecord;
        assert.deepEqual(fetched.trigger, { path: ns, name: trigger });
        assert.deepEqual(fetched.action, { path: ns, name: action });
        assert.equal(fetched.status, 'active');

        const fired = (await step('fire the trigger', ctx.ow.triggers.invoke({ name: trigger, params: { shared: 'fire', extra: 1 } }))) as { activationId?: string };
        assert.ok(fired && typeof fired.activationId === 'string', `firing answers an activation id: ${JSON.stringify(fired)}`);
        assert.match(fired.activationId, ACTIVATION_ID);
        const run = await activationCausedBy(ctx, action, fired.activationId);
        assert.equal(run.response.success, true);
        assert.deepEqual(run.response.result, { from: 'trigger', shared: 'fire', extra: 1 }, 'fire parameters over the trigger\'s');

        await step('disable the rule', ctx.ow.rules.disable({ name: rule }));
        assert.equal(((await ctx.ow.rules.get({ name: rule })) as unknown as RuleRecord).status, 'inactive');
        const idle = await step('fire with the rule disabled', ctx.ow.triggers.invoke({ name: trigger, params: { shared: 'idle' } }));
        // 204 No Content: the npm client (needle) resolves with the empty body, an empty Buffer: no activation id.
        assert.ok(!(idle && typeof idle === 'object' && 'activationId' in idle), `a trigger with no active rule answers 204 without an activation id, got ${JSON.stringify(idle)}`);
        const raw = await fetch(`${ctx.baseUrl}/api/v1/namespaces/${encodeURIComponent(ctx.namespace)}/triggers/${trigger}`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(ctx.auth).toString('base64')}`, 'content-type': 'application/json' },
          body: '{}',
          signal: AbortSignal.timeout(10_000),
        });
        assert.equal(raw.status, 204, `POST …/triggers/${trigger} with no active rule: expected 204, got ${raw.status}`);
        assert.equal(await raw.text(), '', '204 has no body');

        await step('enable the rule', ctx.ow.rules.enable({ name: rule }));
        assert.equal(((await ctx.ow.rules.get({ name: rule })) as unknown as RuleRecord).status, 'active');

        await step('delete the rule', ctx.ow.rules.delete({ name: rule }));
        await step('delete the trigger', ctx.ow.triggers.delete({ name: trigger }));
        await step('delete the action', ctx.ow.actions.delete({ name: action }));
        passed = true;
      } finally {
        await quietly(() => ctx.ow.rules.delete({ name: rule }), passed);
        await quietly(() => ctx.ow.triggers.delete({ name: trigger }), passed);
        await deleteAction(ctx, action, passed);
      }
    },
  },
];
