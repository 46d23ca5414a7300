/**
 * Reads createApi's parameters as OpenWhisk's createApi action validates them (validateArgs, in its order and
 * with its messages) plus the checks the `wsk` CLI makes before sending (paths begin with `/`, a known verb),
 * into one of two requests: an endpoint (`wsk api create BASE PATH VERB ACTION`) or a whole Swagger document
 * (`wsk api create --config-file`). `apidoc` and `swagger` may each be an object or a JSON string.
 */
import { ApiGwMessages, Messages } from '../../common/errors/messages.js';
import { BadRequestError } from '../../common/errors/whisk-errors.js';
import type { Json, JsonObject } from '../../common/types/entities.js';
import { isWebExtension, WEB_EXTENSIONS } from '../web/web-path.js';
import { API_VERBS, isApiVerb, isObject, type ApiVerb, type SwaggerApi } from './swagger-doc.js';

/** The action as the apidoc names it: `namespace` may be `_`, `name` may carry a package (`pkg/action`). */
export interface ApidocAction {
  namespace: string;
  name: string;
  backendUrl: string;
  secureKey?: Json;
}

export type CreateRequest =
  | {
    kind: 'endpoint';
    basePath: string;
    apiName?: string;
    relPath: string;
    verb: ApiVerb;
    action: ApidocAction;
    responseType: string;
    pathParameters?: Json;
  }
  | { kind: 'swagger'; swagger: SwaggerApi };

export function parseCreateRequest(params: JsonObject): CreateRequest {
  const doc = jsonField(params.apidoc, {
    missing: ApiGwMessages.apidocRequired, unparsable: ApiGwMessages.apidocUnparsable, wrongType: ApiGwMessages.apidocWrongType,
  });
  if (!doc.namespace) throw new BadRequestError(ApiGwMessages.apidocMissing('namespace'));
  if (doc.swagger) {
    if (doc.gatewayBasePath) throw new BadRequestError(ApiGwMessages.swaggerAndBasePath);
    const swagger = jsonField(doc.swagger, {
      missing: ApiGwMessages.swaggerMissing('swagger'), unparsable: ApiGwMessages.swaggerUnparsable, wrongType: ApiGwMessages.swaggerWrongType,
    });
    for (const field of ['basePath', 'paths', 'info']) {
      if (!swagger[field]) throw new BadRequestError(ApiGwMessages.swaggerMissing(field));
    }
    if (typeof swagger.basePath !== 'string' || !swagger.basePath.startsWith('/')) throw new BadRequestError(ApiGwMessages.swaggerBasePathSlash);
    if (!isObject(swagger.paths)) throw new BadRequestError(ApiGwMessages.swaggerMissing('paths'));
    return { kind: 'swagger', swagger: swagger as SwaggerApi };
  }
  for (const field of ['gatewayBasePath', 'gatewayPath', 'gatewayMethod']) {
    if (!doc[field]) throw new BadRequestError(ApiGwMessages.apidocMissing(field));
  }
  const action = doc.action;
  if (!isObject(action)) throw new BadRequestError(ApiGwMessages.apidocMissingAction);
  for (const field of ['backendMethod', 'backendUrl', 'namespace', 'name', 'authkey']) {
    if (!action[field]) throw new BadRequestError(ApiGwMessages.actionMissing(field));
  }
  const basePath = pathField(doc.gatewayBasePath);
  const relPath = pathField(doc.gatewayPath);
  const verb = String(doc.gatewayMethod).toLowerCase();
  if (!isApiVerb(verb)) throw new BadRequestError(ApiGwMessages.invalidVerb(String(doc.gatewayMethod), API_VERBS.map((v) => v.toUpperCase())));
  const responseType = params.responsetype === undefined || params.responsetype === '' ? 'json' : String(params.responsetype);
  if (!isWebExtension(responseType)) throw new BadRequestError(Messages.contentTypeExtensionNotSupported(WEB_EXTENSIONS));
  return {
    kind: 'endpoint',
    basePath,
    ...(typeof doc.apiName === 'string' && doc.apiName ? { apiName: doc.apiName } : {}),
    relPath,
    verb,
    action: {
      namespace: String(action.namespace),
      name: String(action.name),
      backendUrl: String(action.backendUrl),
      ...(action.secureKey !== undefined ? { secureKey: action.secureKey } : {}),
    },
    responseType,
    ...(doc.pathParameters !== undefined ? { pathParameters: doc.pathParameters } : {}),
  };
}

/** `/a/b/` → `/a/b`; `/` stays. One key per base path whatever the trailing slashes. */
export function normalizeBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** `name`, `pkg/name` or `/ns/pkg/name` (as OpenWhisk parses action names in apidocs) → package and action. */
export function splitActionName(name: string): { packageName: string; actionName: string } {
  const fq = name.startsWith('/');
  const parts = name.split('/').filter(Boolean);
  if (parts.length >= 3) return { packageName: parts[1]!, actionName: parts.slice(2).join('/') };
  if (parts.length === 2) return fq ? { packageName: '', actionName: parts[1]! } : { packageName: parts[0]!, actionName: parts[1]! };
  return { packageName: '', actionName: parts[0] ?? '' };
}

function pathField(value: Json | undefined): string {
  const path = String(value);
  if (!path.startsWith('/')) throw new BadRequestError(ApiGwMessages.pathMustBeginWithSlash(path));
  return path;
}

interface FieldMessages {
  missing: string;
  unparsable: string;
  wrongType: (type: string) => string;
}

function jsonField(value: Json | undefined, messages: FieldMessages): JsonObject {
  if (value === undefined || value === null || value === '') throw new BadRequestError(messages.missing);
  if (isObject(value)) return value;
  if (typeof value !== 'string') throw new BadRequestError(messages.wrongType(Array.isArray(value) ? 'object' : typeof value));
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new BadRequestError(messages.unparsable);
  }
  if (!isObject(parsed)) throw new BadRequestError(messages.unparsable);
  return parsed;
}
