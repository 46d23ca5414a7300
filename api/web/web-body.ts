/**
 * Web action request bodies are whatever the caller sends (JSON, forms, text, binary): they are read raw
 * (api/http/read-body.ts, same 413 limit as the REST API) and classified here as text or binary, close to akka-http's
 * media types (OpenWhisk's): text/*, the registered textual application types, and any type that names a charset.
 */

const TEXT_APPLICATION_TYPES = new Set([
  'application/json', 'application/javascript', 'application/x-www-form-urlencoded', 'application/xml',
  'application/xhtml+xml', 'application/atom+xml', 'application/rss+xml', 'application/soap+xml', 'application/graphql',
]);

/** Media types whose bodies are text; anything else is binary (passed and answered base64-encoded). */
export function isTextMediaType(contentType: string | undefined): boolean {
  const type = mediaType(contentType);
  if (type === '' || type.startsWith('text/') || TEXT_APPLICATION_TYPES.has(type)) return true;
  return /\+json$/.test(type) || type === 'image/svg+xml' || /;\s*charset=/i.test(contentType ?? '');
}

/** JSON and its `+json` family (WhiskWebActionsApi.isJsonFamily). */
export function isJsonFamily(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
