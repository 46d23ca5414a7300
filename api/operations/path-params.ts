/** Reading names from the path: percent-decoded, checked against OpenWhisk's entity-name rule. */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, NotFoundError } from '../../common/errors/whisk-errors.js';
import { bindingOf, type KeyValue, type WhiskPackage } from '../../common/types/entities.js';
import { ENTITY_NAME_MAX, isValidEntityName } from '../../common/types/fqn.js';
import type { Store } from '../../store/store.js';
import { resolveNamespace } from '../auth/authenticator.js';
import { readPackage } from '../entities/package-access.js';
import type { ApiCall } from '../gateway-deps.js';
import type { RequestContext } from '../http/request-context.js';

export function pathName(c: ApiCall, param: string): string {
  const raw = c.params[param];
  let name: string;
  try {
    name = decodeURIComponent(String(raw ?? ''));
  } catch {
    throw new BadRequestError(Messages.entityNameIllegal);
  }
  if (name.length > ENTITY_NAME_MAX) throw new BadRequestError(Messages.entityNameTooLong(name.length, ENTITY_NAME_MAX));
  if (!isValidEntityName(name)) throw new BadRequestError(Messages.entityNameIllegal);
  return name;
}

/** The namespace of the request, `_` resolved; 403 when it is not the caller's. */
export function pathNamespace(c: ApiCall, ctx: RequestContext): string {
  const requested = pathNameOrUnderscore(c);
  return resolveNamespace(requested, ctx.subject!);
}

/** The namespace of the request, `_` resolved, for reading: another namespace is allowed (its public packages). */
export function readNamespace(c: ApiCall, ctx: RequestContext): string {
  const requested = pathNameOrUnderscore(c);
  return requested === '_' ? ctx.subject!.namespaces[0]! : requested;
}

function pathNameOrUnderscore(c: ApiCall): string {
  const raw = String(c.params.namespace ?? '');
  if (raw === '_') return raw;
  const name = safeDecode(raw);
  if (!isValidEntityName(name)) throw new BadRequestError(Messages.namespaceIllegal);
  return name;
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new BadRequestError(Messages.namespaceIllegal);
  }
}

/**
 * An action's store name and namespace path: `name` in the namespace, or `pkg/name` in an existing package
 * (404 when the package does not exist).
 */
export async function actionLocation(
  c: ApiCall, ctx: RequestContext, store: Store,
): Promise<{ namespace: string; path: string; name: string; storeName: string }> {
  const namespace = pathNamespace(c, ctx);
  const name = pathName(c, 'actionName');
  if (c.params.packageName === undefined) return { namespace, path: namespace, name, storeName: name };
  const pkg = pathName(c, 'packageName');
  const stored = await store.getEntity<WhiskPackage>(namespace, 'packages', pkg);
  if (!stored) throw new NotFoundError(Messages.resourceNotFound);
  if (bindingOf(stored.doc)) throw new BadRequestError(Messages.notAllowedOnBinding);
  return { namespace, path: `${namespace}/${pkg}`, name, storeName: `${pkg}/${name}` };
}

export interface ActionReadLocation {
  /** Where the action is stored (a binding's bound package lives in its own namespace). */
  namespace: string;
  storeName: string;
  /** Parameters the action inherits from its package (and binding). */
  inherited: KeyValue[];
}

/**
 * Where to read or invoke an action: `name` in the caller's own namespace, or `pkg/name` in a package the caller
 * may read — its own, or another namespace's published one; a binding resolves to its bound package.
 */
export async function actionReadLocation(c: ApiCall, ctx: RequestContext, store: Store): Promise<ActionReadLocation> {
  const name = pathName(c, 'actionName');
  if (c.params.packageName === undefined) return { namespace: pathNamespace(c, ctx), storeName: name, inherited: [] };
  const pkg = await readPackage(store, readNamespace(c, ctx), pathName(c, 'packageName'), ctx.subject!);
  return { namespace: pkg.home.namespace, storeName: `${pkg.home.name}/${name}`, inherited: pkg.parameters };
}
