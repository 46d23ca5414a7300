/**
 * Guard (STYLE §4, §7): every WhiskError class maps through errorToResult to its own status with OpenWhisk's body
 * `{error, code}`; anything else is a generic 500 that never shows the stack; TooManyRequests sets retry-after.
 * The express flavour (createErrorMiddleware) answers the same.
 */
import type { Request, Response } from 'express';
import { Messages } from '../../common/errors/messages';
import {
  ALL_WHISK_ERRORS, BadGatewayError, BadRequestError, ConflictError, ForbiddenError, InternalError, MethodNotAllowedError,
  NotFoundError, PayloadTooLargeError, ServiceUnavailableError, TooManyRequestsError, UnauthorizedError, WhiskError,
} from '../../common/errors/whisk-errors';
import { silentLogger } from '../../common/log';
import { createErrorMiddleware, errorToResult } from './error-middleware';

/** The statuses STYLE §4 assigns (OpenWhisk's): a new class must be added here, and so be checked. */
const EXPECTED_STATUS = new Map<Function, number>([
  [BadRequestError, 400],
  [UnauthorizedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [MethodNotAllowedError, 405],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [TooManyRequestsError, 429],
  [InternalError, 500],
  [BadGatewayError, 502],
  [ServiceUnavailableError, 503],
]);

const TID = 'tid-0123';

describe('error mapping', () => {
  it('lists every error class exactly once, each with its expected status', () => {
    expect(new Set(ALL_WHISK_ERRORS).size).toBe(ALL_WHISK_ERRORS.length);
    expect([...ALL_WHISK_ERRORS].sort((a, b) => a.name.localeCompare(b.name)))
      .toEqual([...EXPECTED_STATUS.keys()].sort((a, b) => a.name.localeCompare(b.name)));
  });

  it.each(ALL_WHISK_ERRORS.map((cls) => [cls.name, cls] as const))('maps %s to its status with {error, code}', (_name, cls) => {
    const err = new cls('something specific went wrong');
    expect(err).toBeInstanceOf(WhiskError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe(cls.name);
    const result = errorToResult(err, TID, silentLogger);
    expect(result.status).toBe(EXPECTED_STATUS.get(cls));
    expect(result.status).toBe(err.status);
    expect(result.body).toEqual({ error: 'something specific went wrong', code: TID });
    expect(result.text).toBeUndefined();
  });

  it('keeps the message of a WhiskError that wraps a cause, without the cause', () => {
    const result = errorToResult(new InternalError('docker create failed', { cause: new Error('socket hang up') }), TID, silentLogger);
    expect(result).toEqual(expect.objectContaining({ status: 500, body: { error: 'docker create failed', code: TID } }));
    expect(JSON.stringify(result.body)).not.toContain('socket hang up');
  });

  it.each<[string, unknown]>([
    ['an Error', new Error('secret internal detail')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a URIError', new URIError('URI malformed')],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
    ['an object with a status', { status: 404, message: 'not really' }],
  ])('maps %s to a generic 500 without the stack', (_what, thrown) => {
    const result = errorToResult(thrown, TID, silentLogger);
    expect(result.status).toBe(500);
    expect(result.body).toEqual({ error: Messages.internalError, code: TID });
    expect(result.body).toEqual({ error: 'The server encountered an internal error.', code: TID });
    const text = JSON.stringify(result.body);
    expect(text).not.toMatch(/secret internal detail|reading 'x'|URI malformed|\bat\s.+:\d+:\d+/);
    expect(result.headers?.['retry-after']).toBeUndefined();
  });

  it('logs an unknown error with its stack at error level', () => {
    const logged: unknown[] = [];
    const log = { ...silentLogger, error: (obj: unknown) => logged.push(obj), debug: () => undefined } as unknown as typeof silentLogger;
    const err = new Error('kept for the log');
    errorToResult(err, TID, log);
    expect(logged).toEqual([expect.objectContaining({ tid: TID, err })]);
  });

  it('sets retry-after for TooManyRequestsError (default and given)', () => {
    const byDefault = errorToResult(new TooManyRequestsError('Too many requests in the last minute (count: 61, allowed: 60).'), TID, silentLogger);
    expect(byDefault.status).toBe(429);
    expect(byDefault.headers).toEqual({ 'retry-after': '60' });
    expect(byDefault.body).toEqual({ error: 'Too many requests in the last minute (count: 61, allowed: 60).', code: TID });
    const given = errorToResult(new TooManyRequestsError('slow down', 7), TID, silentLogger);
    expect(given.headers).toEqual({ 'retry-after': '7' });
  });

  it.each(ALL_WHISK_ERRORS.filter((cls) => cls !== TooManyRequestsError).map((cls) => [cls.name, cls] as const))(
    'sets no retry-after for %s', (_name, cls) => {
      expect(errorToResult(new cls('x'), TID, silentLogger).headers?.['retry-after']).toBeUndefined();
    },
  );

  describe('express middleware', () => {
    function run(err: unknown, ctx?: { tid: string }) {
      const sent: { status?: number; headers?: Record<string, string>; body?: unknown } = {};
      const res = {
        status(code: number) { sent.status = code; return res; },
        set(headers: Record<string, string>) { sent.headers = headers; return res; },
        json(body: unknown) { sent.body = body; return res; },
      } as unknown as Response;
      const req = (ctx ? { ctx: { tid: ctx.tid, log: silentLogger } } : {}) as unknown as Request;
      createErrorMiddleware(silentLogger)(err, req, res, () => undefined);
      return sent;
    }

    it.each(ALL_WHISK_ERRORS.map((cls) => [cls.name, cls] as const))('answers %s with its status and {error, code}', (_name, cls) => {
      const sent = run(new cls('from express'), { tid: TID });
      expect(sent.status).toBe(EXPECTED_STATUS.get(cls));
      expect(sent.body).toEqual({ error: 'from express', code: TID });
      expect(sent.headers).toEqual(cls === TooManyRequestsError ? { 'retry-after': '60' } : {});
    });

    it('answers an unknown error with the generic 500 and a code even without a request context', () => {
      const sent = run(new Error('stack me'));
      expect(sent.status).toBe(500);
      expect(sent.body).toEqual({ error: Messages.internalError, code: expect.any(String) });
      expect(JSON.stringify(sent.body)).not.toContain('stack me');
    });
  });
});
