/**
 * Turns a stored action into what the worker runs: resolved image and protocol, stringified init parameters,
 * default run parameters, and the keys a request may not override (`final` annotation). Built once per action
 * version and cached (action-cache.ts), never per invocation.
 */
import { BLACKBOX_KIND, type RuntimeManifest } from '../../common/runtimes/runtime-manifest.js';
import type { CodeExec, JsonObject, KeyValue, WhiskAction } from '../../common/types/entities.js';
import type { AgentProtocolName } from '../../worker/agents/agent-protocol.js';
import type { RunnableAction } from '../../worker/invocation/invocation.js';
import { getValue, isTruthy } from './key-values.js';

export interface InvokableAction {
  action: WhiskAction;
  runnable: RunnableAction;
  /** Default parameters passed to /run (init parameters excluded). */
  defaults: JsonObject;
  /** Keys a request may not set: the action's parameters with a value when it is annotated `final`. */
  immutableKeys: ReadonlySet<string>;
  provideApiKey: boolean;
  /** `ns/binding` when reached through a package binding (the activation's `binding` annotation). */
  binding?: string;
}

export function toInvokable(action: WhiskAction, manifest: RuntimeManifest): InvokableAction | undefined {
  const exec = action.exec as CodeExec;
  const runtime = exec.kind === BLACKBOX_KIND ? undefined : manifest.resolve(exec.kind);
  if (exec.kind !== BLACKBOX_KIND && !runtime) return undefined;
  const path = `${action.namespace}/${action.name}`;
  const initEnv: Record<string, string> = {};
  const defaults: JsonObject = {};
  for (const p of action.parameters) {
    if (p.init) initEnv[p.key] = stringify(p.value);
    else defaults[p.key] = p.value;
  }
  const protocolAnnotation = getValue(action.annotations, 'agent-protocol');
  const protocol: AgentProtocolName =
    protocolAnnotation === 'iluvatar' || protocolAnnotation === 'openwhisk' ? protocolAnnotation : runtime?.protocol ?? 'openwhisk';
  const runnable: RunnableAction = {
    functionKey: `${path}@${action.version}`,
    namespace: action.namespace,
    name: action.name,
    path,
    version: action.version,
    kind: exec.kind,
    image: exec.kind === BLACKBOX_KIND ? exec.image! : runtime!.image,
    protocol,
    binary: exec.binary,
    main: exec.main || 'main',
    limits: action.limits,
    initEnv,
  };
  if (exec.code !== undefined) runnable.code = exec.code;
  const expected = expectedTimes(action);
  if (expected) runnable.expected = expected;
  return {
    action,
    runnable,
    defaults,
    // `final` freezes only parameters that already have a value; null ones may still be set (annotations.md).
    immutableKeys: new Set(isTruthy(action.annotations, 'final') ? action.parameters.filter((p) => p.value !== null).map((p) => p.key) : []),
    provideApiKey: providesApiKey(action.annotations),
  };
}

/**
 * `provide-api-key`, read as OpenWhisk's ContainerProxy does (Parameters.isTruthy, true when absent): false, 0, ""
 * and null withhold the key; any other value provides it.
 */
function providesApiKey(annotations: readonly KeyValue[]): boolean {
  if (!annotations.some((a) => a.key === 'provide-api-key')) return true;
  const v = getValue(annotations, 'provide-api-key');
  return !(v === false || v === 0 || v === '' || v === null);
}

/** `sim-cold-ms` / `sim-warm-ms` annotations: expected times for the simulation backend and the queue. */
function expectedTimes(action: WhiskAction): RunnableAction['expected'] {
  const coldMs = getValue(action.annotations, 'sim-cold-ms');
  const warmMs = getValue(action.annotations, 'sim-warm-ms');
  if (typeof coldMs !== 'number' && typeof warmMs !== 'number') return undefined;
  return {
    ...(typeof coldMs === 'number' ? { coldMs } : {}),
    ...(typeof warmMs === 'number' ? { warmMs } : {}),
  };
}

/** /init env values are strings: null → "", objects → compact JSON (action-runtime-protocol.md). */
function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The action as invoked through its package (or binding): the inherited parameters go under the action's own
 * (package < binding < action < request), and `final` freezes every merged parameter that has a value.
 */
export function inheritParameters(target: InvokableAction, inherited: readonly KeyValue[]): InvokableAction {
  if (inherited.length === 0) return target;
  const defaults: JsonObject = {};
  for (const p of inherited) defaults[p.key] = p.value;
  Object.assign(defaults, target.defaults);
  const immutableKeys = isTruthy(target.action.annotations, 'final')
    ? new Set([...target.immutableKeys, ...inherited.filter((p) => p.value !== null && !hasOwnValue(target, p.key)).map((p) => p.key)])
    : target.immutableKeys;
  return { ...target, defaults, immutableKeys };
}

/** Whether the action's own parameter `key` decides the value (a null own value does not freeze an inherited one). */
function hasOwnValue(target: InvokableAction, key: string): boolean {
  return target.action.parameters.some((p) => p.key === key && !p.init);
}
