/**
 * The Packages collection: list, get (with its actions and feeds), create/update (a binding when the body names
 * one) and delete (409 while it holds actions, unless `force=true`). Another namespace's packages are readable
 * when published; writes need the namespace. Handler names are the operationIds of openapi.yaml.
 */
import { Messages } from '../../common/errors/messages.js';
import { ConflictError, NotFoundError } from '../../common/errors/whisk-errors.js';
import { bindingOf, type WhiskAction, type WhiskPackage } from '../../common/types/entities.js';
import { checkEntitySize } from '../entities/entity-size.js';
import { checkBindingTarget, owns, readPackage } from '../entities/package-access.js';
import { checkPackageName, createPackage, requestedBinding, updatePackage, type PackagePutBody } from '../entities/package-put.js';
import { packageBrief, packageWithActions } from '../entities/package-views.js';
import type { ApiCall, GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';
import { listPage, queryBool, type Query } from '../http/query.js';
import type { RequestContext } from '../http/request-context.js';
import { pathName, pathNamespace, readNamespace } from './path-params.js';

export function packageOperations(deps: GatewayDeps): Record<string, OperationHandler> {
  const { store, config, actions: cache } = deps;
  const query = (c: ApiCall) => c.query as Query;

  /**
   * Own namespace: every package and binding; another namespace: its published packages, bindings excluded
   * (OpenWhisk's publicPackagesView). `public=true` changes nothing: OpenWhisk picks the view by namespace alone.
   */
  async function list(c: ApiCall, ctx: RequestContext) {
    const namespace = readNamespace(c, ctx);
    const own = owns(ctx.subject!, namespace);
    const page = listPage(query(c), 'packages', config.limits.listDefault, config.limits.listMax);
    const count = queryBool(query(c), 'count');
    if (own && count) return ok({ packages: await store.countEntities(namespace, 'packages', {}) });
    if (own) return ok((await store.listEntities<WhiskPackage>(namespace, 'packages', page)).map(packageBrief));
    const published = (await store.listEntities<WhiskPackage>(namespace, 'packages', { skip: 0, limit: 0 })).filter((p) => p.publish && !bindingOf(p));
    if (count) return ok({ packages: published.length });
    const end = page.limit === 0 ? undefined : page.skip + page.limit;
    return ok(published.slice(page.skip, end).map(packageBrief));
  }

  /** A binding answers itself, with the bound package's parameters under its own and the bound package's actions. */
  async function get(c: ApiCall, ctx: RequestContext) {
    const pkg = await readPackage(store, readNamespace(c, ctx), pathName(c, 'packageName'), ctx.subject!);
    const actions = await store.listEntities<WhiskAction>(pkg.home.namespace, 'actions', { skip: 0, limit: 0, prefix: `${pkg.home.name}/` });
    return ok(packageWithActions({ ...pkg.addressed.doc, parameters: pkg.parameters }, actions));
  }

  async function put(c: ApiCall, ctx: RequestContext) {
    const namespace = pathNamespace(c, ctx);
    const name = pathName(c, 'packageName');
    checkPackageName(name);
    checkEntitySize(c.body, config.limits);
    const body = (c.body ?? {}) as PackagePutBody;
    const binding = requestedBinding(body, ctx.subject!.namespaces[0]!);
    const existing = await store.getEntity<WhiskPackage>(namespace, 'packages', name);
    if (existing && !queryBool(query(c), 'overwrite')) throw new ConflictError(Messages.resourceExists);
    const putCtx = { namespace, name, binding, now: Date.now() };
    // Checked after the existence test: a package turned into a binding is a 409 whatever the target.
    const pkg = existing ? updatePackage(existing.doc, body, putCtx) : createPackage(body, putCtx);
    if (binding) await checkBindingTarget(store, binding, ctx.subject!);
    await store.putEntity(namespace, 'packages', name, pkg, existing ? existing.rev : null);
    cache.clear();
    return ok(pkg);
  }

  async function remove(c: ApiCall, ctx: RequestContext) {
    const namespace = pathNamespace(c, ctx);
    const name = pathName(c, 'packageName');
    const stored = await store.getEntity<WhiskPackage>(namespace, 'packages', name);
    if (!stored) throw new NotFoundError(Messages.resourceNotFound);
    const prefix = `${name}/`;
    const contained = await store.countEntities(namespace, 'actions', { prefix });
    if (contained > 0) {
      if (!queryBool(query(c), 'force')) throw new ConflictError(Messages.packageNotEmpty(contained));
      for (const action of await store.listEntities<WhiskAction>(namespace, 'actions', { skip: 0, limit: 0, prefix })) {
        await store.deleteEntity(namespace, 'actions', `${name}/${action.name}`);
      }
    }
    if (!(await store.deleteEntity(namespace, 'packages', name))) throw new NotFoundError(Messages.resourceNotFound);
    cache.clear();
    return ok(stored.doc);
  }

  return {
    getAllPackages: list,
    getPackageByName: get,
    updatePackage: put,
    deletePackage: remove,
  };
}
