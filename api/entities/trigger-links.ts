/**
 * A rule's status lives in its trigger's `rules` map (OpenWhisk's ReducedRule), keyed `/ns/rule`. These helpers
 * read it and rewrite one entry with a revision check (retried on a concurrent write to the trigger).
 */
import { Messages } from '../../common/errors/messages.js';
import { ConflictError } from '../../common/errors/whisk-errors.js';
import type { EntityName, ReducedRule, RuleStatus, WhiskTrigger } from '../../common/types/entities.js';
import type { EntityStore } from '../../store/store.js';
import { fromEntityName } from './entity-refs.js';

const ATTEMPTS = 5;

export const ruleKey = (namespace: string, name: string): string => `/${namespace}/${name}`;

/** The rule's status as its trigger records it; `inactive` when the trigger or the entry is gone. */
export async function ruleStatus(store: EntityStore, trigger: EntityName, key: string): Promise<RuleStatus> {
  const ref = fromEntityName(trigger);
  const stored = await store.getEntity<WhiskTrigger>(ref.namespace, 'triggers', ref.name);
  return stored?.doc.rules?.[key]?.status ?? 'inactive';
}

/**
 * Sets (or with `link` undefined, removes) the rule's entry in the trigger. Answers false when the trigger does not
 * exist (nothing written).
 */
export async function setRuleLink(store: EntityStore, trigger: EntityName, key: string, link: ReducedRule | undefined): Promise<boolean> {
  const ref = fromEntityName(trigger);
  for (let attempt = 1; ; attempt++) {
    const stored = await store.getEntity<WhiskTrigger>(ref.namespace, 'triggers', ref.name);
    if (!stored) return false;
    const rules = { ...stored.doc.rules };
    if (link) rules[key] = link;
    else delete rules[key];
    try {
      await store.putEntity(ref.namespace, 'triggers', ref.name, { ...stored.doc, rules }, stored.rev);
      return true;
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= ATTEMPTS) {
        throw err instanceof ConflictError ? new ConflictError(Messages.conflictMessage, { cause: err }) : err;
      }
    }
  }
}
