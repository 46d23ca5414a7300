/** OpenWhisk's CORS headers for web actions (added unless the action is annotated `web-custom-options: true`). */
import type { IncomingHttpHeaders } from 'node:http';

export const CORS_ALLOW_METHODS = 'OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH';
export const CORS_DEFAULT_ALLOW_HEADERS =
  'Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent';

export function corsHeaders(request: IncomingHttpHeaders): Record<string, string> {
  const asked = request['access-control-request-headers'];
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': CORS_ALLOW_METHODS,
    'access-control-allow-headers': typeof asked === 'string' && asked ? asked : CORS_DEFAULT_ALLOW_HEADERS,
  };
}
