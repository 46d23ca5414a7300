/**
 * The Serverless Framework part of compat-tests: prepares one private copy of fixture/ per run (service named
 * after the run's entity prefix, python left out when the endpoint advertises no python), hands out the cycle's
 * rows as conformance scenarios for the same runner and table, reports the deploy → invoke → remove cycle time,
 * and removes whatever a failed or interrupted cycle left behind.
 */
import type { Scenario, ScenarioContext } from '../conformance/context.js';
import { advertisedFamilies } from '../conformance/scenarios/runtimes.js';
import type { ClientError } from '../conformance/support.js';
import { createServerlessRunner, serverlessEntry, type ServerlessRunner } from './serverless-cli.js';
import { serviceNames, type ServiceNames } from './service-names.js';
import { ALWAYS_RUN, cycleScenarios, type CycleState } from './steps.js';

export interface ServerlessCycle {
  /** Every row, in run order. */
  scenarios: readonly Scenario[];
  /** The rows to run for `--only`: none when nothing matches, else the matches plus deploy and remove. */
  select(only?: RegExp): Scenario[];
  /** Per-command wall times and the deploy → invoke → remove figure, or undefined when nothing ran. */
  timingReport(): string | undefined;
  /** Deletes leftovers (entities and API of this run, if a row ran) with the npm client, then the temporary directory. */
  dispose(): Promise<void>;
}

export interface CycleOptions {
  /** Limit of one `serverless` command. */
  commandTimeoutMs?: number;
}

const FEATURE = 'serverless';

/** The cycle as a single skipped row, when the Serverless Framework is not installed. */
function notInstalled(): ServerlessCycle {
  const row: Scenario = {
    feature: FEATURE,
    name: 'cycle',
    run: async () => ({ skipped: 'the serverless devDependency is not installed (npm install --include=dev)' }),
  };
  return {
    scenarios: [row],
    select: (only) => (!only || only.test(`${FEATURE} ${row.name}`) ? [row] : []),
    timingReport: () => undefined,
    dispose: async () => undefined,
  };
}

export async function prepareServerlessCycle(ctx: ScenarioContext, options: CycleOptions = {}): Promise<ServerlessCycle> {
  const entry = serverlessEntry();
  if (!entry) return notInstalled();
  const names = serviceNames(`${ctx.prefix}-sls`);
  const families = await advertisedFamilies(ctx);
  const hasPython = !families || families.includes('python');
  const sls = createServerlessRunner({
    entry,
    endpoint: { apihost: ctx.apihost, auth: ctx.auth, namespace: ctx.namespace, ignoreCerts: ctx.ignoreCerts ?? false },
    variables: { OWC_SLS_SERVICE: names.service },
    omit: hasPython ? [] : ['python-function.yml'],
    defaultTimeoutMs: options.commandTimeoutMs ?? 60_000,
  });
  const state: CycleState = {
    ctx,
    sls,
    names,
    python: hasPython ? true : { skipped: `the endpoint advertises no python runtime (has: ${families!.join(', ')})` },
    deployed: false,
  };
  const scenarios = cycleScenarios(state);
  let started: number | undefined;
  let finished: number | undefined;
  const timed = scenarios.map((s): Scenario => ({
    ...s,
    run: async (c) => {
      started ??= Date.now();
      try {
        return await s.run(c);
      } finally {
        finished = Date.now();
      }
    },
  }));

  return {
    scenarios: timed,
    select: (only) => selectRows(timed, only),
    timingReport: () => formatTimings(sls, started !== undefined && finished !== undefined ? finished - started : undefined),
    dispose: async () => {
      sls.dispose(); // first: a command a time limit left running must not deploy after the clean-up
      if (started !== undefined) await removeLeftovers(ctx, names); // no row ran: nothing to remove
    },
  };
}

/** `--only` for the cycle: nothing when no row matches, else the matching rows plus deploy and remove. */
export function selectRows(rows: readonly Scenario[], only?: RegExp): Scenario[] {
  if (!only) return [...rows];
  const matches = (s: Scenario) => only.test(`${s.feature} ${s.name}`);
  if (!rows.some(matches)) return [];
  return rows.filter((s) => matches(s) || ALWAYS_RUN.test(s.name));
}

/** Wall time of each `serverless` command, then the figure: deploy + the first invoke + remove. */
export function formatTimings(sls: Pick<ServerlessRunner, 'timings'>, wholeMs?: number): string | undefined {
  if (!sls.timings.length) return undefined;
  const width = Math.max(...sls.timings.map((t) => t.command.length));
  const lines = sls.timings.map((t) => `  ${t.command.padEnd(width)}  ${String(t.durationMs).padStart(6)} ms`);
  const first = (re: RegExp) => sls.timings.find((t) => re.test(t.command));
  const deploy = first(/^deploy$/);
  const invoke = first(/^invoke /);
  const remove = first(/^remove$/);
  const out = ['Serverless Framework commands (wall time of each process; --version = framework start-up alone):', ...lines];
  if (deploy && invoke && remove) {
    out.push(`serverless deploy → invoke → remove cycle: ${deploy.durationMs + invoke.durationMs + remove.durationMs} ms ` +
      `(deploy ${deploy.durationMs} + invoke ${invoke.durationMs} + remove ${remove.durationMs})`);
  }
  if (wholeMs !== undefined) out.push(`whole serverless part, checks included: ${wholeMs} ms`);
  return out.join('\n');
}

async function removeLeftovers(ctx: ScenarioContext, names: ServiceNames): Promise<void> {
  const quietly = async (call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (error) {
      if ((error as ClientError).statusCode === undefined) throw error; // unreachable endpoint: say so
    }
  };
  await quietly(() => ctx.ow.rules.delete({ name: names.rule }));
  await quietly(() => ctx.ow.triggers.delete({ name: names.trigger }));
  for (const name of [names.pipeline, names.hello, names.shout, names.page, names.pyhello, names.api]) {
    await quietly(() => ctx.ow.actions.delete({ name }));
  }
  await quietly(() => ctx.ow.routes.delete({ basepath: names.basepath }));
}
