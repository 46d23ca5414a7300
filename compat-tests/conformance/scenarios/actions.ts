/**
 * Action CRUD through the npm client. Expectations from OpenWhisk's docs/actions.md, docs/reference.md and
 * docs/rest_api.md: `nodejs:default` resolves to a concrete kind, version starts at 0.0.1 and every update bumps
 * the patch, `code=false` leaves the code out, create without overwrite on an existing name is 409, a zip is sent
 * as base64 and runs the file `package.json` names, delete answers the deleted action.
 */
import assert from 'node:assert/strict';
import type openwhisk from 'openwhisk';
import type { Scenario, ScenarioContext } from '../context.js';
import { zipFiles } from '../zip.js';
import { annotation, assertErrorBody, deleteAction, expectStatus, withAction } from '../support.js';

export const HELLO = "function main(params) { return { greeting: 'Hello, ' + (params.name || 'stranger') + '!' }; }";

type CodeExec = openwhisk.Exec & Record<string, unknown>;

/** Pages through `GET …/actions` (OpenWhisk lists newest first, 200 a page at most). */
async function findListedAction(ctx: ScenarioContext, name: string): Promise<openwhisk.ActionDesc | undefined> {
  const pageSize = 200;
  for (let skip = 0; skip < 20 * pageSize; skip += pageSize) {
    const page = await ctx.ow.actions.list({ limit: pageSize, skip });
    assert.ok(Array.isArray(page), `action list is not an array: ${JSON.stringify(page)}`);
    const hit = page.find((a) => a.name === name);
    if (hit || page.length < pageSize) return hit;
  }
  return undefined;
}

export const actionScenarios: Scenario[] = [
  {
    feature: 'actions', name: 'create a nodejs:default action',
    async run(ctx) {
      const name = ctx.name('create');
      try {
        const action = await ctx.ow.actions.create({ name, action: HELLO, kind: 'nodejs:default' });
        const exec = action.exec as CodeExec;
        assert.equal(action.name, name);
        assert.ok(typeof action.namespace === 'string' && action.namespace.length > 0 && action.namespace !== '_', `namespace must be resolved, got ${action.namespace}`);
        assert.equal(action.version, '0.0.1');
        assert.match(exec.kind, /^nodejs:\w+$/);
        assert.notEqual(exec.kind, 'nodejs:default', 'nodejs:default must resolve to the concrete default kind');
        assert.equal(exec.code, HELLO);
        assert.equal(annotation(action, 'exec'), exec.kind, 'the platform adds the exec annotation (= kind)');
        assert.equal(typeof action.limits?.timeout, 'number');
        assert.equal(typeof action.limits?.memory, 'number');
      } finally {
        await deleteAction(ctx, name, false);
      }
    },
  },
  {
    feature: 'actions', name: 'get an action with and without its code (code=false → exec.code absent)',
    run: (ctx) => withAction(ctx, { suffix: 'get', code: HELLO }, async (name) => {
      const full = await ctx.ow.actions.get({ name });
      assert.equal(full.name, name);
      assert.equal((full.exec as CodeExec).code, HELLO);
      const light = await ctx.ow.actions.get({ name, code: false } as { name: string });
      assert.equal(light.name, name);
      assert.ok(!('code' in light.exec), `exec.code must be absent with code=false, got ${JSON.stringify(light.exec)}`);
      assert.match(light.exec.kind, /^nodejs:/);
      const qualified = await ctx.ow.actions.get({ name: `/${full.namespace}/${name}` });
      assert.equal(qualified.name, name, 'a fully qualified /namespace/name addresses the same action');
    }),
  },
  {
    feature: 'actions', name: 'list actions includes the new action',
    run: (ctx) => withAction(ctx, { suffix: 'list', code: HELLO }, async (name) => {
      const listed = await findListedAction(ctx, name);
      assert.ok(listed, `${name} missing from GET …/actions`);
      assert.equal(listed.version, '0.0.1');
      assert.ok(typeof listed.namespace === 'string' && listed.namespace.length > 0);
      assert.match(String(annotation(listed, 'exec')), /^nodejs:/, 'list entries carry the exec annotation');
      const all = await ctx.ow.actions.list({ limit: 0 });
      assert.ok(all.length > 0, 'limit=0 means the maximum page, not an empty one (wsk namespace get relies on it)');
      const one = await ctx.ow.actions.list({ limit: 1 });
      assert.equal(one.length, 1, 'limit=1 answers one action');
      await expectStatus(ctx.ow.actions.list({ limit: 201 }), 400, 'list with limit 201 (max 200)');
    }),
  },
  {
    feature: 'actions', name: 'update replaces the code and bumps the version 0.0.1 → 0.0.2',
    run: (ctx) => withAction(ctx, { suffix: 'update', code: HELLO }, async (name) => {
      const next = "function main() { return { version: 'two' }; }";
      const updated = await ctx.ow.actions.update({ name, action: next });
      assert.equal(updated.version, '0.0.2');
      const fetched = await ctx.ow.actions.get({ name });
      assert.equal(fetched.version, '0.0.2');
      assert.equal((fetched.exec as CodeExec).code, next);
      const result = await ctx.ow.actions.invoke({ name, blocking: true, result: true });
      assert.deepEqual(result, { version: 'two' });
    }),
  },
  {
    feature: 'actions', name: 'update keeps parameters it is not given and replaces those it is given (no merge)',
    run: (ctx) => withAction(ctx, { suffix: 'update-params', code: HELLO, params: { a: 1, b: 2 } }, async (name) => {
      await ctx.ow.actions.update({ name, action: HELLO });
      assert.deepEqual((await ctx.ow.actions.get({ name })).parameters, [{ key: 'a', value: 1 }, { key: 'b', value: 2 }]);
      await ctx.ow.actions.update({ name, params: { b: 3 } });
      const action = await ctx.ow.actions.get({ name });
      assert.deepEqual(action.parameters, [{ key: 'b', value: 3 }]);
      assert.equal(action.version, '0.0.3');
      assert.equal((action.exec as CodeExec).code, HELLO, 'an update without code keeps the code');
    }),
  },
  {
    feature: 'actions', name: 'limits: given ones are kept; memory outside 128–512 MB or timeout under 100 ms → 400',
    async run(ctx) {
      const name = ctx.name('limits');
      const bad = ctx.name('limits-bad');
      try {
        const action = await ctx.ow.actions.create({ name, action: HELLO, limits: { timeout: 5000, memory: 128 } });
        assert.equal(action.limits?.timeout, 5000);
        assert.equal(action.limits?.memory, 128);
        assertErrorBody(await expectStatus(ctx.ow.actions.create({ name: bad, action: HELLO, limits: { memory: 64 } }), 400, 'memory 64'), 'memory 64');
        await expectStatus(ctx.ow.actions.create({ name: bad, action: HELLO, limits: { timeout: 50 } }), 400, 'timeout 50');
      } finally {
        await deleteAction(ctx, name, false);
        await deleteAction(ctx, bad, false);
      }
    },
  },
  {
    feature: 'actions', name: 'update of a missing action creates it at 0.0.1',
    async run(ctx) {
      const name = ctx.name('upsert');
      try {
        const action = await ctx.ow.actions.update({ name, action: HELLO });
        assert.equal(action.name, name);
        assert.equal(action.version, '0.0.1');
      } finally {
        await deleteAction(ctx, name, false);
      }
    },
  },
  {
    feature: 'actions', name: 'an unknown kind → 400',
    async run(ctx) {
      const name = ctx.name('bad-kind');
      try {
        assertErrorBody(await expectStatus(ctx.ow.actions.create({ name, action: HELLO, kind: 'nodejs:1' }), 400, 'create'), 'create');
      } finally {
        await deleteAction(ctx, name, false);
      }
    },
  },
  {
    feature: 'actions', name: 'an invalid entity name → 400',
    async run(ctx) {
      const name = `-${ctx.name('bad-name')}`; // names must start with a word character (EntityPath.scala)
      try {
        assertErrorBody(await expectStatus(ctx.ow.actions.create({ name, action: HELLO }), 400, 'create'), 'create');
      } finally {
        await deleteAction(ctx, name, false);
      }
    },
  },
  {
    feature: 'actions', name: 'create on an existing name without overwrite → 409',
    run: (ctx) => withAction(ctx, { suffix: 'conflict', code: HELLO }, async (name) => {
      const err = await expectStatus(ctx.ow.actions.create({ name, action: HELLO }), 409, 'second create');
      assertErrorBody(err, 'second create');
      assert.equal((await ctx.ow.actions.get({ name })).version, '0.0.1', 'a rejected create must not touch the action');
    }),
  },
  {
    feature: 'actions', name: 'zip action (base64, no binary flag) runs the package.json main file',
    run: (ctx) => {
      const zip = zipFiles({
        'package.json': JSON.stringify({ name: 'zipped', version: '1.0.0', main: 'src/handler.js' }),
        'src/handler.js': "const { greet } = require('./greet');\nexports.main = (params) => ({ greeting: greet(params.name) });\n",
        'src/greet.js': "exports.greet = (name) => 'Zipped hello, ' + (name || 'stranger');\n",
      });
      return withAction(ctx, { suffix: 'zip', code: zip }, async (name) => {
        const action = await ctx.ow.actions.get({ name, code: false } as { name: string });
        assert.equal((action.exec as CodeExec).binary, true, 'the platform detects the zip and marks exec.binary');
        const result = await ctx.ow.actions.invoke({ name, blocking: true, result: true, params: { name: 'zip' } });
        assert.deepEqual(result, { greeting: 'Zipped hello, zip' });
      });
    },
  },
  {
    feature: 'actions', name: 'delete answers the action; get and delete afterwards → 404',
    async run(ctx) {
      const name = ctx.name('delete');
      try {
        await ctx.ow.actions.create({ name, action: HELLO });
        const deleted = await ctx.ow.actions.delete({ name });
        assert.equal(deleted.name, name);
        assertErrorBody(await expectStatus(ctx.ow.actions.get({ name }), 404, 'get after delete'), 'get after delete');
        await expectStatus(ctx.ow.actions.delete({ name }), 404, 'second delete');
      } finally {
        await deleteAction(ctx, name, false);
      }
    },
  },
];
