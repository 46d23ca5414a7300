/**
 * Packages and bindings through the npm client. Expectations from OpenWhisk's docs/packages.md, docs/reference.md
 * and docs/rest_api.md: a package carries default parameters that its actions inherit (package < action < invoke),
 * `GET …/packages/{name}` lists the package's actions, an action in a package is addressed `pkg/name`, every update
 * bumps the version patch, a binding (`{"binding": {namespace, name}}`) exposes the bound package's actions with the
 * binding's parameters over the package's, and deleting a package that still holds actions is 409.
 */
import assert from 'node:assert/strict';
import type openwhisk from 'openwhisk';
import type { Scenario, ScenarioContext } from '../context.js';
import { assertErrorBody, deleteAction, expectStatus, step, type ClientError } from '../support.js';

const ECHO = 'function main(params) { return params; }';

/** A package record as OpenWhisk answers it (docs/reference.md, "Package"). */
interface PackageRecord {
  namespace: string;
  name: string;
  version: string;
  binding?: { namespace?: string; name?: string };
  parameters?: openwhisk.KeyVal[];
  actions?: { name: string }[];
}

function keyVals(params: Record<string, unknown>): openwhisk.KeyVal[] {
  return Object.entries(params).map(([key, value]) => ({ key, value }));
}

/** Pages through `GET …/packages` (newest first, 200 a page at most). */
async function findListedPackage(ctx: ScenarioContext, name: string): Promise<PackageRecord | undefined> {
  const pageSize = 200;
  for (let skip = 0; skip < 20 * pageSize; skip += pageSize) {
    const page = (await ctx.ow.packages.list({ limit: pageSize, skip })) as unknown as PackageRecord[];
    assert.ok(Array.isArray(page), `package list is not an array: ${JSON.stringify(page)}`);
    const hit = page.find((p) => p.name === name);
    if (hit || page.length < pageSize) return hit;
  }
  return undefined;
}

async function deletePackage(ctx: ScenarioContext, name: string, reportFailure: boolean): Promise<void> {
  try {
    await ctx.ow.packages.delete({ name });
  } catch (error) {
    if ((error as ClientError).statusCode !== 404 && reportFailure) throw error;
  }
}

const PACKAGE_PARAMS = { from: 'package', a: 'package', b: 'package', c: 'package' };
const ACTION_PARAMS = { b: 'action', c: 'action' };

export const packageScenarios: Scenario[] = [
  {
    feature: 'packages', name: 'package lifecycle: parameters inherited, listed, updated, bound, 409 while not empty',
    async run(ctx) {
      const pkg = ctx.name('pkg');
      const action = `${pkg}/echo`;
      const bound = ctx.name('pkg-bound');
      let passed = false;
      try {
        const created = (await step('create the package', ctx.ow.packages.create({ name: pkg, package: { parameters: keyVals(PACKAGE_PARAMS) } }))) as unknown as PackageRecord;
        assert.equal(created.name, pkg);
        assert.ok(created.namespace && created.namespace !== '_', `namespace must be resolved, got ${created.namespace}`);
        assert.equal(created.version, '0.0.1');
        assert.deepEqual(created.parameters, keyVals(PACKAGE_PARAMS));
        const namespace = created.namespace;

        const inPackage = await step('create an action in the package', ctx.ow.actions.create({ name: action, action: ECHO, params: ACTION_PARAMS }));
        assert.equal(inPackage.name, 'echo', 'an action in a package is named without its package');
        assert.equal(inPackage.namespace, `${namespace}/${pkg}`, 'its namespace is ns/package');

        const fetched = (await ctx.ow.packages.get({ name: pkg })) as unknown as PackageRecord;
        assert.ok(Array.isArray(fetched.actions), `GET package lists its actions: ${JSON.stringify(fetched)}`);
        assert.deepEqual(fetched.actions.map((a) => a.name), ['echo']);
        assert.deepEqual(fetched.parameters, keyVals(PACKAGE_PARAMS));

        const result = await step('invoke pkg/echo', ctx.ow.actions.invoke({ name: action, blocking: true, result: true, params: { c: 'invoke' } }));
        assert.deepEqual(result, { from: 'package', a: 'package', b: 'action', c: 'invoke' }, 'package < action < invoke');

        const listed = await findListedPackage(ctx, pkg);
        assert.ok(listed, `${pkg} missing from GET …/packages`);
        assert.equal(listed.version, '0.0.1');

        const updated = (await step('update the package', ctx.ow.packages.update({ name: pkg, package: { parameters: keyVals(PACKAGE_PARAMS), publish: false } }))) as unknown as PackageRecord;
        assert.equal(updated.version, '0.0.2');
        assert.equal(((await ctx.ow.packages.get({ name: pkg })) as unknown as PackageRecord).version, '0.0.2');

        const binding = (await step('bind the package', ctx.ow.packages.create({
          name: bound,
          package: { binding: { namespace, name: pkg }, parameters: keyVals({ a: 'binding' }) },
        } as never))) as unknown as PackageRecord;
        assert.equal(binding.name, bound);
        assert.deepEqual(binding.binding, { namespace, name: pkg }, 'the binding record names the bound package');
        const viaBinding = await step('invoke through the binding', ctx.ow.actions.invoke({ name: `${bound}/echo`, blocking: true, result: true, params: { c: 'invoke' } }));
        assert.deepEqual(viaBinding, { from: 'package', a: 'binding', b: 'action', c: 'invoke' }, 'binding parameters override the package\'s');

        assertErrorBody(await expectStatus(ctx.ow.packages.delete({ name: pkg }), 409, 'delete a package that still holds an action'), 'delete a non-empty package');
        assert.equal(((await ctx.ow.packages.get({ name: pkg })) as unknown as PackageRecord).name, pkg, 'a refused delete leaves the package');

        await step('delete the binding', ctx.ow.packages.delete({ name: bound }));
        await step('delete the action', ctx.ow.actions.delete({ name: action }));
        await step('delete the emptied package', ctx.ow.packages.delete({ name: pkg }));
        await expectStatus(ctx.ow.packages.get({ name: pkg }), 404, 'get the deleted package');
        passed = true;
      } finally {
        await deletePackage(ctx, bound, passed);
        await deleteAction(ctx, action, passed);
        await deletePackage(ctx, pkg, passed);
      }
    },
  },
];
