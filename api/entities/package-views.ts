/** How packages are shown: list entries, and GET with the `actions` and `feeds` briefs of the package's actions. */
import type { WhiskAction, WhiskPackage } from '../../common/types/entities.js';
import { getValue } from './key-values.js';

/** List entries (OpenWhisk's package view): no parameters. */
export function packageBrief(pkg: WhiskPackage): Record<string, unknown> {
  return {
    namespace: pkg.namespace,
    name: pkg.name,
    version: pkg.version,
    publish: pkg.publish,
    annotations: pkg.annotations,
    binding: pkg.binding,
    updated: pkg.updated,
  };
}

/** The package with its actions split into `actions` and `feeds` (those annotated `feed`), as WhiskPackageAction. */
export function packageWithActions(pkg: WhiskPackage, actions: readonly WhiskAction[]): Record<string, unknown> {
  const brief = (a: WhiskAction) => ({ name: a.name, version: a.version, annotations: a.annotations });
  const isFeed = (a: WhiskAction) => getValue(a.annotations, 'feed') !== undefined;
  return {
    ...pkg,
    actions: actions.filter((a) => !isFeed(a)).map(brief),
    feeds: actions.filter(isFeed).map(brief),
  };
}
