/**
 * Turns an agent's answer to /run into an activation response, as OpenWhisk's
 * ActivationResult.processRunResponseContent does (action-runtime-protocol.md, "How the platform classifies"):
 * 200 + object with `error` → application error; 200 + other object or array → success; 200 + null or non-JSON →
 * developer error; any other status → developer error keeping the body's `error`. Oversized results become an
 * application error. `healthy` says whether the container may be reused (not after developer/internal errors).
 */
import { Messages } from '../../common/errors/messages.js';
import type { ActivationResponse, ActivationStatus, Json } from '../../common/types/entities.js';
import { STATUS_CODE } from '../../common/types/entities.js';
import type { AgentResponse } from '../agents/agent-protocol.js';

export interface RunOutcome {
  response: ActivationResponse;
  healthy: boolean;
}

export function activationResponse(status: ActivationStatus, result: Json | undefined, size?: number): ActivationResponse {
  const response: ActivationResponse = { status, statusCode: STATUS_CODE[status], success: status === 'success' };
  if (result !== undefined) response.result = result;
  if (size !== undefined) response.size = size;
  return response;
}

export const developerError = (message: string): ActivationResponse =>
  activationResponse('action developer error', { error: message });

export const internalError = (message: string): ActivationResponse =>
  activationResponse('whisk internal error', { error: message });

export function classifyRun(answer: AgentResponse, payloadMaxBytes: number): RunOutcome {
  const { statusCode, body, rawBody } = answer;
  const size = rawBody ? Buffer.byteLength(rawBody) : undefined;
  if (statusCode !== 200) {
    const error = isObject(body) && body.error !== undefined ? body.error : Messages.runFailedGeneric;
    return { response: activationResponse('action developer error', { error }, size), healthy: false };
  }
  if (size !== undefined && size > payloadMaxBytes) {
    const message = Messages.resultTooLarge(size, payloadMaxBytes, rawBody.slice(0, payloadMaxBytes));
    return { response: activationResponse('application error', { error: message }, size), healthy: true };
  }
  if (isObject(body)) {
    // OpenWhisk keeps only the error field of an application error (ActivationResult.scala).
    if (body.error !== undefined) return { response: activationResponse('application error', { error: body.error }, size), healthy: true };
    return { response: activationResponse('success', body, size), healthy: true };
  }
  if (Array.isArray(body)) return { response: activationResponse('success', body, size), healthy: true };
  const shown = body === undefined ? rawBody : JSON.stringify(body);
  return { response: developerError(Messages.invalidRunResponse(shown)), healthy: false };
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
