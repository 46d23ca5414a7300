/**
 * The Activations collection: list (name, since, upto, skip, limit, docs, count), get, /logs, /result, and the live
 * stream extension (server-sent events, api/stream/). The list answers exactly what `wsk activation poll` relies on:
 * `since`/`upto` inclusive on `start`, newest first, `limit=0` = the maximum, `docs=true` full records.
 */
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
import { EVENT_STREAM_HEADERS, serveActivationStream } from '../stream/event-stream.js';
import { pathNamespace } from './path-params.js';

export function activationOperations(deps: GatewayDeps): Record<string, OperationHandler> {
  const { recorder, config, feed } = deps;

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
    streamActivations(c, ctx) {
      const namespace = pathNamespace(c, ctx);
      const name = nameFilter(c.query as Query);
      const lastEventId = c.headers['last-event-id'];
      const cursor = feed.cursor(Array.isArray(lastEventId) ? lastEventId[lastEventId.length - 1] : lastEventId);
      const log = ctx.log.child({ tid: ctx.tid });
      const spec = { feed, namespace, name, cursor, options: config.activations.stream, clock: deps.clock, log };
      return { status: 200, headers: { ...EVENT_STREAM_HEADERS }, stream: (res) => serveActivationStream(res, spec) };
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
  const name = nameFilter(q);
  if (name !== undefined) filter.name = name;
  for (const key of ['since', 'upto'] as const) {
    const raw = queryString(q, key);
    if (raw === undefined || raw === '') continue;
    const value = queryInt(q, key);
    if (value === undefined || value < 0) throw new BadRequestError(Messages.badEpoch(raw));
    filter[key] = value;
  }
  return filter;
}

/**
 * The `name` query as OpenWhisk reads it (an EntityPath): `/`-separated valid names, empty segments dropped
 * (`/hello` is `hello`), at most two (`pkg/name`); blank means no filter. Returns the key activation-path.ts matches.
 */
function nameFilter(q: Query): string | undefined {
  const raw = queryString(q, 'name');
  if (raw === undefined || raw.trim() === '') return undefined;
  const parts = raw.split('/').filter((p) => p !== '');
  if (parts.length === 0 || parts.length > 2 || !parts.every(isValidEntityName)) throw new BadRequestError(Messages.badNameFilter(raw));
  return parts.join('/');
}

/**
 * List entries without `docs`: OpenWhisk's summary (its activations view) — no response or logs; `cause` when
 * there is one; `end` and `duration` only once the activation has ended (end ≠ 0).
 */
function activationBrief(r: ActivationRecord): Record<string, unknown> {
  const brief: Record<string, unknown> = {
    activationId: r.activationId, annotations: r.annotations, name: r.name, namespace: r.namespace, publish: r.publish,
    start: r.start, statusCode: r.statusCode, version: r.version,
  };
  if (r.cause !== undefined) brief.cause = r.cause;
  if (r.end !== 0) Object.assign(brief, { end: r.end, duration: r.duration });
  return brief;
}
