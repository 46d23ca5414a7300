/**
 * ContainerBackend on Docker (dockerode): one container per sandbox, from the kind's runtime image, with the
 * action's memory limit and CPU shares, labelled as ours (`owfast`, `owfast.worker`) so that a restarted worker
 * removes what an earlier run left (STYLE §10.7). The agent speaks to the runtime's proxy on the container's bridge
 * IP, port 8080 (action-runtime-protocol.md). Containers are always force-removed: the nodejs runtime ignores SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import Dockerode from 'dockerode';
import { silentLogger, type Logger } from '../../../common/log.js';
import { createAgent } from '../../agents/index.js';
import { SentinelLogBuffer } from '../../logs/sentinel-log-buffer.js';
import { SandboxStartError, type ContainerBackend, type Sandbox, type SandboxSpec } from '../container-backend.js';
import { attachLogs, outputTail, type AttachedLogs } from './docker-logs.js';
import { DockerSandbox, watchExit } from './docker-sandbox.js';
import { ImageCache } from './images.js';

export const AGENT_PORT = 8080;
/** Every container we create carries this label (value 'true'); `owfast.worker` names the worker that owns it. */
export const OWFAST_LABEL = 'owfast';
export const WORKER_LABEL = 'owfast.worker';
const LOG_TAIL_ON_FAILURE = 20;
const REMOVE_ATTEMPTS = 3;
const EXITED_BEFORE_READY = 'the container exited before its agent answered';

export interface DockerBackendOptions {
  workerId: string;
  /** Default: the daemon named by DOCKER_HOST, else /var/run/docker.sock. */
  docker?: Dockerode;
  /** Docker network the containers join; the worker must reach their IPs on it. Default 'bridge'. */
  network?: string;
  /** Bound on a `docker pull` of a missing image; default 120 s. */
  pullTimeoutMs?: number;
  /** Container start → agent accepting connections; default 10 s. */
  startTimeoutMs?: number;
  logger?: Logger;
}

export class DockerBackend implements ContainerBackend {
  readonly name = 'docker';
  readonly isolates = true;
  readonly docker: Dockerode;
  private readonly workerId: string;
  private readonly network: string;
  private readonly startTimeoutMs: number;
  private readonly logger: Logger;
  private readonly images: ImageCache;
  private readonly live = new Map<string, DockerSandbox>();
  private sequence = 0;

  constructor(options: DockerBackendOptions) {
    this.workerId = options.workerId;
    this.docker = options.docker ?? new Dockerode();
    this.network = options.network ?? 'bridge';
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.logger = (options.logger ?? silentLogger).child({ component: 'docker-backend' });
    this.images = new ImageCache(this.docker, options.pullTimeoutMs ?? 120_000, this.logger);
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    await this.images.ensure(spec.image);
    const name = `owfast-${this.workerId.replace(/[^A-Za-z0-9_.-]/g, '_')}-${++this.sequence}-${randomBytes(3).toString('hex')}`;
    const container = await this.createContainer(spec, name);
    const logs = new SentinelLogBuffer();
    let attached: AttachedLogs | undefined;
    try {
      attached = await attachLogs(container, logs);
      await container.start();
      const address = { host: await this.addressOf(container), port: AGENT_PORT };
      const agent = createAgent(spec.protocol, address, { concurrency: spec.concurrency });
      const sandbox = new DockerSandbox(container.id, spec, agent, logs, container, name, address, attached);
      this.live.set(sandbox.id, sandbox);
      const exited = watchExit(sandbox, this.logger);
      try {
        await Promise.race([agent.waitReady(this.startTimeoutMs), exited.then(() => Promise.reject(new Error(EXITED_BEFORE_READY)))]);
      } catch (error) {
        this.live.delete(sandbox.id);
        sandbox.markDestroyed();
        agent.close();
        throw error;
      }
      this.logger.debug({ sandbox: sandbox.id, name, kind: spec.kind, image: spec.image, ip: address.host }, 'sandbox started');
      return sandbox;
    } catch (error) {
      const tail = await outputTail(container, LOG_TAIL_ON_FAILURE);
      attached?.detach();
      await this.remove(container);
      const detail = tail ? `; its output: ${tail}` : '';
      // An image that will not serve the protocol is the author's doing only for blackbox (user-supplied) images.
      throw new SandboxStartError(`${spec.kind} container (${spec.image}) failed to start: ${(error as Error).message}${detail}`,
        spec.kind === 'blackbox', { cause: error });
    }
  }

  async destroy(sandbox: Sandbox): Promise<void> {
    const ours = this.live.get(sandbox.id);
    if (ours === undefined) return;
    this.live.delete(sandbox.id);
    ours.markDestroyed();
    ours.agent.close();
    ours.attached.detach();
    await this.remove(ours.container);
  }

  /** Force-removes every container labelled as this worker's, running or not (start-up only). */
  async removeOrphans(): Promise<number> {
    const found = await this.docker.listContainers({ all: true, filters: { label: [`${WORKER_LABEL}=${this.workerId}`] } });
    const orphans = found.filter((info) => !this.live.has(info.Id));
    await Promise.all(orphans.map((info) => this.remove(this.docker.getContainer(info.Id))));
    if (orphans.length > 0) this.logger.debug({ tid: 'startup', removed: orphans.length }, 'removed orphaned containers');
    return orphans.length;
  }

  async close(): Promise<void> {
    await Promise.all([...this.live.values()].map((sandbox) => this.destroy(sandbox)));
  }

  private async createContainer(spec: SandboxSpec, name: string): Promise<Dockerode.Container> {
    const env = Object.entries(spec.env).map(([key, value]) => `${key}=${value}`);
    if (spec.concurrency > 1) env.push('__OW_ALLOW_CONCURRENT=true');
    const memoryBytes = Math.round(spec.memoryMb * 1024 * 1024);
    try {
      return await this.docker.createContainer({
        name,
        Image: spec.image,
        Env: env,
        Labels: { ...spec.labels, [OWFAST_LABEL]: 'true', [WORKER_LABEL]: this.workerId },
        HostConfig: { Memory: memoryBytes, MemorySwap: memoryBytes, CpuShares: spec.cpuShares, NetworkMode: this.network },
      });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) {
        // The image went away after we checked it: check (and pull) again next time.
        this.images.forget(spec.image);
        throw new SandboxStartError(`cannot create a container from '${spec.image}': ${(error as Error).message}`, false, { cause: error });
      }
      throw new SandboxStartError(`docker create failed for ${spec.image}: ${(error as Error).message}`, false, { cause: error });
    }
  }

  private async addressOf(container: Dockerode.Container): Promise<string> {
    const info = await container.inspect();
    if (!info.State.Running) throw new Error(`${EXITED_BEFORE_READY} (exit code ${info.State.ExitCode})`);
    const ip = info.NetworkSettings.Networks?.[this.network]?.IPAddress;
    if (!ip) throw new Error(`the container has no IP address on network '${this.network}'`);
    return ip;
  }

  /**
   * Force-remove; a container already gone (404) or being removed (409) is fine. The daemon sometimes fails a
   * removal under load (a busy overlay mount): retried twice before giving up with a warning.
   */
  private async remove(container: Dockerode.Container): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await container.remove({ force: true, v: true });
        return;
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404 || status === 409) return;
        if (attempt >= REMOVE_ATTEMPTS) {
          this.logger.warn({ container: container.id, err: error }, 'removing a container failed');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  }
}

/** Does a Docker daemon answer within `timeoutMs`? (backend auto-selection, test skips) */
export async function dockerAvailable(docker: Dockerode = new Dockerode(), timeoutMs = 1000): Promise<boolean> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    // dockerode honours abortSignal on ping; its types do not say so.
    await (docker as unknown as { ping(options: { abortSignal: AbortSignal }): Promise<unknown> }).ping({ abortSignal: abort.signal });
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
