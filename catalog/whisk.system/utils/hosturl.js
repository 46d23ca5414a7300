/**
 * /whisk.system/utils/hosturl: the URL that activates an action, a web action or a trigger of the caller's
 * namespace on this platform (__OW_API_HOST).
 *   path     `action` or `package/action` (a trigger: its name); none → the collection's URL
 *   web      true: the web action URL, `default/` before an action outside any package, `ext` appended
 *   ext      web only: one of .html .http .json .svg .text
 *   trigger  true: a trigger's URL instead of an action's (not with `web`, not in a package)
 */
const WEB_EXTENSIONS = ['.html', '.http', '.json', '.svg', '.text'];

function main(params) {
  const host = process.env.__OW_API_HOST;
  const namespace = process.env.__OW_NAMESPACE;
  const web = params.web === true;
  const trigger = params.trigger === true;
  const path = typeof params.path === 'string' && params.path.length > 0 ? params.path : undefined;
  if (web && trigger) return { error: 'triggers are not allowed for web actions.' };
  if (web && params.ext && !WEB_EXTENSIONS.includes(params.ext)) {
    return { error: 'extension for web action must be one of [' + WEB_EXTENSIONS.map((e) => '"' + e + '"').join(', ') + '].' };
  }
  if (trigger && path && path.includes('/')) return { error: 'triggers are not allowed in packages.' };

  const base = web
    ? host + '/api/v1/web/' + namespace
    : host + '/api/v1/namespaces/' + namespace + '/' + (trigger ? 'triggers' : 'actions');
  if (!path) return { url: base };
  if (!web) return { url: base + '/' + path };
  const webPath = path.includes('/') ? path : 'default/' + path;
  return { url: base + '/' + webPath + (params.ext || '') };
}
