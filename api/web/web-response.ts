/**
 * Turns a web action's activation into its HTTP response, by extension (OpenWhisk's WhiskWebActionsApi
 * transcoders). The value shaped is the result on success, its `error` field on an application error (404
 * "Response does not include requested property." when there is none); any other failure is 400 "There was an
 * error processing your request.".
 *
 *   .json  an object or array, 200 (else 400 invalid 'application/json')
 *   .html  the `body` (else `html`) field, a string, 200 text/html (else 400 invalid 'text/html'); .svg likewise
 *   .text  the `body` (else `text`) field (404 when neither), any JSON value as text, 200 text/plain
 *   .http  `statusCode`, `headers`, `body`: a string body is text (text/html by default) or base64 for binary
 *          media types; any other JSON body is JSON (application/json or another `+json` type); no body → 204
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { ActivationRecord, Json, JsonObject } from '../../common/types/entities.js';
import type { HandlerResult } from '../http/handler-result.js';
import { isJsonFamily, isTextMediaType, mediaType } from './web-body.js';
import type { WebExtension } from './web-path.js';

const SUCCESS = 0;
const APPLICATION_ERROR = 1;
/** Exec.isBinaryCode: what a JSON-typed string body must look like to be decoded as base64. */
const BASE64 = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/;
const HTML = 'text/html; charset=UTF-8';

export function webResponse(record: ActivationRecord, extension: WebExtension): HandlerResult {
  const code = record.response.statusCode;
  if (code !== SUCCESS && code !== APPLICATION_ERROR) throw new BadRequestError(Messages.errorProcessingRequest);
  const result = record.response.result ?? {};
  const value = code === SUCCESS ? result : isObject(result) ? result.error : undefined;
  if (value === undefined) throw new NotFoundError(Messages.propertyNotFound);
  switch (extension) {
    case 'json':
      if (value === null || typeof value !== 'object') throw new BadRequestError(Messages.invalidMedia('application/json'));
      return { status: 200, text: JSON.stringify(value, null, 2), headers: { 'content-type': 'application/json' } };
    case 'html':
      return stringField(value, 'html', HTML, 'text/html');
    case 'svg':
      return stringField(value, 'svg', 'image/svg+xml', 'image/svg+xml');
    case 'text':
      return textField(value);
    case 'http':
      return httpResponse(value);
  }
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `body`, else the extension's own field, of an object result (null when neither); a non-object is itself. */
function field(value: Json, name: string): Json | undefined {
  if (!isObject(value)) return value;
  return 'body' in value ? value.body : name in value ? value[name] : undefined;
}

function stringField(value: Json, name: string, contentType: string, media: string): HandlerResult {
  const chosen = field(value, name);
  if (typeof chosen !== 'string') throw new BadRequestError(Messages.invalidMedia(media));
  return { status: 200, text: chosen, headers: { 'content-type': contentType } };
}

function textField(value: Json): HandlerResult {
  const chosen = field(value, 'text');
  if (chosen === undefined) throw new NotFoundError(Messages.propertyNotFound);
  const text = typeof chosen === 'string' ? chosen : chosen !== null && typeof chosen === 'object' ? JSON.stringify(chosen, null, 2) : String(chosen);
  return { status: 200, text, headers: { 'content-type': 'text/plain; charset=UTF-8' } };
}

function httpResponse(value: Json): HandlerResult {
  if (!isObject(value)) throw new BadRequestError(Messages.invalidMedia('message/http'));
  const headers = responseHeaders(value.headers);
  const status = statusCodeOf(value.statusCode);
  const body = value.body;
  const contentType = headers.get('content-type');
  const out = headers.without('content-type');
  if (body === undefined || body === null || body === '') return { status: status ?? 204, headers: out };
  if (typeof body === 'string') return stringBody(status ?? 200, contentType, body, out);
  // Any other JSON value is answered as JSON, in application/json or another type of the JSON family.
  const type = contentType === undefined ? 'application/json' : MEDIA_TYPE.test(contentType) ? mediaType(contentType) : '';
  if (!isJsonFamily(type)) throw new BadRequestError(Messages.httpContentTypeError);
  const text = type === 'application/json' ? JSON.stringify(body) : JSON.stringify(body, null, 2);
  return { status: status ?? 200, text, headers: { ...out, 'content-type': type === 'application/json' ? type : `${type}; charset=UTF-8` } };
}

function stringBody(status: number, contentType: string | undefined, body: string, headers: Record<string, string | string[]>): HandlerResult {
  const given = contentType ?? 'text/html';
  if (!MEDIA_TYPE.test(given)) throw new BadRequestError(Messages.httpUnknownContentType);
  const type = mediaType(given);
  const textual = isTextMediaType(given);
  // Legacy: a JSON-typed body that looks like base64 is decoded (WebActions.scala keeps this for old actions).
  if (textual && !(isJsonFamily(type) && BASE64.test(body.trim()) && body.trim().length % 4 === 0)) {
    return { status, text: body, headers: { ...headers, 'content-type': withCharset(given) } };
  }
  if (!BASE64.test(body)) throw new BadRequestError(Messages.httpContentTypeError);
  return { status, text: Buffer.from(body, 'base64'), headers: { ...headers, 'content-type': given } };
}

function withCharset(contentType: string): string {
  return /;\s*charset=/i.test(contentType) ? contentType : `${contentType}; charset=UTF-8`;
}

/** `statusCode` as a whole number or an integer string (400 for anything else, null included). */
function statusCodeOf(code: Json | undefined): number | undefined {
  if (code === undefined) return undefined;
  const n = typeof code === 'number' ? code : typeof code === 'string' && /^[+-]?\d+$/.test(code) ? Number(code) : NaN;
  if (!Number.isInteger(n) || n < 100 || n > 599) throw new BadRequestError(Messages.invalidMedia('message/http'));
  return n;
}

interface ResponseHeaders {
  get(name: string): string | undefined;
  without(name: string): Record<string, string | string[]>;
}

/** Header values may be strings, numbers, booleans or arrays of those (sent once each); anything else → 400. */
function responseHeaders(headers: Json | undefined): ResponseHeaders {
  if (headers !== undefined && !isObject(headers)) throw new BadRequestError(Messages.invalidMedia('message/http'));
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const values = (Array.isArray(value) ? value : [value]).map(headerValue);
    out[name.toLowerCase()] = Array.isArray(value) ? values : values[0]!;
  }
  return {
    get: (name) => {
      const v = out[name];
      return Array.isArray(v) ? v[v.length - 1] : v;
    },
    without: (name) => {
      const { [name]: _dropped, ...rest } = out;
      return rest;
    },
  };
}

function headerValue(value: Json): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new BadRequestError(Messages.invalidMedia('message/http'));
}
