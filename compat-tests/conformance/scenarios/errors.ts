/**
 * Failures as OpenWhisk reports them. Expectations from docs/reference.md and docs/rest_api.md: an action that
 * returns `{error}` is an application error and one that throws is an action developer error, both 502 on a
 * blocking invoke with the activation record as the body; bad credentials are 401 and unknown entities 404, with
 * the `{"error", "code"}` body.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Scenario } from '../context.js';
import { ACTIVATION_ID, annotation, assertErrorBody, awaitActivation, deleteAction, expectStatus, withAction, type ActivationRecord } from '../support.js';

const APP_ERROR = "function main() { return { error: { code: 42, message: 'bad input' } }; }";
const THROWS = "function main() { throw new Error('thrown on purpose'); }";
const SLOW = 'function main() { return new Promise((resolve) => setTimeout(() => resolve({ done: true }), 5000)); }';

export const errorScenarios: Scenario[] = [
  {
    feature: 'errors', name: 'application error: blocking invoke → 502 with the error result',
    run: (ctx) => withAction(ctx, { suffix: 'app-error', code: APP_ERROR }, async (name) => {
      const err = await expectStatus(ctx.ow.actions.invoke({ name, blocking: true, result: true }), 502, 'blocking invoke');
      const record = err.error as unknown as ActivationRecord;
      assert.match(record.activationId, ACTIVATION_ID, 'the 502 body is the activation record');
      assert.equal(record.response.status, 'application error');
      assert.equal(record.response.success, false);
      assert.deepEqual(record.response.result, { error: { code: 42, message: 'bad input' } });
      const stored = await awaitActivation(ctx, record.activationId);
      assert.equal(stored.response.status, 'application error');
      assert.equal(stored.response.statusCode, 1);
    }),
  },
  {
    feature: 'errors', name: 'developer error: an action that throws → 502 action developer error',
    run: (ctx) => withAction(ctx, { suffix: 'dev-error', code: THROWS }, async (name) => {
      const err = await expectStatus(ctx.ow.actions.invoke({ name, blocking: true }), 502, 'blocking invoke');
      const record = err.error as unknown as ActivationRecord;
      assert.match(record.activationId, ACTIVATION_ID, 'the 502 body is the activation record');
      assert.equal(record.response.status, 'action developer error');
      assert.equal(record.response.success, false);
      assert.ok(record.response.result?.error, `the result names the error: ${JSON.stringify(record.response.result)}`);
      const stored = await awaitActivation(ctx, record.activationId);
      assert.equal(stored.response.statusCode, 2);
    }),
  },
  {
    feature: 'errors', name: 'an action over its time limit → 502 developer error, timeout annotation true',
    async run(ctx) {
      const name = ctx.name('slow');
      try {
        await ctx.ow.actions.create({ name, action: SLOW, limits: { timeout: 1000 } });
        const started = Date.now();
        const err = await expectStatus(ctx.ow.actions.invoke({ name, blocking: true }), 502, 'blocking invoke');
        const record = err.error as unknown as ActivationRecord;
        assert.equal(record.response.status, 'action developer error');
        assert.equal(record.response.result?.error, 'The action exceeded its time limits of 1000 milliseconds.');
        assert.equal(annotation(record, 'timeout'), true);
        assert.ok(Date.now() - started < 4500, `the action must be stopped at its limit, took ${Date.now() - started} ms`);
      } finally {
        await deleteAction(ctx, name, false);
      }
    },
  },
  {
    feature: 'errors', name: 'a wrong key → 401 "The supplied authentication is invalid."',
    async run(ctx) {
      const uuid = ctx.auth.split(':')[0] ?? 'nobody';
      const intruder = ctx.client({ auth: `${uuid}:${randomBytes(24).toString('hex')}` });
      const err = await expectStatus(intruder.actions.list(), 401, 'list with a wrong key');
      assertErrorBody(err, 'list with a wrong key');
      assert.equal(err.error?.error, 'The supplied authentication is invalid.');
      await expectStatus(intruder.actions.invoke({ name: ctx.name('nobody-home'), blocking: true }), 401, 'invoke with a wrong key');
    },
  },
  {
    feature: 'errors', name: 'another namespace → 403 "The supplied authentication is not authorized to access this resource."',
    async run(ctx) {
      const elsewhere = ctx.client({ namespace: ctx.name('not-mine') });
      const err = await expectStatus(elsewhere.actions.list(), 403, 'list actions of another namespace');
      assertErrorBody(err, 'list actions of another namespace');
      assert.equal(err.error?.error, 'The supplied authentication is not authorized to access this resource.');
      await expectStatus(elsewhere.actions.create({ name: ctx.name('intruder'), action: 'function main() { return {}; }' }), 403, 'create in another namespace');
      await expectStatus(elsewhere.activations.list(), 403, 'list activations of another namespace');
    },
  },
  {
    feature: 'errors', name: 'a missing action → 404 on get, invoke and delete',
    async run(ctx) {
      const name = ctx.name('missing');
      assertErrorBody(await expectStatus(ctx.ow.actions.get({ name }), 404, 'get'), 'get');
      assertErrorBody(await expectStatus(ctx.ow.actions.invoke({ name, blocking: true }), 404, 'invoke'), 'invoke');
      await expectStatus(ctx.ow.actions.delete({ name }), 404, 'delete');
    },
  },
  {
    feature: 'errors', name: 'an unknown activation id → 404',
    async run(ctx) {
      const id = randomBytes(16).toString('hex');
      assertErrorBody(await expectStatus(ctx.ow.activations.get({ name: id }), 404, 'get activation'), 'get activation');
      await expectStatus(ctx.ow.activations.logs({ name: id }), 404, 'get activation logs');
    },
  },
];
