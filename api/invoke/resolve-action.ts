/**
 * The one place rules and triggers turn an action reference into an invokable action. It goes through the action
 * cache, so it follows whatever resolution the cache does (packages, bindings) without changes here.
 */
import type { EntityName } from '../../common/types/entities.js';
import type { InvokableAction } from '../entities/runnable.js';
import { fromEntityName } from '../entities/entity-refs.js';
import type { ActionCache } from './action-cache.js';

export function resolveActionRef(actions: ActionCache, action: EntityName): Promise<InvokableAction | undefined> {
  const ref = fromEntityName(action);
  return actions.get(ref.namespace, ref.pkg ? `${ref.pkg}/${ref.name}` : ref.name);
}
