/**
 * OpenWhisk's entities as they travel on the wire and sit in the store.
 * Field names and shapes follow OpenWhisk (common/scala/.../entity/*.scala) so records round-trip unchanged.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface KeyValue {
  key: string;
  value: Json;
  /** Parameters marked `init` are passed to /init in `env`, not to /run. */
  init?: boolean;
}

export interface ActionLimits {
  timeout: number;
  memory: number;
  logs: number;
  concurrency: number;
}

export interface CodeExec {
  kind: string;
  code?: string;
  binary: boolean;
  main?: string;
  image?: string;
}

export interface SequenceExec {
  kind: 'sequence';
  components: string[];
}

export type Exec = CodeExec | SequenceExec;

export interface WhiskAction {
  namespace: string;
  name: string;
  version: string;
  publish: boolean;
  exec: Exec;
  annotations: KeyValue[];
  parameters: KeyValue[];
  limits: ActionLimits;
  updated: number;
}

/** A package's `binding`: `{}` for a package, the bound package for a binding. */
export interface PackageBinding {
  namespace: string;
  name: string;
}

export interface WhiskPackage {
  namespace: string;
  name: string;
  version: string;
  publish: boolean;
  binding: PackageBinding | Record<string, never>;
  parameters: KeyValue[];
  annotations: KeyValue[];
  updated: number;
}

export function bindingOf(pkg: WhiskPackage): PackageBinding | undefined {
  const b = pkg.binding as Partial<PackageBinding>;
  return b.namespace && b.name ? { namespace: b.namespace, name: b.name } : undefined;
}

/** A reference to an entity as OpenWhisk writes it in rules: `path` is `ns` or `ns/pkg`. */
export interface EntityName {
  path: string;
  name: string;
}

export type RuleStatus = 'active' | 'inactive';

/** What a trigger keeps about each of its rules (OpenWhisk's ReducedRule): the rule's status lives here. */
export interface ReducedRule {
  action: EntityName;
  status: RuleStatus;
}

export interface WhiskTrigger {
  namespace: string;
  name: string;
  version: string;
  publish: boolean;
  parameters: KeyValue[];
  annotations: KeyValue[];
  /** Always `{}` (clients expect the key). */
  limits: Record<string, never>;
  /** By fully qualified rule name `/ns/rule`; absent until a rule is first linked. */
  rules?: Record<string, ReducedRule>;
  updated: number;
}

/** A stored rule; its status is read from its trigger's `rules` map. */
export interface WhiskRule {
  namespace: string;
  name: string;
  version: string;
  publish: boolean;
  annotations: KeyValue[];
  trigger: EntityName;
  action: EntityName;
  updated: number;
}

export interface ActivationResponse {
  /** success | application error | action developer error | whisk internal error */
  status: ActivationStatus;
  statusCode: number;
  success: boolean;
  result?: Json;
  size?: number;
}

export type ActivationStatus = 'success' | 'application error' | 'action developer error' | 'whisk internal error';

export const STATUS_CODE: Record<ActivationStatus, number> = {
  success: 0,
  'application error': 1,
  'action developer error': 2,
  'whisk internal error': 3,
};

export interface ActivationRecord {
  namespace: string;
  name: string;
  version: string;
  subject: string;
  activationId: string;
  start: number;
  end: number;
  duration: number;
  statusCode: number;
  response: ActivationResponse;
  logs: string[];
  annotations: KeyValue[];
  publish: boolean;
  cause?: string;
}

export interface Subject {
  subject: string;
  /** `uuid:key` split; the key is compared in constant time. */
  uuid: string;
  key: string;
  namespaces: string[];
  /** Overrides of the system limits, by namespace of this subject (set with the admin limits extension). */
  limits?: Record<string, NamespaceLimits>;
}

/** A namespace's overrides of the system limits (OpenWhisk's UserLimits, set by `wskadmin limits set`). */
export interface NamespaceLimits {
  /** 0 = unlimited, as the system limits. */
  invocationsPerMinute?: number;
  concurrentInvocations?: number;
  firesPerMinute?: number;
  /** Kinds the namespace may create actions of (any kind when absent). */
  allowedKinds?: string[];
}

/** A stored entity document plus the revision used for optimistic concurrency. */
export interface Stored<T> {
  doc: T;
  rev: number;
}

/** `apis`: API-gateway routes, one Swagger document per base path (api/apigw/); never listed by the REST API. */
export type Collection = 'actions' | 'packages' | 'triggers' | 'rules' | 'apis';
