/** The Activations collection: list (name, since, upto, skip, limit, docs, count), get, /logs, /result. */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, NotFoundError } from '../../common/errors/whisk-errors.js';
import { ACTIVATION_ID_PATTERN } from '../../common/ids.js';
import type { ActivationRecord } from '../../common/types/entities.js';
import { isValidEntityName } from '../../common/types/fqn.js';
import type { ActivationFilter } from '../../store/store.js';
import type { ApiCall, GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import { listPage, queryBool, queryInt, queryString, type Query } from '../http/query.js';
import type { RequestContext } from '../http/request-context.js';
import { pathNamespace } from './path-params.js';

export function activationOperations(deps: GatewayDeps): Record<string, OperationHandler> {
  const { recorder, config } = deps;

  async function find(c: ApiCall, ctx: RequestContext): Promise<ActivationRecord> {
    const namespace = pathNamespace(c, ctx);
    const id = String(c.params.activationid ?? '');
    if (!ACTIVATION_ID_PATTERN.test(id)) throw new BadRequestError(Messages.activationIdIllegal);
    const record = await recorder.get(namespace, id);
    if (!record) throw new NotFoundError(Messages.resourceNotFound);
    return record;
  }

  return {
    async getActivations(c, ctx) {
      const namespace = pathNamespace(c, ctx);
      const q = c.query as Query;
      const filter = activationFilter(q);
      const docs = queryBool(q, 'docs');
      if (queryBool(q, 'count')) {
        if (docs) throw new BadRequestError(Messages.docsNotAllowedWithCount);
        return ok({ activations: await recorder.count(namespace, filter) });
      }
      const page = listPage(q, 'activations', config.limits.listDefault, config.limits.listMax);
      const records = await recorder.list(namespace, { ...filter, ...page });
      return ok(docs ? records : records.map(activationBrief));
    },
    getActivationById: async (c, ctx) => ok(await find(c, ctx)),
    getActivationLogs: async (c, ctx) => ok({ logs: (await find(c, ctx)).logs }),
    async getActivationResult(c, ctx) {
      const { response } = await find(c, ctx);
      const body: Record<string, unknown> = { result: response.result ?? {}, status: response.status, success: response.success };
      if (response.size !== undefined) body.size = response.size;
      return ok(body);
    },
  };
}

function activationFilter(q: Query): Omit<ActivationFilter, 'skip' | 'limit'> {
  const filter: Omit<ActivationFilter, 'skip' | 'limit'> = {};
  const name = queryString(q, 'name');
  if (name) {
    const parts = name.split('/');
    if (parts.length > 2 || !parts.every(isValidEntityName)) throw new BadRequestError(Messages.badNameFilter(name));
    filter.name = name;
  }
  for (const key of ['since', 'upto'] as const) {
    const raw = queryString(q, key);
    if (raw === undefined || raw === '') continue;
    const value = queryInt(q, key);
    if (value === undefined || value < 0) throw new BadRequestError(Messages.badEpoch(raw));
    filter[key] = value;
  }
  return filter;
}

/** List entries without `docs`: the record minus response, logs and cause (OpenWhisk's summary). */
function activationBrief(r: ActivationRecord): Record<string, unknown> {
  return {
    activationId: r.activationId, annotations: r.annotations, duration: r.duration, end: r.end, name: r.name,
    namespace: r.namespace, publish: r.publish, start: r.start, statusCode: r.statusCode, version: r.version,
  };
}
