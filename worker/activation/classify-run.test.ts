import { Messages } from '../../common/errors/messages.js';
import type { ActivationResponse } from '../../common/types/entities.js';
import type { AgentResponse } from '../agents/agent-protocol.js';
import { activationResponse, classifyRun, developerError, internalError } from './classify-run.js';

const LIMIT = 64;

/** An agent answer as the proxy hands it over: parsed body when the text is JSON, else undefined. */
function answer(statusCode: number, rawBody: string): AgentResponse {
  let body: AgentResponse['body'];
  try { body = JSON.parse(rawBody); } catch { body = undefined; }
  return { statusCode, body, rawBody };
}

const size = (raw: string) => Buffer.byteLength(raw);

describe('classifyRun (action-runtime-protocol.md, "How the platform classifies")', () => {
  it.each<{ name: string; statusCode: number; raw: string; response: ActivationResponse; healthy: boolean }>([
    {
      name: '200 object → success',
      statusCode: 200, raw: '{"greeting":"hi"}',
      response: { status: 'success', statusCode: 0, success: true, result: { greeting: 'hi' }, size: 17 },
      healthy: true,
    },
    {
      name: '200 empty object (nodejs returning undefined) → success',
      statusCode: 200, raw: '{}',
      response: { status: 'success', statusCode: 0, success: true, result: {}, size: 2 },
      healthy: true,
    },
    {
      name: '200 {error} → application error',
      statusCode: 200, raw: '{"error":"bad input"}',
      response: { status: 'application error', statusCode: 1, success: false, result: { error: 'bad input' }, size: 21 },
      healthy: true,
    },
    {
      name: '200 {error: object} → application error keeping the object',
      statusCode: 200, raw: '{"error":{"code":42}}',
      response: { status: 'application error', statusCode: 1, success: false, result: { error: { code: 42 } }, size: 21 },
      healthy: true,
    },
    {
      name: '200 {error: null} → application error (the field is present)',
      statusCode: 200, raw: '{"error":null}',
      response: { status: 'application error', statusCode: 1, success: false, result: { error: null }, size: 14 },
      healthy: true,
    },
    {
      name: '200 array → success',
      statusCode: 200, raw: '[1,{"a":2}]',
      response: { status: 'success', statusCode: 0, success: true, result: [1, { a: 2 }], size: 11 },
      healthy: true,
    },
    {
      name: '200 empty array → success',
      statusCode: 200, raw: '[]',
      response: { status: 'success', statusCode: 0, success: true, result: [], size: 2 },
      healthy: true,
    },
    {
      name: '200 null → developer error',
      statusCode: 200, raw: 'null',
      response: developerError('The action did not produce a valid JSON or JSON Array response: null'),
      healthy: false,
    },
    {
      name: '200 non-JSON → developer error showing the text',
      statusCode: 200, raw: 'hello world',
      response: developerError('The action did not produce a valid JSON or JSON Array response: hello world'),
      healthy: false,
    },
    {
      name: '200 JSON string → developer error',
      statusCode: 200, raw: '"just a string"',
      response: developerError('The action did not produce a valid JSON or JSON Array response: "just a string"'),
      healthy: false,
    },
    {
      name: '200 JSON number → developer error',
      statusCode: 200, raw: '42',
      response: developerError('The action did not produce a valid JSON or JSON Array response: 42'),
      healthy: false,
    },
    {
      name: '200 empty body → developer error',
      statusCode: 200, raw: '',
      response: developerError('The action did not produce a valid JSON or JSON Array response.'),
      healthy: false,
    },
    {
      name: '502 {error: x} → developer error keeping x',
      statusCode: 502, raw: '{"error":"An error has occurred: Error: kaput"}',
      response: {
        status: 'action developer error', statusCode: 2, success: false,
        result: { error: 'An error has occurred: Error: kaput' }, size: 47,
      },
      healthy: false,
    },
    {
      name: '502 {error: object} → developer error keeping the object, dropping other fields',
      statusCode: 502, raw: '{"error":{"why":"x"},"other":1}',
      response: { status: 'action developer error', statusCode: 2, success: false, result: { error: { why: 'x' } }, size: 31 },
      healthy: false,
    },
    {
      name: '403 (nodejs refusing a second run) → developer error',
      statusCode: 403, raw: '{"error":"System not ready, status is stopped."}',
      response: {
        status: 'action developer error', statusCode: 2, success: false,
        result: { error: 'System not ready, status is stopped.' }, size: 48,
      },
      healthy: false,
    },
    {
      name: '400 actionloop "command exited" (non-JSON) → developer error',
      statusCode: 400, raw: 'command exited',
      response: {
        status: 'action developer error', statusCode: 2, success: false, result: { error: Messages.runFailedGeneric }, size: 14,
      },
      healthy: false,
    },
    {
      name: '500 without an error field → developer error',
      statusCode: 500, raw: '{"message":"no action defined yet"}',
      response: {
        status: 'action developer error', statusCode: 2, success: false, result: { error: Messages.runFailedGeneric }, size: 35,
      },
      healthy: false,
    },
  ])('$name', ({ statusCode, raw, response, healthy }) => {
    expect(classifyRun(answer(statusCode, raw), LIMIT)).toEqual({ response, healthy });
  });

  it.each([
    { name: 'an object', raw: JSON.stringify({ data: 'x'.repeat(100) }) },
    { name: 'an {error} object', raw: JSON.stringify({ error: 'y'.repeat(100) }) },
    { name: 'non-JSON text', raw: 'z'.repeat(100) },
  ])('turns an oversized 200 result ($name) into an application error with the truncation message', ({ raw }) => {
    const { response, healthy } = classifyRun(answer(200, raw), LIMIT);
    expect(response).toEqual({
      status: 'application error', statusCode: 1, success: false, size: size(raw),
      result: {
        error: `The action produced a response that exceeded the allowed length: ${size(raw)} > ${LIMIT} bytes. `
          + `The truncated response was: ${raw.slice(0, LIMIT)}`,
      },
    });
    expect(response.result).toEqual({ error: Messages.resultTooLarge(size(raw), LIMIT, raw.slice(0, LIMIT)) });
    expect(healthy).toBe(true); // the container itself is fine
  });

  it('accepts a result of exactly the limit', () => {
    const raw = JSON.stringify({ d: 'x'.repeat(LIMIT - 8) });
    expect(size(raw)).toBe(LIMIT);
    expect(classifyRun(answer(200, raw), LIMIT).response.status).toBe('success');
  });

  it('measures the size in bytes, not characters', () => {
    const raw = JSON.stringify({ d: 'é'.repeat(30) }); // 38 characters, 68 bytes
    expect(raw.length).toBeLessThanOrEqual(LIMIT);
    expect(classifyRun(answer(200, raw), LIMIT).response.status).toBe('application error');
  });

  it('has no size when the agent gave no raw body (simulation backend)', () => {
    expect(classifyRun({ statusCode: 200, body: { ok: true }, rawBody: '' }, LIMIT)).toEqual({
      response: { status: 'success', statusCode: 0, success: true, result: { ok: true } },
      healthy: true,
    });
  });

  // BUG (compatibility): OpenWhisk's applicationError(error) records only `{error: <value>}` as the result
  // (ActivationResult.scala: `error(code, errorValue) = ActivationResponse(code, Some(JsObject(ERROR_FIELD -> errorValue)))`);
  // classify-run.ts keeps the whole object, so other fields the action returned leak into the result.
  it('records only the error field of a 200 {error, …} result, as OpenWhisk does', () => {
    const { response } = classifyRun(answer(200, '{"error":"bad","detail":{"line":3}}'), LIMIT);
    expect(response.status).toBe('application error');
    expect(response.result).toEqual({ error: 'bad' });
  });
});

describe('activation response builders', () => {
  it.each([
    { build: () => developerError('m'), status: 'action developer error', statusCode: 2 },
    { build: () => internalError('m'), status: 'whisk internal error', statusCode: 3 },
    { build: () => activationResponse('application error', { error: 'm' }), status: 'application error', statusCode: 1 },
  ])('$status has status code $statusCode and is not a success', ({ build, status, statusCode }) => {
    expect(build()).toEqual({ status, statusCode, success: false, result: { error: 'm' } });
  });

  it('marks only status 0 as success and omits absent result and size', () => {
    expect(activationResponse('success', undefined)).toEqual({ status: 'success', statusCode: 0, success: true });
    expect(activationResponse('success', {}, 2)).toEqual({ status: 'success', statusCode: 0, success: true, result: {}, size: 2 });
  });
});
