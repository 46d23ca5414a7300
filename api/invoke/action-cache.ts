/**
 * In-memory cache of invokable actions, so the invoke path never reads the store (worker-design.md §14).
 * Entries are dropped on every write to the action through this gateway; a short TTL bounds staleness when
 * several gateways share one store.
 */
import type { RuntimeManifest } from '../../common/runtimes/runtime-manifest.js';
import type { WhiskAction } from '../../common/types/entities.js';
import type { EntityStore } from '../../store/store.js';
import { toInvokable, type InvokableAction } from '../entities/runnable.js';

interface Entry {
  value: InvokableAction | undefined;
  expiresAt: number;
}

const MAX_ENTRIES = 50_000;

export class ActionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: EntityStore,
    private readonly manifest: RuntimeManifest,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The invokable action at `namespace` / `name` (`pkg/action` for packaged ones), or undefined. */
  async get(namespace: string, name: string): Promise<InvokableAction | undefined> {
    const key = `${namespace}/${name}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const stored = await this.store.getEntity<WhiskAction>(namespace, 'actions', name);
    const value = stored ? toInvokable(stored.doc, this.manifest) : undefined;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    if (value) this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    return value;
  }

  invalidate(namespace: string, name: string): void {
    this.entries.delete(`${namespace}/${name}`);
  }
}
