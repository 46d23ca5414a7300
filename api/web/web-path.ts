/**
 * Splits a web action URL, `/api/v1/web/{namespace}/{package}/{action}[.{extension}][/more/path]`, as OpenWhisk
 * does: a known extension follows the action name's last `.` (none, or an unknown one, means `http`), `default` is
 * no package, and the path after the action segment is `__ow_path`.
 */
import { Messages } from '../../common/errors/messages.js';
import { NotFoundError } from '../../common/errors/whisk-errors.js';

export const WEB_PREFIX = '/api/v1/web/';
export const WEB_EXTENSIONS = ['json', 'html', 'http', 'svg', 'text'] as const;
export type WebExtension = (typeof WEB_EXTENSIONS)[number];
export const DEFAULT_PACKAGE = 'default';

export interface WebPath {
  /** Percent-encoded, as in the URL. */
  namespace: string;
  packageName: string;
  actionName: string;
  extension: WebExtension;
  /** The path after the action segment (`''` or starting with `/`), percent-encoded. */
  rest: string;
}

export function isWebExtension(value: string): value is WebExtension {
  return (WEB_EXTENSIONS as readonly string[]).includes(value);
}

/**
 * Splits `name.ext` when the segment ends with a known extension; anything else (no `.`, or an unknown suffix such
 * as `a.xml`) is the action's whole name, as `.http` (WhiskWebActionsApi.mediaTranscoderForName, extensions not
 * enforced).
 */
export function splitExtension(segment: string): { actionName: string; extension: WebExtension } {
  const dot = segment.lastIndexOf('.');
  const extension = segment.slice(dot + 1);
  if (dot < 0 || !isWebExtension(extension)) return { actionName: segment, extension: 'http' };
  return { actionName: segment.slice(0, dot), extension };
}

export function parseWebPath(path: string): WebPath {
  if (!path.startsWith(WEB_PREFIX)) throw new NotFoundError(Messages.resourceNotFound);
  const segments = path.slice(WEB_PREFIX.length).split('/');
  const [namespace, packageName, actionSegment] = segments;
  if (!namespace || !packageName || !actionSegment) throw new NotFoundError(Messages.resourceNotFound);
  const rest = segments.length > 3 ? `/${segments.slice(3).join('/')}` : '';
  return { namespace, packageName, ...splitExtension(actionSegment), rest };
}

/** The path the OpenAPI route table matches (`…/{actionName}.{extension}`, always with the extension). */
export function routedWebPath(web: WebPath): string {
  return `${WEB_PREFIX}${web.namespace}/${web.packageName}/${web.actionName}.${web.extension}`;
}
