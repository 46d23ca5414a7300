/**
 * The Serverless Framework cycle as table rows (feature `serverless`), run in order on one deployed service:
 * deploy, the deployed entities, info, invoke (a function, the sequence, python), the web action, the trigger's
 * rule, logs, remove; then the API-gateway service on its own. Expectations come from fixture/ (what each function
 * returns and what serverless.yml declares), from what serverless-openwhisk documents it sends (parameters,
 * annotations with `final` for web actions, limits, `/_/` sequence components, one rule per `trigger` event, an
 * API route per `http` event) and from OpenWhisk's docs (actions.md, reference.md, webactions.md,
 * triggers_rules.md, apigateway.md), never from this implementation.
 */
import assert from 'node:assert/strict';
import type openwhisk from 'openwhisk';
import type { Scenario, ScenarioContext, Skip } from '../conformance/context.js';
import { annotation, expectStatus, pollUntil, type ActivationRecord } from '../conformance/support.js';
import type { ServerlessRunner } from './serverless-cli.js';
import type { ServiceNames } from './service-names.js';

export interface CycleState {
  ctx: ScenarioContext;
  sls: ServerlessRunner;
  names: ServiceNames;
  /** True when the python function was deployed, or why it was left out. */
  python: true | Skip;
  /** `serverless deploy` exited 0. */
  deployed: boolean;
  /** The trigger activation the rule step fired, for the logs step. */
  triggerActivationId?: string;
}

type CodeExec = openwhisk.Exec & { main?: string; binary?: boolean; components?: string[] };
type Step = (s: CycleState) => Promise<void | Skip>;

const NEEDS_DEPLOY: Skip = { skipped: 'needs a successful `serverless deploy`' };

/** `serverless invoke -f fn -d data`: the plugin prints the blocking activation's result as JSON on stdout. */
async function invoke(s: CycleState, fn: string, data: Record<string, unknown>): Promise<unknown> {
  const { stdout } = await s.sls.run(['invoke', '-f', fn, '-d', JSON.stringify(data)]);
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`serverless invoke -f ${fn} printed no JSON result: ${stdout.slice(0, 500)}`);
  }
}

/** GET with a bounded wait; the body parsed here, so that it compares equal under jest's realms too. */
async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: text };
  }
}

function afterDeploy(step: Step): Step {
  return (s) => (s.deployed ? step(s) : Promise.resolve(NEEDS_DEPLOY));
}

const deploy: Step = async (s) => {
  await s.sls.run(['--version']); // the CLI runs on this Node; its time is the framework's start-up alone
  await s.sls.run(['deploy']);
  s.deployed = true;
};

const deployedEntities: Step = afterDeploy(async ({ ctx, names }) => {
  const hello = await ctx.ow.actions.get({ name: names.hello });
  const ns = hello.namespace;
  const exec = hello.exec as CodeExec;
  assert.match(exec.kind, /^nodejs:/, 'runtime nodejs:default resolves to a nodejs kind');
  assert.equal(exec.main, 'hello', 'handler handler.hello → exec.main "hello"');
  assert.equal(exec.binary, true, 'the plugin uploads a zip: exec.binary');
  assert.deepEqual(hello.parameters, [{ key: 'greeting', value: 'Hello' }]);
  assert.equal(annotation(hello, 'owc-fixture'), 'hello');
  assert.equal(hello.limits?.timeout, 30_000, 'timeout: 30 (seconds) → 30000 ms');
  assert.equal(hello.limits?.memory, 128);

  const page = await ctx.ow.actions.get({ name: names.page });
  assert.equal(annotation(page, 'web-export'), true);
  assert.equal(annotation(page, 'final'), true, 'the plugin finalizes web-exported parameters, like wsk --web true');

  const pipeline = await ctx.ow.actions.get({ name: names.pipeline });
  assert.equal(pipeline.exec.kind, 'sequence');
  assert.deepEqual((pipeline.exec as CodeExec).components, [`/${ns}/${names.hello}`, `/${ns}/${names.shout}`],
    'components sent as /_/name come back with the namespace resolved');

  const trigger = await ctx.ow.triggers.get({ name: names.trigger });
  assert.equal(trigger.name, names.trigger);
  const rule = await ctx.ow.rules.get({ name: names.rule });
  assert.equal(rule.status, 'active');
  assert.deepEqual(rule.trigger, { path: ns, name: names.trigger });
  assert.deepEqual(rule.action, { path: ns, name: names.hello });
});

const info: Step = afterDeploy(async ({ sls, names, ctx }) => {
  const { stdout } = await sls.run(['info']);
  const ns = (await ctx.ow.actions.get({ name: names.page })).namespace;
  for (const name of [names.hello, names.shout, names.pipeline, names.page, names.trigger, names.rule]) {
    assert.ok(stdout.includes(name), `serverless info lists ${name}:\n${stdout}`);
  }
  assert.ok(stdout.includes(`/api/v1/web/${ns}/default/${names.page}`), `serverless info shows the web action's URL:\n${stdout}`);
});

const invokeFunction: Step = afterDeploy(async (s) => {
  assert.deepEqual(await invoke(s, 'hello', { name: 'Ada' }), { greeting: 'Hello, Ada!' },
    'handler.hello with the greeting parameter from serverless.yml');
});

const invokeSequence: Step = afterDeploy(async (s) => {
  assert.deepEqual(await invoke(s, 'pipeline', { name: 'Ada' }), { greeting: 'HELLO, ADA!', shouted: true },
    'hello then shout, each result the next one\'s parameters');
});

const invokePython: Step = afterDeploy(async (s) => {
  if (s.python !== true) return s.python;
  try {
    assert.deepEqual(await invoke(s, 'pyhello', { name: 'Guido' }), { greeting: 'Hello, Guido!', lang: 'python' });
    return undefined;
  } catch (error) {
    const [last] = (await s.ctx.ow.activations.list({ name: s.names.pyhello, limit: 1, docs: true })) as unknown as ActivationRecord[];
    if (last?.response.status === 'whisk internal error') {
      return { skipped: `python actions cannot run here: ${JSON.stringify(last.response.result)}` };
    }
    throw error;
  }
});

const webAction: Step = afterDeploy(async ({ ctx, names }) => {
  const ns = (await ctx.ow.actions.get({ name: names.page })).namespace;
  const url = `${ctx.baseUrl}/api/v1/web/${ns}/default/${names.page}.json`;
  const { status, body } = await getJson(url);
  assert.equal(status, 200, `GET ${url}: ${JSON.stringify(body)}`);
  assert.deepEqual(body, { page: 'owc', method: 'get' }, 'a web action sees __ow_method "get"');
});

const triggerRule: Step = afterDeploy(async (s) => {
  const { ctx, names } = s;
  const fired = (await ctx.ow.triggers.invoke({ name: names.trigger, params: { name: 'Trigger' } })) as { activationId?: string };
  assert.ok(typeof fired?.activationId === 'string', `firing the trigger answers its activation id: ${JSON.stringify(fired)}`);
  const cause = fired.activationId;
  const run = await pollUntil(`the rule's activation of ${names.hello}`, async () => {
    const page = (await ctx.ow.activations.list({ name: names.hello, docs: true, limit: 50 })) as unknown as (ActivationRecord & { cause?: string })[];
    return page.find((a) => a.cause === cause);
  }, { timeoutMs: 30_000, intervalMs: 500 });
  assert.deepEqual(run.response.result, { greeting: 'Hello, Trigger!' }, 'the rule ran hello with the fire parameters');
  s.triggerActivationId = run.activationId;
});

const LOG_LINE = (text: string) => new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ${text}$`, 'm');

const logs: Step = afterDeploy(async (s) => {
  const expected = [LOG_LINE('hello Ada')];
  if (s.triggerActivationId) expected.push(new RegExp(`^activation \\(${s.triggerActivationId}\\):$`, 'm'), LOG_LINE('hello Trigger'));
  let last = '';
  await pollUntil('serverless logs -f hello to show the invocations', async () => {
    last = (await s.sls.run(['logs', '-f', 'hello'])).stdout;
    return expected.every((re) => re.test(last)) ? true : undefined;
  }, { timeoutMs: 20_000, intervalMs: 500 }).catch((error: Error) => {
    throw new Error(`${error.message}; expected ${expected.join(', ')} in:\n${last}`);
  });
});

async function assertGone(ctx: ScenarioContext, names: ServiceNames): Promise<void> {
  for (const name of [names.hello, names.shout, names.pipeline, names.page, names.pyhello]) {
    await expectStatus(ctx.ow.actions.get({ name }), 404, `action ${name} after serverless remove`);
  }
  await expectStatus(ctx.ow.rules.get({ name: names.rule }), 404, `rule ${names.rule} after serverless remove`);
  await expectStatus(ctx.ow.triggers.get({ name: names.trigger }), 404, `trigger ${names.trigger} after serverless remove`);
}

/** Runs even after a failed deploy: a partial deploy leaves entities that remove must take away. */
const remove: Step = async ({ sls, ctx, names }) => {
  await sls.run(['remove']); // the plugin logs and ignores per-entity failures: check with the npm client
  await assertGone(ctx, names);
};

interface ApiListing {
  apis: { value: { gwApiUrl: string; apidoc: { basePath: string; paths: Record<string, unknown> } } }[];
}

/** The API-gateway service: deploy publishes the route, its URL runs the function, remove deletes the route. */
const httpEvent: Step = async ({ sls, ctx, names }) => {
  const config = ['--config', 'serverless-http.yml'];
  let removed = false;
  try {
    await sls.run(['deploy', ...config]);
    const action = await ctx.ow.actions.get({ name: names.api });
    assert.equal(annotation(action, 'web-export'), true, 'an http event web-exports the function');
    assert.equal(typeof annotation(action, 'require-whisk-auth'), 'string', 'and protects it with a generated require-whisk-auth key');

    const listing = (await ctx.ow.routes.list({ basepath: names.basepath })) as unknown as ApiListing;
    const api = listing.apis.find((a) => a.value.apidoc.basePath === names.basepath);
    assert.ok(api, `getApi lists the base path ${names.basepath}: ${JSON.stringify(listing)}`);
    assert.ok('/hello' in api.value.apidoc.paths, `the API has the path /hello: ${JSON.stringify(api.value.apidoc.paths)}`);
    const url = `${api.value.gwApiUrl.replace(/\/+$/, '')}/hello?name=Ada`;
    const { status, body } = await getJson(url);
    assert.equal(status, 200, `GET ${url}: ${JSON.stringify(body)}`);
    assert.deepEqual(body, { greeting: 'Hi, Ada!' }, 'the route runs the function with the query as parameters');

    await sls.run(['remove', ...config]);
    removed = true;
    const after = (await ctx.ow.routes.list()) as unknown as ApiListing;
    assert.ok(!after.apis.some((a) => a.value.apidoc.basePath === names.basepath), `the API ${names.basepath} is gone after remove`);
    await expectStatus(ctx.ow.actions.get({ name: names.api }), 404, `action ${names.api} after serverless remove`);
  } finally {
    if (!removed) await sls.run(['remove', ...config]).catch(() => undefined);
  }
};

export function cycleScenarios(state: CycleState): Scenario[] {
  const row = (name: string, step: Step): Scenario => ({ feature: 'serverless', name, run: () => step(state) });
  return [
    row('deploy (the plugin packages the functions; sequence, trigger, rule)', deploy),
    row('deployed entities match serverless.yml (kind, main, zip, parameters, annotations, limits, components, rule)', deployedEntities),
    row('info lists the service (needs API management: getApi)', info),
    row('invoke -f hello (parameters from serverless.yml)', invokeFunction),
    row('invoke -f pipeline (sequence)', invokeSequence),
    row('invoke -f pyhello (python; skipped when the endpoint has no python)', invokePython),
    row('web action (web-export annotation) answers on /api/v1/web', webAction),
    row('trigger event: firing the trigger runs the function through the rule', triggerRule),
    row('logs -f hello shows the invocations\' log lines', logs),
    row('remove deletes every action, the trigger and the rule', remove),
    row('http event: deploy publishes an API route that runs the function; remove deletes it', httpEvent),
  ];
}

/** Rows that always run with the cycle, whatever `--only` selects: the others need them. */
export const ALWAYS_RUN = /^(deploy|remove) /;
