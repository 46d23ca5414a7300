/**
 * Sequences through the npm client. Expectations from OpenWhisk's docs/actions.md ("Creating action sequences"),
 * docs/reference.md and docs/rest_api.md: a sequence is an action with `exec {"kind": "sequence", components}`
 * (fully qualified names, `_` resolved to the namespace); invoking it passes each component's result to the next and
 * answers the last one; the sequence's activation record lists its components' activation ids as its logs; a
 * component that fails stops the chain and the sequence fails with that error (502 on a blocking invoke); a
 * component that does not exist is refused at create with 400.
 */
import assert from 'node:assert/strict';
import type openwhisk from 'openwhisk';
import type { Scenario, ScenarioContext } from '../context.js';
import { ACTIVATION_ID, assertErrorBody, awaitActivation, deleteAction, expectStatus, step, type ActivationRecord } from '../support.js';

const PLUS_ONE = 'function main(params) { return { n: params.n + 1 }; }';
const TIMES_TEN = 'function main(params) { return { n: params.n * 10 }; }';
const FAIL = "function main() { return { error: 'stopped by the first component' }; }";

interface SequenceExec {
  kind: string;
  components?: string[];
}

/** `ow.actions.create({name, sequence})`: lib/actions.js sends `exec {kind: 'sequence', components}` (main.d.ts omits the option). */
function createSequence(ctx: ScenarioContext, name: string, components: string[]): Promise<openwhisk.Action> {
  return ctx.ow.actions.create({ name, sequence: components } as unknown as Parameters<openwhisk.Client['actions']['create']>[0]) as Promise<openwhisk.Action>;
}

/** Creates the named code actions, runs `body`, then deletes `extra` entities and the actions whatever happened. */
async function withActions(ctx: ScenarioContext, actions: Record<string, string>, extra: string[], body: (names: Record<string, string>) => Promise<void>): Promise<void> {
  const names = Object.fromEntries(Object.keys(actions).map((suffix) => [suffix, ctx.name(suffix)]));
  let passed = false;
  try {
    for (const [suffix, code] of Object.entries(actions)) await ctx.ow.actions.create({ name: names[suffix]!, action: code });
    await body(names);
    passed = true;
  } finally {
    for (const name of [...extra, ...Object.values(names)]) await deleteAction(ctx, name, passed);
  }
}

export const sequenceScenarios: Scenario[] = [
  {
    feature: 'sequences', name: 'a sequence chains its components; its logs are their activation ids',
    async run(ctx) {
      const seq = ctx.name('seq');
      await withActions(ctx, { 'seq-inc': PLUS_ONE, 'seq-mul': TIMES_TEN }, [seq], async (names) => {
        const fq = (name: string) => `/${ctx.namespace}/${name}`;
        const created = await step('create the sequence', createSequence(ctx, seq, [fq(names['seq-inc']!), fq(names['seq-mul']!)]));
        const ns = created.namespace;
        const exec = created.exec as SequenceExec;
        assert.equal(exec.kind, 'sequence');
        assert.deepEqual(exec.components, [`/${ns}/${names['seq-inc']}`, `/${ns}/${names['seq-mul']}`], 'components are fully qualified with the resolved namespace');

        const record = (await step('blocking invoke', ctx.ow.actions.invoke({ name: seq, blocking: true, params: { n: 1 } }))) as unknown as ActivationRecord & { cause?: string };
        assert.equal(record.name, seq);
        assert.equal(record.response.success, true);
        assert.deepEqual(record.response.result, { n: 20 }, '(1 + 1) * 10');
        assert.equal(record.logs.length, 2, `a sequence's logs are its two component activation ids: ${JSON.stringify(record.logs)}`);
        for (const id of record.logs) assert.match(id, ACTIVATION_ID);
        const first = (await awaitActivation(ctx, record.logs[0]!, 30_000)) as ActivationRecord & { cause?: string };
        assert.equal(first.name, names['seq-inc']);
        assert.deepEqual(first.response.result, { n: 2 });
        assert.equal(first.cause, record.activationId, 'a component activation names the sequence activation as its cause');
        const second = await awaitActivation(ctx, record.logs[1]!, 30_000);
        assert.equal(second.name, names['seq-mul']);
        assert.deepEqual(second.response.result, { n: 20 });
      });
    },
  },
  {
    feature: 'sequences', name: 'a failing first component stops the chain → 502 with its error',
    async run(ctx) {
      const seq = ctx.name('seq-fail');
      await withActions(ctx, { 'seq-fails': FAIL, 'seq-after': TIMES_TEN }, [seq], async (names) => {
        await createSequence(ctx, seq, [`/${ctx.namespace}/${names['seq-fails']}`, `/${ctx.namespace}/${names['seq-after']}`]);
        const err = await expectStatus(ctx.ow.actions.invoke({ name: seq, blocking: true, params: { n: 1 } }), 502, 'blocking invoke');
        const record = err.error as unknown as ActivationRecord;
        assert.match(record.activationId, ACTIVATION_ID, 'the 502 body is the sequence activation record');
        assert.equal(record.response.success, false);
        assert.equal(record.response.status, 'application error');
        assert.deepEqual(record.response.result, { error: 'stopped by the first component' });
        assert.equal(record.logs.length, 1, `only the failed component ran: ${JSON.stringify(record.logs)}`);
        const after = await ctx.ow.activations.list({ name: names['seq-after']!, limit: 10 });
        assert.deepEqual(after, [], 'the component after the failure never runs');
      });
    },
  },
  {
    feature: 'sequences', name: 'a sequence with a component that does not exist → 400',
    async run(ctx) {
      const seq = ctx.name('seq-bad');
      await withActions(ctx, {}, [seq], async () => {
        const err = await expectStatus(createSequence(ctx, seq, [`/${ctx.namespace}/${ctx.name('seq-nowhere')}`]), 400, 'create');
        assertErrorBody(err, 'create');
        await expectStatus(ctx.ow.actions.get({ name: seq }), 404, 'the refused sequence was not created');
      });
    },
  },
];
