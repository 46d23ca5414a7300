/**
 * The one place rules and triggers turn an action reference into what they run. It goes through the action
 * cache's lookup, so a rule may name anything an invoke may: an action, a packaged action (another namespace's
 * shared package such as /whisk.system/utils/echo), an action through a binding (`u/echo`) or a sequence.
 */
import { SEQUENCE_KIND } from '../../common/runtimes/runtime-manifest.js';
import type { EntityName } from '../../common/types/entities.js';
import { fromEntityName } from '../entities/entity-refs.js';
import type { ActionCache, CachedAction } from './action-cache.js';

/** The stored action a rule names, with what it inherits; undefined when nothing runnable is there. */
export async function resolveActionRef(actions: ActionCache, action: EntityName): Promise<CachedAction | undefined> {
  const ref = fromEntityName(action);
  const found = await actions.lookup(ref.namespace, ref.pkg ? `${ref.pkg}/${ref.name}` : ref.name);
  if (!found) return undefined;
  return found.invokable || found.action.exec.kind === SEQUENCE_KIND ? found : undefined;
}
