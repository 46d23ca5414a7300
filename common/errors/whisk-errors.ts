/**
 * The one typed error model. Domain code throws these; only api/http/error-middleware.ts turns them into
 * responses, as OpenWhisk's `{"error": message, "code": tid}`.
 */
export class WhiskError extends Error {
  readonly status: number = 500;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class BadRequestError extends WhiskError { override readonly status = 400; }
export class UnauthorizedError extends WhiskError { override readonly status = 401; }
export class ForbiddenError extends WhiskError { override readonly status = 403; }
export class NotFoundError extends WhiskError { override readonly status = 404; }
export class MethodNotAllowedError extends WhiskError { override readonly status = 405; }
export class ConflictError extends WhiskError { override readonly status = 409; }
export class PayloadTooLargeError extends WhiskError { override readonly status = 413; }
export class TooManyRequestsError extends WhiskError {
  override readonly status = 429;
  constructor(message: string, readonly retryAfterSec = 60) { super(message); }
}
export class InternalError extends WhiskError { override readonly status = 500; }
export class BadGatewayError extends WhiskError { override readonly status = 502; }
export class ServiceUnavailableError extends WhiskError { override readonly status = 503; }

/** Every class above, for the guard test that checks each one is mapped. */
export const ALL_WHISK_ERRORS = [
  BadRequestError, UnauthorizedError, ForbiddenError, NotFoundError, MethodNotAllowedError, ConflictError,
  PayloadTooLargeError, TooManyRequestsError, InternalError, BadGatewayError, ServiceUnavailableError,
] as const;
