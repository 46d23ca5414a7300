/**
 * Who may read which package, and where a package's actions live. A namespace's own packages are readable by its
 * subjects; another namespace's package only when it is published (OpenWhisk's PackageCollection entitlement).
 * A binding is read as itself, but its actions are the bound package's, and its parameters override the bound
 * package's (OpenWhisk: package < binding < action < request).
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../common/errors/whisk-errors.js';
import { bindingOf, type KeyValue, type PackageBinding, type Subject, type WhiskPackage } from '../../common/types/entities.js';
import type { EntityStore } from '../../store/store.js';
import { mergeKeyValues } from './key-values.js';

export interface PackageRef {
  namespace: string;
  name: string;
  doc: WhiskPackage;
}

export interface ReadablePackage {
  /** The package named in the request (possibly a binding). */
  addressed: PackageRef;
  /** Where its actions are stored: the bound package for a binding, else the package itself. */
  home: PackageRef;
  /** What its actions inherit: the home package's parameters, overridden by the binding's. */
  parameters: KeyValue[];
}

export function owns(subject: Subject, namespace: string): boolean {
  return subject.namespaces.includes(namespace);
}

/**
 * The package `namespace/name` as `subject` may read it. Own namespace: 404 when missing. Another namespace:
 * 403 unless it exists and is published (its existence is not revealed). A binding whose package is gone → 404.
 */
export async function readPackage(store: EntityStore, namespace: string, name: string, subject: Subject): Promise<ReadablePackage> {
  const own = owns(subject, namespace);
  const stored = await store.getEntity<WhiskPackage>(namespace, 'packages', name);
  if (!stored) throw own ? new NotFoundError(Messages.resourceNotFound) : new ForbiddenError(Messages.notAuthorized);
  if (!own && !stored.doc.publish) throw new ForbiddenError(Messages.notAuthorized);
  const addressed = { namespace, name, doc: stored.doc };
  const binding = bindingOf(stored.doc);
  if (!binding) return { addressed, home: addressed, parameters: stored.doc.parameters };
  const target = await store.getEntity<WhiskPackage>(binding.namespace, 'packages', binding.name);
  if (!target || bindingOf(target.doc)) throw new NotFoundError(Messages.resourceNotFound);
  if (!owns(subject, binding.namespace) && !target.doc.publish) throw new ForbiddenError(Messages.notAuthorized);
  return {
    addressed,
    home: { namespace: binding.namespace, name: binding.name, doc: target.doc },
    parameters: mergeKeyValues(target.doc.parameters, stored.doc.parameters),
  };
}

/** A binding's target must exist (400), be readable (403) and be a package, not a binding (400). */
export async function checkBindingTarget(store: EntityStore, binding: PackageBinding, subject: Subject): Promise<void> {
  const target = await store.getEntity<WhiskPackage>(binding.namespace, 'packages', binding.name);
  if (!target) throw new BadRequestError(Messages.bindingDoesNotExist);
  if (!owns(subject, binding.namespace) && !target.doc.publish) throw new ForbiddenError(Messages.notAuthorized);
  if (bindingOf(target.doc)) throw new BadRequestError(Messages.bindingCannotReferenceBinding);
}
