/**
 * `npx tsx compat-tests/cli.ts --apihost URL [--auth uuid:key] [--namespace ns] [-i]`: runs the conformance suite
 * against any OpenWhisk endpoint. `--start-standalone` starts this repository's standalone platform, runs the
 * suite against it and stops it. Exit status 1 when a scenario failed, 2 on a usage or start-up error.
 */
import { parseArgs } from 'node:util';
import { createScenarioContext, OPENWHISK_GUEST_KEY } from './conformance/context.js';
import { DEFAULT_SCENARIO_TIMEOUT_MS, formatOutcome, formatReport, runScenarios } from './conformance/run-conformance.js';
import { scenarios } from './conformance/scenarios.js';
import { startStandaloneServer, type StandaloneServer } from './standalone-server.js';

const USAGE = `usage: npx tsx compat-tests/cli.ts (--apihost URL | --start-standalone) [options]
  --apihost URL          endpoint, e.g. http://127.0.0.1:3233 (a bare host:port means https)
  --auth UUID:KEY        default: OpenWhisk's guest key
  --namespace NS         default: _ (the key's own namespace)
  -i, --insecure         accept self-signed certificates
  --start-standalone     start this repo's standalone platform (memory store) and test it
  --only REGEX           run only scenarios whose "feature name" matches
  --timeout-ms N         per-scenario limit (default ${DEFAULT_SCENARIO_TIMEOUT_MS})`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      apihost: { type: 'string' }, auth: { type: 'string' }, namespace: { type: 'string' },
      insecure: { type: 'boolean', short: 'i' }, 'start-standalone': { type: 'boolean' },
      only: { type: 'string' }, 'timeout-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' },
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
  const timeoutMs = values['timeout-ms'] ? Number(values['timeout-ms']) : DEFAULT_SCENARIO_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    process.stderr.write(`--timeout-ms must be a positive number, got ${values['timeout-ms']}\n`);
    return 2;
  }

  let server: StandaloneServer | undefined;
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
    const report = await runScenarios(ctx, scenarios, {
      timeoutMs,
      ...(values.only ? { only: new RegExp(values.only) } : {}),
      onOutcome: (outcome) => process.stdout.write(`${formatOutcome(outcome)}\n`),
    });
    process.stdout.write(`\n${formatReport(report)}\n`);
    return report.failed > 0 ? 1 : 0;
  } finally {
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
