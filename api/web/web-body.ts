/**
 * Web action request bodies are whatever the caller sends (JSON, forms, text, binary): they are read raw
 * (api/http/read-body.ts, same 413 limit as the REST API) and classified here as text or binary.
 */

/** Media types whose bodies are text; anything else is binary (passed and answered base64-encoded). */
export function isTextMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '' || type.startsWith('text/')) return true;
  return /^application\/(json|xml|javascript|x-www-form-urlencoded|graphql)$/.test(type) || /\+(json|xml)$/.test(type) || type === 'image/svg+xml';
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
