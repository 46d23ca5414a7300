/** How actions are shown: the full entity (GET, PUT, DELETE), without code (`code=false`), and list briefs. */
import type { WhiskAction } from '../../common/types/entities.js';

/** `code=false`: exec without its code field at all (the npm client expects it absent, not null). */
export function withoutCode(action: WhiskAction): WhiskAction {
  const { code: _code, ...exec } = action.exec as { code?: string };
  return { ...action, exec: exec as WhiskAction['exec'] };
}

/** List entries: no code, exec reduced to `binary` (OpenWhisk's list view). */
export function actionBrief(action: WhiskAction): Record<string, unknown> {
  return {
    namespace: action.namespace,
    name: action.name,
    version: action.version,
    publish: action.publish,
    annotations: action.annotations,
    limits: action.limits,
    exec: { binary: 'binary' in action.exec ? action.exec.binary : false },
    updated: action.updated,
  };
}
