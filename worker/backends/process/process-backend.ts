/**
 * ContainerBackend that runs each sandbox as a local child process: our action proxy for the kind's family
 * (runtimes/nodejs/proxy.js, runtimes/python/proxy.py; runtimes/iluvatar/agent.js for SandboxSpec.protocol
 * `iluvatar`) on a loopback port it reports on fd 3. No isolation: for development, tests and standalone. Each
 * child has a pid file and a work directory (its cwd and TMPDIR) under the run directory, so a worker restarted
 * after a crash can remove what the crash left (removeOrphans).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { hostEnvironment } from '../../../common/config/load-config.js';
import { silentLogger, type Logger } from '../../../common/log.js';
import type { AgentAddress, AgentConnection } from '../../agents/agent-protocol.js';
import { createAgent } from '../../agents/index.js';
import { SentinelLogBuffer } from '../../logs/sentinel-log-buffer.js';
import { SandboxStartError, type ContainerBackend, type Sandbox, type SandboxExitReason, type SandboxSpec } from '../container-backend.js';

export const NODEJS_PROXY_PATH = path.join(__dirname, '../../runtimes/nodejs/proxy.js');
export const PYTHON_PROXY_PATH = path.join(__dirname, '../../runtimes/python/proxy.py');
export const ILUVATAR_AGENT_PATH = path.join(__dirname, '../../runtimes/iluvatar/agent.js');
const PROXY_PATHS = [NODEJS_PROXY_PATH, PYTHON_PROXY_PATH, ILUVATAR_AGENT_PATH];
const STDERR_TAIL_CHARS = 2000;
const KILL_WAIT_MS = 2000;

export interface ProcessBackendOptions {
  workerId: string;
  /** Where pid files and work directories go; default `<os.tmpdir()>/owfast-process/<workerId>`. */
  runDir?: string;
  /** Spawn → port reported → accepting connections; default 10 s. */
  startTimeoutMs?: number;
  logger?: Logger;
  /** The only variables of ours the children get (plus the sandbox's own); default PATH, HOME and LANG of this host. */
  baseEnv?: Record<string, string>;
}

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

class ProcessSandbox implements Sandbox {
  exitReason: SandboxExitReason | undefined;
  destroyed = false;
  private readonly listeners: ((reason: SandboxExitReason) => void)[] = [];

  constructor(
    readonly id: string,
    readonly spec: SandboxSpec,
    readonly agent: AgentConnection,
    readonly logs: SentinelLogBuffer,
    readonly child: ChildProcess,
    readonly exited: Promise<ExitInfo>,
    /** The proxy's loopback address (for diagnostics and raw-protocol tests). */
    readonly address: AgentAddress,
  ) {}

  onExit(listener: (reason: SandboxExitReason) => void): void {
    if (this.exitReason !== undefined) listener(this.exitReason);
    else this.listeners.push(listener);
  }

  died(reason: SandboxExitReason): void {
    this.exitReason = reason;
    for (const listener of this.listeners.splice(0)) listener(reason);
  }
}

export class ProcessBackend implements ContainerBackend {
  readonly name = 'process';
  readonly isolates = false;
  readonly runDir: string;
  private readonly workerId: string;
  private readonly startTimeoutMs: number;
  private readonly logger: Logger;
  /** PATH, HOME and LANG of this host by default: children get nothing else of our environment. */
  private readonly baseEnv: Record<string, string>;
  private readonly live = new Map<string, ProcessSandbox>();
  private python3: string | null | undefined;
  private sequence = 0;

  constructor(options: ProcessBackendOptions) {
    this.workerId = options.workerId.replace(/[^A-Za-z0-9._-]/g, '_');
    this.runDir = options.runDir ?? path.join(os.tmpdir(), 'owfast-process', this.workerId);
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.logger = (options.logger ?? silentLogger).child({ component: 'process-backend' });
    this.baseEnv = options.baseEnv ?? hostEnvironment();
    mkdirSync(this.runDir, { recursive: true });
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    const [command, args] = this.launchFor(spec);
    const id = `${this.workerId}-${++this.sequence}-${process.hrtime.bigint().toString(36)}`;
    const workDir = path.join(this.runDir, id);
    mkdirSync(workDir, { recursive: true });
    const env: Record<string, string> = { ...this.baseEnv, TMPDIR: workDir, ...spec.env };
    if (spec.concurrency > 1) env.__OW_ALLOW_CONCURRENT = 'true';
    const child = spawn(command, [...args, '--host', '127.0.0.1', '--port', '0'], { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    const exited = new Promise<ExitInfo>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
    });
    if (child.pid !== undefined) writeFileSync(this.pidFile(id), String(child.pid));
    const logs = new SentinelLogBuffer();
    let stderrTail = '';
    let outOfMemory = false;
    child.stdout?.on('data', (chunk: Buffer) => logs.push('stdout', chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      logs.push('stderr', chunk);
      const text = chunk.toString('utf8');
      if (text.includes('heap out of memory')) outOfMemory = true;
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    child.once('close', () => logs.end());

    const deadline = Date.now() + this.startTimeoutMs;
    let agent: AgentConnection | undefined;
    let address: AgentAddress | undefined;
    try {
      address = { host: '127.0.0.1', port: await untilExit(readPort(child.stdio[3] as Readable), exited, this.startTimeoutMs, 'report its port') };
      agent = createAgent(spec.protocol, address, { concurrency: spec.concurrency });
      await untilExit(agent.waitReady(Math.max(1, deadline - Date.now())), exited, this.startTimeoutMs, 'accept connections');
    } catch (error) {
      agent?.close();
      child.kill('SIGKILL');
      this.removeFiles(id);
      const detail = stderrTail.trim() ? `: ${stderrTail.trim()}` : '';
      throw new SandboxStartError(`${spec.kind} sandbox failed to start: ${(error as Error).message}${detail}`, false, { cause: error });
    }

    const sandbox = new ProcessSandbox(id, spec, agent, logs, child, exited, address);
    this.live.set(id, sandbox);
    void exited.then((info) => {
      agent.close();
      this.live.delete(id);
      this.removeFiles(id);
      if (sandbox.destroyed) return;
      this.logger.warn({ sandbox: id, kind: spec.kind, code: info.code, signal: info.signal }, 'sandbox process exited');
      sandbox.died(outOfMemory ? 'oom' : 'exited');
    });
    this.logger.debug({ sandbox: id, kind: spec.kind, pid: child.pid }, 'sandbox started');
    return sandbox;
  }

  async destroy(sandbox: Sandbox): Promise<void> {
    const ours = this.live.get(sandbox.id);
    if (ours === undefined) return;
    ours.destroyed = true;
    ours.agent.close();
    ours.child.kill('SIGKILL');
    await Promise.race([ours.exited, delay(KILL_WAIT_MS)]);
    this.live.delete(sandbox.id);
    this.removeFiles(sandbox.id);
  }

  /** Kills children listed in pid files of this run directory that still run one of our proxies. */
  async removeOrphans(): Promise<number> {
    let killed = 0;
    const entries = readdirSync(this.runDir);
    for (const entry of entries.filter((name) => name.endsWith('.pid'))) {
      const id = entry.slice(0, -'.pid'.length);
      if (this.live.has(id)) continue;
      const pid = Number.parseInt(readText(path.join(this.runDir, entry)), 10);
      if (pid > 0 && runsOurProxy(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
          killed++;
        } catch {
          // Gone meanwhile.
        }
      }
      this.removeFiles(id);
    }
    // Work directories whose pid file is gone (a crash between the two writes, or a removed file).
    for (const entry of entries.filter((name) => !name.endsWith('.pid') && !this.live.has(name))) this.removeFiles(entry);
    if (killed > 0) this.logger.info({ killed, runDir: this.runDir }, 'removed orphaned sandbox processes');
    return killed;
  }

  async close(): Promise<void> {
    await Promise.all([...this.live.values()].map((sandbox) => this.destroy(sandbox)));
  }

  /** The proxy command for the kind's family, or SandboxStartError. */
  private launchFor(spec: SandboxSpec): [string, string[]] {
    // Ilúvatar images hold their function: here, our agent with its built-in one, whatever the kind.
    if (spec.protocol === 'iluvatar') return [process.execPath, [`--max-old-space-size=${Math.max(16, Math.floor(spec.memoryMb))}`, ILUVATAR_AGENT_PATH]];
    const family = spec.kind.split(':')[0];
    if (family === 'nodejs') {
      const heapMb = Math.max(16, Math.floor(spec.memoryMb));
      return [process.execPath, [`--max-old-space-size=${heapMb}`, NODEJS_PROXY_PATH]];
    }
    if (family === 'python') {
      if (this.python3 === undefined) this.python3 = findExecutable('python3', this.baseEnv.PATH ?? '');
      if (this.python3 === null) throw new SandboxStartError(`cannot run kind ${spec.kind}: python3 is missing on this host (process backend)`, true);
      return [this.python3, [PYTHON_PROXY_PATH]];
    }
    throw new SandboxStartError(`the process backend cannot run kind ${spec.kind}: it runs only nodejs and python actions, not images`, true);
  }

  private pidFile(id: string): string {
    return path.join(this.runDir, `${id}.pid`);
  }

  private removeFiles(id: string): void {
    rmSync(this.pidFile(id), { force: true });
    rmSync(path.join(this.runDir, id), { recursive: true, force: true });
  }
}

/** The first line on the child's fd 3 is its port. */
function readPort(stream: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      const newline = text.indexOf('\n');
      if (newline === -1) return;
      const port = Number(text.slice(0, newline));
      stream.destroy();
      if (Number.isInteger(port) && port > 0) resolve(port);
      else reject(new Error(`bad port line '${text.slice(0, newline)}'`));
    });
    stream.on('error', reject);
  });
}

/** `step`, unless the child exits first or `timeoutMs` passes. */
function untilExit<T>(step: Promise<T>, exited: Promise<ExitInfo>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not ${what} within ${timeoutMs} ms`)), timeoutMs);
  });
  const exit = exited.then((info): never => {
    throw info.error ?? new Error(`exited (code ${info.code}, signal ${info.signal}) before it could ${what}`);
  });
  return Promise.race([step, exit, timeout]).finally(() => clearTimeout(timer));
}

function runsOurProxy(pid: number): boolean {
  const cmdline = readText(`/proc/${pid}/cmdline`);
  return PROXY_PATHS.some((proxy) => cmdline.includes(proxy));
}

function findExecutable(name: string, searchPath: string): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return null;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
