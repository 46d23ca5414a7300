/**
 * Firing a trigger (Triggers.scala `activate`): with no active rule, 204 and no record. Otherwise each active
 * rule's action is invoked non-blocking with the trigger's parameters < the fire body, its activation caused by
 * the trigger's (a sequence runs as a sequence, its record caused by the trigger's too); the trigger gets its own record
 * (result = the fire body, one log line per rule: the outcome as OpenWhisk writes it) and the answer is 202
 * {activationId}.
 */
import { Messages } from '../../common/errors/messages.js';
import { WhiskError } from '../../common/errors/whisk-errors.js';
import { newActivationId } from '../../common/ids.js';
import type { ActivationRecord, JsonObject, ReducedRule, WhiskTrigger } from '../../common/types/entities.js';
import { entityNameString } from '../entities/entity-refs.js';
import { toObject } from '../entities/key-values.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { HandlerResult } from '../http/handler-result.js';
import type { RequestContext } from '../http/request-context.js';
import { invokeSequence, sequenceDepsOf } from '../sequences/invoke-sequence.js';
import { ACTIVATION_ID_HEADER, invokeAction, type InvokeDeps } from './invoke-action.js';
import { resolveActionRef } from './resolve-action.js';

const APPLICATION_ERROR = 1;
const WHISK_ERROR = 3;

export async function fireTrigger(
  trigger: WhiskTrigger, payload: JsonObject | undefined, ctx: RequestContext, deps: GatewayDeps, invokeDeps: InvokeDeps,
): Promise<HandlerResult> {
  const rules = Object.entries(trigger.rules ?? {});
  if (!rules.some(([, rule]) => rule.status === 'active')) return { status: 204 };
  const activationId = newActivationId();
  const start = deps.clock.now();
  const args: JsonObject = { ...toObject(trigger.parameters), ...payload };
  const logs = await Promise.all(rules.map(([key, rule]) => activateRule(key.replace(/^\//, ''), rule)));
  const record: ActivationRecord = {
    namespace: trigger.namespace,
    name: trigger.name,
    version: trigger.version,
    subject: ctx.subject!.subject,
    activationId,
    start: Math.round(start),
    end: Math.round(start),
    duration: 0,
    statusCode: 0,
    response: { status: 'success', statusCode: 0, success: true, result: payload ?? {} },
    logs,
    annotations: [],
    publish: false,
  };
  deps.recorder.record(record);
  return { status: 202, body: { activationId }, headers: { [ACTIVATION_ID_HEADER]: activationId } };

  async function activateRule(rule: string, link: ReducedRule): Promise<string> {
    const action = entityNameString(link.action);
    if (link.status !== 'active') return outcome(APPLICATION_ERROR, rule, action, Messages.triggerWithInactiveRule(rule, action));
    try {
      const target = await resolveActionRef(deps.actions, link.action);
      if (!target) return outcome(APPLICATION_ERROR, rule, action, Messages.resourceNotFound);
      // OpenWhisk posts the rule's action as the trigger's owner would invoke it: a sequence runs as a sequence.
      const options = { blocking: false, resultOnly: false, waitMs: 0, cause: activationId };
      const result = target.invokable
        ? await invokeAction(target.invokable, trigger.namespace, args, options, ctx, invokeDeps)
        : await invokeSequence(target, trigger.namespace, args, options, ctx, sequenceDepsOf(deps));
      return outcome(0, rule, action, undefined, (result.body as { activationId: string }).activationId);
    } catch (err) {
      if (err instanceof WhiskError) return outcome(err.status >= 500 ? WHISK_ERROR : APPLICATION_ERROR, rule, action, err.message);
      ctx.log.error({ tid: ctx.tid, err, rule, action }, 'trigger-fired action failed to invoke');
      return outcome(WHISK_ERROR, rule, action, Messages.internalError);
    }
  }
}

/** One log line of the trigger's record (Triggers.scala RuleActivationResult). */
function outcome(statusCode: number, rule: string, action: string, error?: string, activationId?: string): string {
  const response = error === undefined ? { activationId } : { error };
  return JSON.stringify({ statusCode, success: statusCode === 0, ...response, rule, action });
}
