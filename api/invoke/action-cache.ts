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
  /** `ns/binding` when reached through a package binding (the activation's `binding` annotation). */
  binding?: string;
  /**
   * The packages the name went through (the addressed one, and a binding's bound one) with their namespaces and
   * publish flags: another namespace may run the action only when each of them it does not own is published.
   */
  packages?: PackageAccess[];
}

export interface PackageAccess {
  namespace: string;
  publish: boolean;
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
    const addressed = { namespace, publish: pkg.doc.publish };
    if (!binding) return this.loadAction(namespace, name, pkg.doc.parameters, [addressed]);
    const bound = await this.store.getEntity<WhiskPackage>(binding.namespace, 'packages', binding.name);
    if (!bound || bindingOf(bound.doc)) return undefined;
    const inherited = mergeKeyValues(bound.doc.parameters, pkg.doc.parameters);
    const packages = [addressed, { namespace: binding.namespace, publish: bound.doc.publish }];
    return this.loadAction(binding.namespace, `${binding.name}/${name.slice(slash + 1)}`, inherited, packages, `${namespace}/${name.slice(0, slash)}`);
  }

  private async loadAction(
    namespace: string, name: string, inherited: KeyValue[], packages?: PackageAccess[], viaBinding?: string,
  ): Promise<CachedAction | undefined> {
    const stored = await this.store.getEntity<WhiskAction>(namespace, 'actions', name);
    if (!stored) return undefined;
    const value: CachedAction = { action: stored.doc, inherited };
    if (packages) value.packages = packages;
    if (viaBinding) value.binding = viaBinding;
    const invokable = stored.doc.exec.kind === SEQUENCE_KIND ? undefined : toInvokable(stored.doc, this.manifest);
    if (invokable) {
      value.invokable = inheritParameters(invokable, inherited);
      if (viaBinding) value.invokable = { ...value.invokable, binding: viaBinding };
    }
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
