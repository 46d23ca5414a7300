/**
 * Starts this repository's standalone platform as a child process, the way a user would
 * (`npx tsx cli/start.ts --port 0 --store memory --log-level warn`), and stops it again. The child leads its own
 * process group so `stop()` reaches npx, tsx, node and the action sandboxes they spawn, and nothing else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
const READY = /OpenWhisk-compatible API at (http:\/\/\S+)/;
const KEEP_OUTPUT_CHARS = 20_000;

export interface StandaloneServer {
  /** `http://127.0.0.1:PORT`. */
  apihost: string;
  pid: number;
  /** The last output of the server (stdout and stderr), for diagnostics. */
  output(): string;
  /**
   * SIGTERM to the server, which shuts down cleanly (removing its containers); SIGKILL to its whole group after
   * `graceMs` or once it has exited (anything it failed to reap). Resolves once the server has exited.
   */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** How long to wait for the "API at" line. */
  startTimeoutMs?: number;
  extraArgs?: string[];
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // our own group: the child was spawned detached
  } catch {
    // already gone
  }
}

export async function startStandaloneServer(options: StartOptions = {}): Promise<StandaloneServer> {
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  // node with tsx's loader, not `npx tsx`: the child must be the server itself, so that SIGTERM reaches it alone
  // and `exited` means its shutdown (container removal included) has finished.
  const args = ['--import', 'tsx', 'cli/start.ts', '--port', '0', '--store', 'memory', '--log-level', 'warn', ...(options.extraArgs ?? [])];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    signalGroup(child, 'SIGKILL'); // sandboxes the server failed to reap, if any
  };

  const apihost = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no "API at" line within ${startTimeoutMs} ms`)), startTimeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`standalone server did not start: ${error.message}\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-KEEP_OUTPUT_CHARS);
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData); // keep draining after start-up so the server never blocks on a full pipe
    child.stderr!.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`exited early (code ${code}, signal ${signal})`)));
  }).catch(async (error: unknown) => {
    await stop(2_000);
    throw error;
  });

  return { apihost, pid: child.pid!, output: () => output, stop };
}
