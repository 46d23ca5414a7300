/**
 * In-memory cache of invokable actions, so the invoke path never reads the store (worker-design.md §14).
 * Entries are dropped on every write to the action through this gateway; a short TTL bounds staleness when
 * several gateways share one store.
 */
import { SEQUENCE_KIND, type RuntimeManifest } from '../../common/runtimes/runtime-manifest.js';
import { bindingOf, type KeyValue, type WhiskAction, type WhiskPackage } from '../../common/types/entities.js';
import type { EntityStore } from '../../store/store.js';
import { mergeKeyValues } from '../entities/key-values.js';
import { inheritParameters, toInvokable, type InvokableAction } from '../entities/runnable.js';

/**
 * A stored action, with what it inherits from its package (and binding), and, for code actions, what the worker
 * runs with those parameters merged in (sequences have no runnable form).
 */
export interface CachedAction {
  action: WhiskAction;
  /** The package's parameters, overridden by the binding's (empty outside packages). */
  inherited: KeyValue[];
  invokable?: InvokableAction;
}

interface Entry {
  value: CachedAction;
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
    return (await this.lookup(namespace, name))?.invokable;
  }

  /**
   * The stored action (sequences included) at `namespace` / `name`, `pkg/action` for packaged ones: a binding
   * resolves to its bound package's action. Undefined when it does not exist. Callers check entitlement.
   */
  async lookup(namespace: string, name: string): Promise<CachedAction | undefined> {
    const key = `${namespace}/${name}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const value = await this.load(namespace, name);
    if (!value) return undefined;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    return value;
  }

  private async load(namespace: string, name: string): Promise<CachedAction | undefined> {
    const slash = name.indexOf('/');
    if (slash < 0) return this.loadAction(namespace, name, []);
    const pkg = await this.store.getEntity<WhiskPackage>(namespace, 'packages', name.slice(0, slash));
    if (!pkg) return undefined;
    const binding = bindingOf(pkg.doc);
    if (!binding) return this.loadAction(namespace, name, pkg.doc.parameters);
    const bound = await this.store.getEntity<WhiskPackage>(binding.namespace, 'packages', binding.name);
    if (!bound || bindingOf(bound.doc)) return undefined;
    const inherited = mergeKeyValues(bound.doc.parameters, pkg.doc.parameters);
    return this.loadAction(binding.namespace, `${binding.name}/${name.slice(slash + 1)}`, inherited);
  }

  private async loadAction(namespace: string, name: string, inherited: KeyValue[]): Promise<CachedAction | undefined> {
    const stored = await this.store.getEntity<WhiskAction>(namespace, 'actions', name);
    if (!stored) return undefined;
    const value: CachedAction = { action: stored.doc, inherited };
    const invokable = stored.doc.exec.kind === SEQUENCE_KIND ? undefined : toInvokable(stored.doc, this.manifest);
    if (invokable) value.invokable = inheritParameters(invokable, inherited);
    return value;
  }

  /**
   * Drops the action's entry. A packaged action may also be cached under the names of bindings to its package,
   * so writes to packaged actions (rare) drop everything, as do package writes (clear()).
   */
  invalidate(namespace: string, name: string): void {
    if (name.includes('/')) this.entries.clear();
    else this.entries.delete(`${namespace}/${name}`);
  }

  clear(): void {
    this.entries.clear();
  }
}
