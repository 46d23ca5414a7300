/**
 * Turns a web action's activation into its HTTP response, by extension (OpenWhisk's WebActions transcoders):
 * `.json` the (projected) result as JSON; `.html`, `.svg`, `.text` the (projected, by default `html`, `svg`,
 * `text`) string field with its media type; `.http` the result's `statusCode`, `headers` and `body` (a base64
 * body is decoded for binary media types). An application error projects `error` instead and answers 400 for
 * every extension but `.http` (where the error object is the response); any other failure is 400
 * "There was an error processing your request."
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, NotFoundError } from '../../common/errors/whisk-errors.js';
import type { ActivationRecord, Json, JsonObject } from '../../common/types/entities.js';
import type { HandlerResult } from '../http/handler-result.js';
import { isTextMediaType, mediaType } from './web-body.js';
import type { WebExtension } from './web-path.js';

const SUCCESS = 0;
const APPLICATION_ERROR = 1;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const STRING_MEDIA: Record<'html' | 'svg' | 'text', string> = {
  html: 'text/html; charset=UTF-8',
  svg: 'image/svg+xml',
  text: 'text/plain; charset=UTF-8',
};

/** The projection a path after the extension asks for (`/body/name` → ['body', 'name']). */
export function projectionOf(extension: WebExtension, path: string): string[] {
  const fields = path.split('/').filter(Boolean).map((f) => decodeURIComponent(f));
  if (fields.length > 0 || extension === 'json' || extension === 'http') return fields;
  return [extension];
}

export function webResponse(record: ActivationRecord, extension: WebExtension, projection: string[]): HandlerResult {
  const code = record.response.statusCode;
  if (code !== SUCCESS && code !== APPLICATION_ERROR) throw new BadRequestError(Messages.errorProcessingRequest);
  const result = record.response.result ?? {};
  if (code === APPLICATION_ERROR && extension === 'json') return jsonResponse(400, result);
  const value = code === SUCCESS ? project(result, extension === 'http' ? [] : projection) : project(result, ['error']);
  if (value === undefined) throw new NotFoundError(Messages.propertyNotFound);
  const status = code === SUCCESS ? 200 : 400;
  switch (extension) {
    case 'json':
      if (value === null || typeof value !== 'object') throw new BadRequestError(Messages.invalidMedia('application/json'));
      return jsonResponse(status, value);
    case 'http':
      return httpResponse(value);
    default:
      if (typeof value !== 'string') throw new BadRequestError(Messages.invalidMedia(mediaType(STRING_MEDIA[extension])));
      return { status, text: value, headers: { 'content-type': STRING_MEDIA[extension] } };
  }
}

function project(value: Json, fields: string[]): Json | undefined {
  let at: Json | undefined = value;
  for (const field of fields) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as JsonObject)[field];
  }
  return at;
}

function jsonResponse(status: number, value: Json): HandlerResult {
  return { status, text: JSON.stringify(value), headers: { 'content-type': 'application/json' } };
}

function httpResponse(value: Json): HandlerResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BadRequestError(Messages.invalidMedia('message/http'));
  const { statusCode, headers, body } = value as { statusCode?: Json; headers?: Json; body?: Json };
  const out = responseHeaders(headers);
  const hasBody = body !== undefined && body !== null && body !== '';
  const status = statusCode === undefined ? (hasBody ? 200 : 204) : Number(statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new BadRequestError(Messages.invalidMedia('message/http'));
  if (!hasBody) return { status, headers: out };
  if (typeof body === 'object') {
    out['content-type'] ??= 'application/json';
    return { status, text: JSON.stringify(body), headers: out };
  }
  const text = String(body);
  const type = (out['content-type'] ??= 'text/html; charset=UTF-8');
  if (isTextMediaType(type)) return { status, text, headers: out };
  if (!BASE64.test(text.replace(/\s/g, ''))) throw new BadRequestError(Messages.httpContentTypeError);
  return { status, text: Buffer.from(text, 'base64'), headers: out };
}

function responseHeaders(headers: Json | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === null || typeof value === 'object') continue;
    out[name.toLowerCase()] = String(value);
  }
  return out;
}
