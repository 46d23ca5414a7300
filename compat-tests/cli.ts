/**
 * `npx tsx compat-tests/cli.ts --apihost URL [--auth uuid:key] [--namespace ns] [-i]`: runs the conformance suite
 * and then the Serverless Framework cycle (serverless/) against any OpenWhisk endpoint, in one table.
 * `--start-standalone` starts this repository's standalone platform, runs both against it and stops it.
 * Exit status 1 when a scenario failed, 2 on a usage or start-up error.
 */
import { parseArgs } from 'node:util';
import { createScenarioContext, OPENWHISK_GUEST_KEY } from './conformance/context.js';
import { DEFAULT_SCENARIO_TIMEOUT_MS, formatOutcome, formatReport, runScenarios } from './conformance/run-conformance.js';
import { scenarios, type Scenario } from './conformance/scenarios.js';
import { prepareServerlessCycle, type ServerlessCycle } from './serverless/cycle.js';
import { serverlessEntry } from './serverless/serverless-cli.js';
import { startStandaloneServer, type StandaloneServer } from './standalone-server.js';

const USAGE = `usage: npx tsx compat-tests/cli.ts (--apihost URL | --start-standalone) [options]
  --apihost URL          endpoint, e.g. http://127.0.0.1:3233 (a bare host:port means https)
  --auth UUID:KEY        default: OpenWhisk's guest key
  --namespace NS         default: _ (the key's own namespace)
  -i, --insecure         accept self-signed certificates
  --start-standalone     start this repo's standalone platform (memory store) and test it
  --only REGEX           run only scenarios whose "feature name" matches (the serverless
                         cycle's deploy and remove rows run whenever one of its rows matches)
  --serverless           require the Serverless Framework part (default: run it when installed)
  --no-serverless        leave the Serverless Framework part out
  --timeout-ms N         per-scenario limit (default ${DEFAULT_SCENARIO_TIMEOUT_MS})`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      apihost: { type: 'string' }, auth: { type: 'string' }, namespace: { type: 'string' },
      insecure: { type: 'boolean', short: 'i' }, 'start-standalone': { type: 'boolean' },
      only: { type: 'string' }, 'timeout-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      serverless: { type: 'boolean' }, 'no-serverless': { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.apihost === !values['start-standalone']) {
    process.stderr.write(`give exactly one of --apihost and --start-standalone\n${USAGE}\n`);
    return 2;
  }
  if (values.serverless && values['no-serverless']) {
    process.stderr.write(`give at most one of --serverless and --no-serverless\n${USAGE}\n`);
    return 2;
  }
  if (values.serverless && !serverlessEntry()) {
    process.stderr.write('--serverless: the serverless devDependency is not installed (npm install --include=dev)\n');
    return 2;
  }
  const timeoutMs = values['timeout-ms'] ? Number(values['timeout-ms']) : DEFAULT_SCENARIO_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    process.stderr.write(`--timeout-ms must be a positive number, got ${values['timeout-ms']}\n`);
    return 2;
  }

  let server: StandaloneServer | undefined;
  let cycle: ServerlessCycle | undefined;
  try {
    if (values['start-standalone']) {
      server = await startStandaloneServer();
      process.stdout.write(`standalone platform at ${server.apihost} (pid ${server.pid})\n`);
    }
    const ctx = createScenarioContext({
      apihost: server?.apihost ?? values.apihost!,
      auth: values.auth ?? OPENWHISK_GUEST_KEY,
      namespace: values.namespace ?? '_',
      ignoreCerts: values.insecure ?? false,
    });
    try {
      await ctx.ow.namespaces.list(); // fail fast on an unreachable endpoint or rejected credentials
    } catch (error) {
      process.stderr.write(`cannot use ${ctx.baseUrl} with the given key: ${(error as Error).message}\n`);
      return 2;
    }
    process.stdout.write(`conformance: ${ctx.baseUrl} namespace ${ctx.namespace}, entity prefix ${ctx.prefix}\n\n`);
    const only = values.only ? new RegExp(values.only) : undefined;
    const selected: Scenario[] = scenarios.filter((s) => !only || only.test(`${s.feature} ${s.name}`));
    if (!values['no-serverless']) {
      cycle = await prepareServerlessCycle(ctx, { commandTimeoutMs: timeoutMs });
      selected.push(...cycle.select(only));
    }
    const report = await runScenarios(ctx, selected, {
      timeoutMs,
      onOutcome: (outcome) => process.stdout.write(`${formatOutcome(outcome)}\n`),
    });
    const timings = cycle?.timingReport();
    if (timings) process.stdout.write(`\n${timings}\n`);
    process.stdout.write(`\n${formatReport(report)}\n`);
    return report.failed > 0 ? 1 : 0;
  } finally {
    await cycle?.dispose().catch((error: Error) => process.stderr.write(`serverless clean-up failed: ${error.message}\n`));
    await server?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`conformance run failed: ${(error as Error).message}\n`);
    process.exit(2);
  },
);
