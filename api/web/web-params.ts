/**
 * A web action's request parameters, OpenWhisk's way: the query, then the body (a JSON object or a form is merged;
 * any other body is `__ow_body`, base64 when binary), plus `__ow_method`, `__ow_headers` and `__ow_path`. With
 * `raw-http: true` the query and body are not parsed: `__ow_query` and `__ow_body` carry them as sent. Requests may
 * not set `__ow_*` themselves. The action's own parameters (and `final`) are merged by invokeAction.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError } from '../../common/errors/whisk-errors.js';
import type { JsonObject } from '../../common/types/entities.js';
import { isTextMediaType, mediaType } from './web-body.js';

export interface WebRequest {
  method: string;
  headers: IncomingHttpHeaders;
  /** The raw query string, without `?`. */
  query: string;
  body: Buffer;
  /** The path after the action segment. */
  path: string;
}

const RESERVED_PREFIX = '__ow_';

export function webParameters(request: WebRequest, rawHttp: boolean): JsonObject {
  const context: JsonObject = {
    __ow_method: request.method.toLowerCase(),
    __ow_headers: lowercaseHeaders(request.headers),
    __ow_path: request.path,
  };
  if (rawHttp) {
    const raw: JsonObject = { ...context, __ow_query: request.query };
    if (request.body.length > 0) raw.__ow_body = bodyAsString(request.body, request.headers['content-type']);
    return raw;
  }
  return { ...unreserved(queryObject(request.query)), ...bodyParameters(request.body, request.headers['content-type']), ...context };
}

function unreserved(params: JsonObject): JsonObject {
  if (Object.keys(params).some((key) => key.startsWith(RESERVED_PREFIX))) throw new BadRequestError(Messages.parametersNotAllowed);
  return params;
}

function lowercaseHeaders(headers: IncomingHttpHeaders): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function queryObject(query: string): JsonObject {
  return query ? ({ ...parseQuery(query) } as JsonObject) : {};
}

function bodyAsString(body: Buffer, contentType: string | undefined): string {
  return isTextMediaType(contentType) ? body.toString('utf8') : body.toString('base64');
}

function bodyParameters(body: Buffer, contentType: string | undefined): JsonObject {
  if (body.length === 0) return {};
  const type = mediaType(contentType);
  if (type === 'application/json' || type.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new BadRequestError(Messages.requestContentMalformed((err as Error).message));
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return unreserved(parsed as JsonObject);
    return { __ow_body: body.toString('utf8') };
  }
  if (type === 'application/x-www-form-urlencoded') return unreserved(queryObject(body.toString('utf8')));
  return { __ow_body: bodyAsString(body, contentType) };
}
