/**
 * A web action's request parameters, OpenWhisk's way: the query, then the body (a JSON object or a form is merged;
 * any other body is `__ow_body`, base64 when binary), plus `__ow_method`, `__ow_headers`, `__ow_path` and, for a
 * request with valid credentials, `__ow_user`. With `raw-http: true` the query and body are not parsed:
 * `__ow_query` and `__ow_body` carry them as sent. Requests may not set the reserved `__ow_*` names themselves
 * (WebActions.scala Context). The action's own parameters (and `final`) are merged by invokeAction.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError } from '../../common/errors/whisk-errors.js';
import type { Json, JsonObject } from '../../common/types/entities.js';
import { isJsonFamily, isTextMediaType, mediaType } from './web-body.js';

export interface WebRequest {
  method: string;
  headers: IncomingHttpHeaders;
  /** The raw query string, without `?`. */
  query: string;
  body: Buffer;
  /** The path after the action segment. */
  path: string;
}

/** The request may not set these (WebApiDirectives.reservedProperties); other `__ow_` names are ordinary. */
const RESERVED = new Set(['__ow_method', '__ow_headers', '__ow_path', '__ow_user', '__ow_query', '__ow_body']);

/** `user`: the namespace of the subject whose valid Basic credentials came with the request (`__ow_user`). */
export function webParameters(request: WebRequest, rawHttp: boolean, user?: string): JsonObject {
  const context: JsonObject = {
    __ow_method: request.method.toLowerCase(),
    __ow_headers: lowercaseHeaders(request.headers),
    __ow_path: request.path,
  };
  if (user !== undefined) context.__ow_user = user;
  if (rawHttp) {
    // Raw: the query unparsed, the body as received (base64 when binary or JSON), '' when there is none.
    return { ...context, __ow_query: request.query, __ow_body: bodyAsString(request.body, request.headers['content-type']) };
  }
  return { ...context, ...unreserved(queryObject(request.query)), ...bodyParameters(request.body, request.headers['content-type']) };
}

function unreserved(params: JsonObject): JsonObject {
  if (Object.keys(params).some((key) => RESERVED.has(key))) throw new BadRequestError(Messages.parametersNotAllowed);
  return params;
}

function lowercaseHeaders(headers: IncomingHttpHeaders): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Query values are strings; a repeated key keeps its last value (akka's Query.toMap). */
function queryObject(query: string): JsonObject {
  const out: JsonObject = {};
  if (!query) return out;
  for (const [key, value] of Object.entries(parseQuery(query))) {
    out[key] = Array.isArray(value) ? value[value.length - 1] ?? '' : value ?? '';
  }
  return out;
}

/** As OpenWhisk: base64 for binary media types and for `application/json` itself; text otherwise. */
function bodyAsString(body: Buffer, contentType: string | undefined): string {
  return mediaType(contentType) === 'application/json' || !isTextMediaType(contentType) ? body.toString('base64') : body.toString('utf8');
}

/**
 * A JSON object or a form is merged; any other JSON value (array, string, null) is `__ow_body` as parsed; any other
 * body is `__ow_body` as a string (base64 when binary).
 */
function bodyParameters(body: Buffer, contentType: string | undefined): JsonObject {
  if (body.length === 0) return {};
  const type = mediaType(contentType);
  if (isJsonFamily(type)) {
    let parsed: Json;
    try {
      parsed = JSON.parse(body.toString('utf8')) as Json;
    } catch (err) {
      throw new BadRequestError(Messages.requestContentMalformed((err as Error).message));
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return unreserved(parsed);
    return { __ow_body: parsed };
  }
  if (type === 'application/x-www-form-urlencoded') return unreserved(queryObject(body.toString('utf8')));
  return { __ow_body: bodyAsString(body, contentType) };
}
