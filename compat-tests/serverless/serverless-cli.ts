/**
 * Runs the real Serverless Framework 3 CLI (`node_modules/serverless/bin/serverless.js`) on a private copy of the
 * fixture service, offline and isolated: HOME is a fresh temporary directory (no ~/.serverlessrc, ~/.wskprops or
 * ~/.serverless of the user), telemetry, notifications, deprecation notices and auto-update are off, and the child
 * gets a small allow-listed environment so no SLS_*, SERVERLESS_*, OW_*, CI or FORCE_COLOR variable of the caller
 * leaks in (the plugin's chalk 1 colours piped output whenever FORCE_COLOR is set, even to 0).
 * Every command is bounded: at its time limit the command's whole process group is killed.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const FIXTURE_DIR = path.join(__dirname, 'fixture');
const KEEP_OUTPUT_CHARS = 20_000;

/** The CLI's entry point, or undefined when the devDependency is not installed. */
export function serverlessEntry(): string | undefined {
  try {
    return require.resolve('serverless/bin/serverless.js');
  } catch {
    return undefined;
  }
}

export interface ServerlessEndpoint {
  apihost: string;
  auth: string;
  namespace: string;
  ignoreCerts?: boolean;
}

/**
 * The child's environment. Serverless 3 sources (lib/utils/telemetry/are-disabled.js, @serverless/utils
 * get-notifications-mode.js, lib/utils/log-deprecation.js, lib/utils/eventually-update.js, log-reporters/node.js)
 * read exactly these switches; serverless-openwhisk (provider/credentials.js) reads OW_APIHOST, OW_AUTH and
 * OW_NAMESPACE, then falls back to $WSK_CONFIG_FILE or ~/.wskprops, which here point into the empty temporary HOME.
 */
export function offlineEnvironment(
  endpoint: ServerlessEndpoint,
  home: string,
  extra: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const passThrough = ['PATH', 'LANG', 'TMPDIR', 'NODE_EXTRA_CA_CERTS',
    'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
  const out: Record<string, string> = {};
  for (const key of passThrough) if (env[key] !== undefined) out[key] = env[key]!;
  return {
    ...out,
    HOME: home,
    WSK_CONFIG_FILE: path.join(home, '.wskprops'),
    CI: '1', // non-interactive: no prompts, no spinners
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    SLS_DISABLE_AUTO_UPDATE: '1',
    OW_APIHOST: endpoint.apihost,
    OW_AUTH: endpoint.auth,
    OW_NAMESPACE: endpoint.namespace,
    OWC_SLS_IGNORE_CERTS: String(endpoint.ignoreCerts ?? false),
    ...extra,
  };
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  durationMs: number;
}

export class ServerlessCommandError extends Error {}

export interface ServerlessRunner {
  /** The private service directory (the fixture's copy); `.serverless/` is written here. */
  serviceDir: string;
  /** Runs `serverless <args>` in the service directory; rejects on a non-zero exit or at the time limit. */
  run(args: string[], options?: { timeoutMs?: number }): Promise<CommandResult>;
  /** Every command run so far, with its wall time (process start to exit, framework start-up included). */
  timings: { command: string; durationMs: number }[];
  /** Kills commands still running (a scenario's time limit may have left one behind), deletes the temporary directory. */
  dispose(): void;
}

export interface RunnerOptions {
  entry: string;
  endpoint: ServerlessEndpoint;
  /** Extra environment for the service's variables (`${env:…}` in serverless.yml). */
  variables: Record<string, string>;
  /** Fixture files to leave out of the copy (e.g. the python function when the endpoint has no python). */
  omit?: string[];
  defaultTimeoutMs?: number;
}

export function createServerlessRunner(options: RunnerOptions): ServerlessRunner {
  const root = mkdtempSync(path.join(tmpdir(), 'owc-sls-'));
  const home = path.join(root, 'home');
  const serviceDir = path.join(root, 'service');
  const omitted = new Set(options.omit ?? []);
  cpSync(FIXTURE_DIR, serviceDir, { recursive: true, filter: (source) => !omitted.has(path.basename(source)) });
  mkdirSync(home);
  const env = offlineEnvironment(options.endpoint, home, options.variables);
  const timings: ServerlessRunner['timings'] = [];
  const running = new Set<number>(); // process groups of commands not yet exited
  const killGroup = (pid: number) => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  const run: ServerlessRunner['run'] = (args, { timeoutMs = options.defaultTimeoutMs ?? 60_000 } = {}) => {
    const command = args.join(' ');
    const started = Date.now();
    const child = spawn(process.execPath, [options.entry, ...args], {
      cwd: serviceDir,
      env,
      detached: true, // its own process group, so a time-out also ends what it spawned
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) running.add(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString('utf8')).slice(-KEEP_OUTPUT_CHARS)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-KEEP_OUTPUT_CHARS)));
    return new Promise<CommandResult>((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child.pid!);
      }, timeoutMs);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new ServerlessCommandError(`serverless ${command}: ${error.message}`));
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        running.delete(child.pid!);
        const durationMs = Date.now() - started;
        timings.push({ command, durationMs });
        if (code === 0) return resolve({ stdout, stderr, durationMs });
        const why = timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${code ?? signal}`;
        reject(new ServerlessCommandError(`serverless ${command} ${why}\n${tail(stderr)}\n${tail(stdout)}`.trimEnd()));
      });
    });
  };

  const dispose = () => {
    for (const pid of running) killGroup(pid);
    rmSync(root, { recursive: true, force: true });
  };
  return { serviceDir, run, timings, dispose };
}

function tail(text: string, chars = 1200): string {
  const trimmed = text.trim();
  return trimmed.length <= chars ? trimmed : `… ${trimmed.slice(-chars)}`;
}
