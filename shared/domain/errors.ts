/**
 * Typed domain errors. Handlers never build HTTP errors themselves: one middleware
 * (`shared/http/problem.ts`) maps these to RFC 9457 problem+json responses.
 */
export interface FieldIssue {
  /** Where the field is; the request body when omitted. */
  in?: 'body' | 'query' | 'path' | 'header';
  /** The path of the offending field, e.g. `["answers", "screen"]`. */
  path: (string | number)[];
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** A short, stable title for the kind of problem. */
  abstract readonly title: string;
  /** Extra members of the problem document, e.g. `currentState`. */
  readonly extensions: Record<string, unknown>;
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(detail);
    this.extensions = extensions;
  }
}

/** The request is malformed: wrong types, missing fields, unknown options (400). */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly status = 400;
  readonly title = 'Invalid request';
  constructor(detail: string, readonly issues: FieldIssue[] = []) {
    super(detail);
  }
}

/** The thing does not exist, or the caller may not know that it does (404). */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  readonly title = 'Not found';
}

/** The request is valid but clashes with the current state of the resource (409). */
export class ConflictError extends DomainError {
  override readonly name: string = 'ConflictError';
  readonly status = 409;
  readonly title: string = 'Conflict';
}

/**
 * Another writer changed the resource between our read and our write, so nothing was written
 * (409 when it reaches a client). Reading afresh and trying again may well succeed: the other
 * change may have been one that does not matter here, such as an e-mail noted on the timeline.
 */
export class ConcurrentChangeError extends ConflictError {}

/** The request is well-formed but a business rule refuses it (422). */
export class UnprocessableError extends DomainError {
  override readonly name: string = 'UnprocessableError';
  readonly status = 422;
  readonly title: string = 'Unprocessable request';
  constructor(detail: string, readonly issues: FieldIssue[] = [], extensions: Record<string, unknown> = {}) {
    super(detail, extensions);
  }
}

/**
 * The caller asked for more than a limit allows in a period (429). `retryAfter` is the number of
 * seconds until the request may succeed; the problem document carries it, and so does the
 * `Retry-After` header.
 */
export class TooManyRequestsError extends DomainError {
  override readonly name = 'TooManyRequestsError';
  readonly status = 429;
  readonly title = 'Too many requests';
  constructor(detail: string, readonly retryAfter: number) {
    super(detail, { retryAfter });
  }
}

/** An `Idempotency-Key` sent again with another request than the one it was first used with (422). */
export class IdempotencyKeyReusedError extends UnprocessableError {
  override readonly name = 'IdempotencyKeyReusedError';
  override readonly title = 'Idempotency-Key reused';
  constructor(detail = 'This Idempotency-Key was used with another request; use a new key for a new request.') {
    super(detail, [{ in: 'header', path: ['Idempotency-Key'], message: 'already used with another request' }]);
  }
}

/** The first request with this `Idempotency-Key` is still running: retry later with the same key (409). */
export class RequestInProgressError extends ConflictError {
  override readonly name = 'RequestInProgressError';
  override readonly title = 'Request in progress';
}

/**
 * A service the request depends on (a carrier) cannot answer for now, or refuses the platform's
 * credentials (503): nothing was done, and the same request may be tried again, after `retryAfter`
 * seconds where the service said so.
 */
export class ServiceUnavailableError extends DomainError {
  override readonly name = 'ServiceUnavailableError';
  readonly status = 503;
  readonly title = 'Service unavailable';
  constructor(detail: string, retryAfter?: number) {
    super(detail, retryAfter === undefined ? {} : { retryAfter });
  }
}
