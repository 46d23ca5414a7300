/** A sandbox as the pool sees it: which function it holds, how busy it is, and its keep-alive statistics. */
import type { Sandbox } from '../backends/container-backend.js';

export type ContainerState = 'prewarm' | 'warm';

export interface PooledContainer {
  readonly sandbox: Sandbox;
  readonly functionKey: string;
  readonly memoryMb: number;
  /** Activations this container may run at once (the action's concurrency limit). */
  readonly concurrency: number;
  readonly createdAt: number;
  state: ContainerState;
  /** Activations running in it now. */
  active: number;
  lastUsedAt: number;
  uses: number;
  /** Set when it must not be reused (error, timeout, crash); it is destroyed once idle. */
  retired: boolean;
  /** Set once destroy was requested, so it happens once. */
  destroyed: boolean;
}

export type StartKind = 'cold' | 'prewarm' | 'warm';

export interface Lease {
  container: PooledContainer;
  start: StartKind;
  /** Time spent creating and initializing the container for this lease (cold starts only). */
  initMs: number;
}
