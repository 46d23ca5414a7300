/**
 * Checks a sequence's components when it is stored (OpenWhisk's Actions.scala checkSequenceActionLimits): each is
 * a fully qualified action name (`/_/a` resolved to the caller's namespace, `/ns/pkg/a` for packaged ones) that
 * exists and that the caller may invoke (its own, or in another namespace's published package); nested sequences
 * count with all their atomic actions towards the limit; none may lead back to the sequence itself.
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { SequenceExec, Subject, WhiskAction } from '../../common/types/entities.js';
import { SEQUENCE_KIND } from '../../common/runtimes/runtime-manifest.js';
import type { EntityStore } from '../../store/store.js';
import { parseEntityRef, type EntityRef } from '../entities/entity-refs.js';
import { owns, readPackage } from '../entities/package-access.js';
import type { ActionCache, CachedAction } from '../invoke/action-cache.js';

export interface ComponentCheckDeps {
  store: EntityStore;
  cache: ActionCache;
  subject: Subject;
  /** Most atomic actions a sequence may run (OpenWhisk: 50). */
  maxLength: number;
}

/** `ns/[pkg/]name` of the sequence being stored. */
export type SequencePath = string;

export const refStoreName = (ref: EntityRef): string => (ref.pkg ? `${ref.pkg}/${ref.name}` : ref.name);
export const formatRef = (ref: EntityRef): string => `/${ref.namespace}/${refStoreName(ref)}`;

/** The components as stored: `_` resolved. Throws 400 (malformed, missing, too long, cyclic) or 403. */
export async function resolveComponents(components: unknown, self: SequencePath, deps: ComponentCheckDeps): Promise<string[]> {
  if (!Array.isArray(components) || components.length === 0) throw new BadRequestError(Messages.sequenceNoComponent);
  if (components.length > deps.maxLength) throw new BadRequestError(Messages.sequenceIsTooLong);
  const refs = components.map((c) => parseComponent(c, deps.subject.namespaces[0]!));
  let atomic = 0;
  for (const ref of refs) {
    atomic += await countAtomic(ref, self, deps, 0);
    if (atomic > deps.maxLength) throw new BadRequestError(Messages.sequenceIsTooLong);
  }
  return refs.map(formatRef);
}

export function parseComponent(component: unknown, defaultNamespace: string): EntityRef {
  const ref = typeof component === 'string' ? parseEntityRef(component, defaultNamespace) : undefined;
  if (!ref) throw new BadRequestError(Messages.sequenceComponentIllegal(String(component)));
  return ref;
}

/** The component's action as the caller may see it: 403 for another namespace's private entities. */
export async function lookupComponent(ref: EntityRef, deps: Omit<ComponentCheckDeps, 'maxLength'>): Promise<CachedAction | undefined> {
  if (!owns(deps.subject, ref.namespace)) {
    if (!ref.pkg) throw new ForbiddenError(Messages.notAuthorized);
    await readPackage(deps.store, ref.namespace, ref.pkg, deps.subject);
  }
  return deps.cache.lookup(ref.namespace, refStoreName(ref));
}

async function countAtomic(ref: EntityRef, self: SequencePath, deps: ComponentCheckDeps, depth: number): Promise<number> {
  const found = await lookupComponent(ref, deps);
  if (!found) throw new BadRequestError(Messages.sequenceComponentNotFound);
  if (`${found.action.namespace}/${found.action.name}` === self) throw new BadRequestError(Messages.sequenceIsCyclic);
  if (found.action.exec.kind !== SEQUENCE_KIND) return 1;
  if (depth >= deps.maxLength) throw new BadRequestError(Messages.sequenceIsTooLong);
  const defaultNamespace = found.action.namespace.split('/')[0]!;
  let atomic = 0;
  for (const c of (found.action.exec as SequenceExec).components) {
    atomic += await countAtomic(parseComponent(c, defaultNamespace), self, deps, depth + 1);
  }
  return atomic;
}

/** OpenWhisk's `actionSequenceLimit`. */
export const SEQUENCE_MAX_LENGTH = 50;

/**
 * Entitlement to run a sequence, checked at every invoke (OpenWhisk's Actions.scala activate →
 * entitleReferencedEntitiesMetaData): each direct component in a namespace the subject does not own must sit in
 * packages that are all published; otherwise 403 naming the components refused. A component that no longer exists
 * is not refused here: running the sequence then fails with "Sequence component does not exist." (as OpenWhisk).
 * Components resolve through the action cache; only a missing cross-namespace component reads its package.
 */
export async function checkComponentEntitlement(
  sequence: WhiskAction, deps: Omit<ComponentCheckDeps, 'maxLength'>,
): Promise<void> {
  const defaultNamespace = sequence.namespace.split('/')[0]!;
  const refused: string[] = [];
  for (const component of (sequence.exec as SequenceExec).components) {
    const ref = parseComponent(component, defaultNamespace);
    if (owns(deps.subject, ref.namespace)) continue;
    if (!(await mayRun(ref, deps))) refused.push(formatRef(ref).slice(1));
  }
  if (refused.length > 0) throw new ForbiddenError(Messages.notAuthorizedToAccess(refused));
}

async function mayRun(ref: EntityRef, deps: Omit<ComponentCheckDeps, 'maxLength'>): Promise<boolean> {
  if (!ref.pkg) return false;
  const found = await deps.cache.lookup(ref.namespace, refStoreName(ref));
  if (found) return (found.packages ?? []).every((p) => p.publish || owns(deps.subject, p.namespace));
  try {
    await readPackage(deps.store, ref.namespace, ref.pkg, deps.subject);
    return true;
  } catch (err) {
    if (err instanceof ForbiddenError) return false;
    if (err instanceof NotFoundError) return true;
    throw err;
  }
}
