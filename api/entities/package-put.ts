/**
 * Builds the stored package from a PUT body, as OpenWhisk's Packages.scala does: on create, version 0.0.1 and
 * empty defaults; on update, the fields given replace the stored ones (parameters and annotations as a whole) and
 * the patch version is bumped. A binding carries a `binding` annotation set by the server. Binding targets are
 * checked by package-access.ts before these run.
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, ConflictError } from '../../common/errors/whisk-errors.js';
import { bindingOf, type KeyValue, type PackageBinding, type WhiskPackage } from '../../common/types/entities.js';
import { bumpPatch } from './action-put.js';
import { mergeKeyValues, withoutKeys } from './key-values.js';

export interface PackagePutBody {
  binding?: { namespace?: string; name?: string };
  parameters?: KeyValue[];
  annotations?: KeyValue[];
  publish?: boolean;
  version?: string;
}

export interface PackagePutContext {
  namespace: string;
  name: string;
  /** The requested binding, `_` already resolved; undefined when the body names none. */
  binding: PackageBinding | undefined;
  now: number;
}

/** OpenWhisk reserves `default` (web actions use it for actions outside any package). */
const RESERVED_NAMES = new Set(['default']);

export function checkPackageName(name: string): void {
  if (RESERVED_NAMES.has(name)) throw new BadRequestError(Messages.packageNameIsReserved(name));
}

/** The body's binding with `_` resolved to the caller's namespace; `{}` (or absent) means none. */
export function requestedBinding(body: PackagePutBody, defaultNamespace: string): PackageBinding | undefined {
  const b = body.binding;
  if (!b || (b.namespace === undefined && b.name === undefined)) return undefined;
  if (typeof b.name !== 'string' || b.name.length === 0) {
    throw new BadRequestError(Messages.requestContentMalformed('binding must name a package'));
  }
  const namespace = !b.namespace || b.namespace === '_' ? defaultNamespace : b.namespace.replace(/^\//, '');
  return { namespace, name: b.name };
}

export function createPackage(body: PackagePutBody, ctx: PackagePutContext): WhiskPackage {
  return {
    namespace: ctx.namespace,
    name: ctx.name,
    version: body.version ?? '0.0.1',
    publish: body.publish ?? false,
    binding: ctx.binding ?? {},
    parameters: body.parameters ?? [],
    annotations: withBindingAnnotation(body.annotations ?? [], ctx.binding),
    updated: ctx.now,
  };
}

export function updatePackage(existing: WhiskPackage, body: PackagePutBody, ctx: PackagePutContext): WhiskPackage {
  const current = bindingOf(existing);
  if (ctx.binding && !current) throw new ConflictError(Messages.packageCannotBecomeBinding);
  const binding = ctx.binding ?? current;
  return {
    namespace: existing.namespace,
    name: existing.name,
    version: body.version ?? bumpPatch(existing.version),
    publish: body.publish ?? existing.publish,
    binding: binding ?? {},
    parameters: body.parameters ?? existing.parameters,
    annotations: withBindingAnnotation(body.annotations ?? existing.annotations, binding),
    updated: ctx.now,
  };
}

/** The `binding` annotation is always the server's: any sent by the client is replaced. */
function withBindingAnnotation(annotations: KeyValue[], binding: PackageBinding | undefined): KeyValue[] {
  const base = withoutKeys(annotations, ['binding']);
  return binding ? mergeKeyValues(base, [{ key: 'binding', value: { namespace: binding.namespace, name: binding.name } }]) : base;
}
