/**
 * Invoking actions. Expectations from OpenWhisk's docs/rest_api.md and docs/reference.md: a blocking invoke
 * answers the activation record (the npm client extracts `response.result` when asked for the result), the record
 * carries a 32-hex activation id and the `path`, `kind`, `limits` and `waitTime` annotations, and invoke
 * parameters are merged over the action's default parameters.
 */
import assert from 'node:assert/strict';
import type { Scenario } from '../context.js';
import { ACTIVATION_ID, annotation, assertErrorBody, awaitActivation, deleteAction, expectStatus, step, withAction, type ActivationRecord } from '../support.js';
import { HELLO } from './actions.js';

const ECHO = 'function main(params) { return params; }';
const ASYNC = "function main(params) { return new Promise((resolve) => setTimeout(() => resolve({ late: params.n * 2 }), 200)); }";
const ENVIRONMENT = [
  'function main() {',
  "  const keys = ['__OW_ACTIVATION_ID', '__OW_ACTION_NAME', '__OW_ACTION_VERSION', '__OW_NAMESPACE', '__OW_API_HOST', '__OW_DEADLINE', '__OW_API_KEY'];",
  '  return Object.fromEntries(keys.map((k) => [k, process.env[k] === undefined ? null : process.env[k]]));',
  '}',
].join('\n');

export const invokeScenarios: Scenario[] = [
  {
    feature: 'invoke', name: 'blocking invoke with result=true resolves to the result',
    run: (ctx) => withAction(ctx, { suffix: 'result', code: HELLO }, async (name) => {
      const result = await ctx.ow.actions.invoke({ name, blocking: true, result: true, params: { name: 'Ada' } });
      assert.deepEqual(result, { greeting: 'Hello, Ada!' });
    }),
  },
  {
    feature: 'invoke', name: 'blocking invoke answers the full activation record',
    run: (ctx) => withAction(ctx, { suffix: 'record', code: HELLO }, async (name) => {
      const record = (await ctx.ow.actions.invoke({ name, blocking: true })) as unknown as ActivationRecord;
      assert.match(record.activationId, ACTIVATION_ID);
      assert.equal(record.name, name);
      assert.ok(record.namespace && record.namespace !== '_', `namespace must be resolved, got ${record.namespace}`);
      assert.equal(record.version, '0.0.1');
      assert.ok(typeof record.subject === 'string' && record.subject.length > 0, 'subject');
      assert.ok(record.start > 0 && record.end >= record.start, `start ${record.start} end ${record.end}`);
      assert.equal(typeof record.duration, 'number');
      assert.equal(record.response.status, 'success');
      assert.equal(record.response.success, true);
      assert.deepEqual(record.response.result, { greeting: 'Hello, stranger!' });
      assert.ok(Array.isArray(record.logs), 'logs is an array');
      assert.equal(annotation(record, 'path'), `${record.namespace}/${name}`);
      assert.match(String(annotation(record, 'kind')), /^nodejs:/);
      const limits = annotation(record, 'limits') as Record<string, unknown> | undefined;
      assert.ok(limits && typeof limits.timeout === 'number' && typeof limits.memory === 'number', `limits annotation: ${JSON.stringify(limits)}`);
      assert.equal(typeof annotation(record, 'waitTime'), 'number', 'waitTime annotation');
      assert.equal(typeof annotation(record, 'initTime'), 'number', 'the first activation of a new action is a cold start: initTime annotation');
    }),
  },
  {
    feature: 'invoke', name: 'default parameters are merged with invoke parameters (invoke wins)',
    run: (ctx) => withAction(ctx, { suffix: 'params', code: ECHO, params: { a: 1, b: 'default' } }, async (name) => {
      const action = await ctx.ow.actions.get({ name });
      assert.deepEqual(action.parameters, [{ key: 'a', value: 1 }, { key: 'b', value: 'default' }]);
      const merged = await ctx.ow.actions.invoke({ name, blocking: true, result: true, params: { b: 'invoke', c: [1, 2] } });
      assert.deepEqual(merged, { a: 1, b: 'invoke', c: [1, 2] });
      const defaults = await ctx.ow.actions.invoke({ name, blocking: true, result: true });
      assert.deepEqual(defaults, { a: 1, b: 'default' });
    }),
  },
  {
    feature: 'invoke', name: 'final: defined parameters cannot be overridden (400), null ones can',
    async run(ctx) {
      const name = ctx.name('final');
      try {
        // docs/annotations.md: `final` makes the parameters "that are already defined" immutable; null is not defined.
        await ctx.ow.actions.create({ name, action: ECHO, params: { a: 'A', empty: null }, annotations: { final: true } });
        const err = await expectStatus(ctx.ow.actions.invoke({ name, blocking: true, params: { a: 'B' } }), 400, 'override a defined final parameter');
        assertErrorBody(err, 'override a final parameter');
        const added = await step('add a new parameter', ctx.ow.actions.invoke({ name, blocking: true, result: true, params: { c: 'new' } }));
        assert.deepEqual(added, { a: 'A', empty: null, c: 'new' });
        const filled = await step('set the null parameter', ctx.ow.actions.invoke({ name, blocking: true, result: true, params: { empty: 'C' } }));
        assert.deepEqual(filled, { a: 'A', empty: 'C' });
      } finally {
        await deleteAction(ctx, name, false);
      }
    },
  },
  {
    feature: 'invoke', name: 'exec.main names the function to run',
    async run(ctx) {
      const name = ctx.name('main');
      const code = "function main() { return { from: 'main' }; }\nfunction hello() { return { from: 'hello' }; }";
      try {
        await ctx.ow.actions.create({ name, action: { exec: { kind: 'nodejs:default', code, main: 'hello' } } as never });
        assert.equal(((await ctx.ow.actions.get({ name })).exec as { main?: string }).main, 'hello');
        assert.deepEqual(await ctx.ow.actions.invoke({ name, blocking: true, result: true }), { from: 'hello' });
      } finally {
        await deleteAction(ctx, name, false);
      }
    },
  },
  {
    feature: 'invoke', name: 'an action returning a Promise is awaited',
    run: (ctx) => withAction(ctx, { suffix: 'promise', code: ASYNC }, async (name) => {
      assert.deepEqual(await ctx.ow.actions.invoke({ name, blocking: true, result: true, params: { n: 21 } }), { late: 42 });
    }),
  },
  {
    feature: 'invoke', name: 'the action sees the documented __OW_* environment (no API key by default)',
    run: (ctx) => withAction(ctx, { suffix: 'env', code: ENVIRONMENT }, async (name) => {
      const record = (await ctx.ow.actions.invoke({ name, blocking: true })) as unknown as ActivationRecord;
      const env = record.response.result as Record<string, string | null>;
      assert.equal(env.__OW_ACTIVATION_ID, record.activationId);
      assert.equal(env.__OW_ACTION_NAME, `/${record.namespace}/${name}`);
      assert.equal(env.__OW_ACTION_VERSION, '0.0.1');
      assert.equal(env.__OW_NAMESPACE, record.namespace);
      assert.ok(env.__OW_API_HOST, '__OW_API_HOST is set');
      assert.ok(Number(env.__OW_DEADLINE) > record.start, `__OW_DEADLINE ${env.__OW_DEADLINE} must be after the start ${record.start}`);
      assert.equal(env.__OW_API_KEY, null, 'new actions get provide-api-key: false, so no __OW_API_KEY');
    }),
  },
  {
    feature: 'invoke', name: 'parameters over 1 MB → 413',
    run: (ctx) => withAction(ctx, { suffix: 'too-big', code: ECHO }, async (name) => {
      const params = { blob: 'x'.repeat(1024 * 1024 + 1) };
      await expectStatus(ctx.ow.actions.invoke({ name, blocking: true, params }), 413, 'invoke with 1 MB + 1 of parameters');
    }),
  },
  {
    feature: 'invoke', name: 'non-blocking invoke answers only an activation id',
    run: (ctx) => withAction(ctx, { suffix: 'async', code: HELLO }, async (name) => {
      const accepted = await ctx.ow.actions.invoke({ name });
      assert.deepEqual(Object.keys(accepted), ['activationId']);
      assert.match(accepted.activationId, ACTIVATION_ID);
      await awaitActivation(ctx, accepted.activationId); // let it finish before the action is deleted
    }),
  },
];
