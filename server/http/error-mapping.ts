/** The one place where error codes become HTTP statuses and bodies. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { DomainError, type ErrorCode } from '../domain/errors.js';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  empty_cart: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  cross_site_request: 403,
  not_found: 404,
  email_taken: 409,
  insufficient_stock: 409,
  illegal_transition: 409,
  version_conflict: 409,
  not_cancellable: 409,
  idempotency_mismatch: 422,
  rate_limited: 429,
};

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function statusOf(code: ErrorCode): ContentfulStatusCode {
  return STATUS[code];
}

export function handleError(error: unknown, c: Context, logger: Logger): Response {
  if (error instanceof DomainError) {
    if (error.code === 'rate_limited') {
      const seconds = (error.details as { retry_after_s?: number } | undefined)?.retry_after_s ?? 60;
      c.header('Retry-After', String(seconds));
    }
    return c.json(errorBody(error.code, error.message, error.details), STATUS[error.code]);
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code = error.status === 413 ? 'payload_too_large' : 'bad_request';
    return c.json(errorBody(code, error.message || 'Bad request'), error.status as ContentfulStatusCode);
  }
  logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error');
  return c.json(errorBody('internal_error', 'Something went wrong on our side; please try again'), 500);
}
