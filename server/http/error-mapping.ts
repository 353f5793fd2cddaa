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

export interface ErrorReply {
  status: ContentfulStatusCode;
  body: ReturnType<typeof errorBody>;
  /** Seconds, for a 429. */
  retryAfter?: number;
}

/** What a client is told of an error; anything unexpected is logged and told nothing. */
export function errorReply(error: unknown, logger: Logger, request: { method: string; path: string }): ErrorReply {
  if (error instanceof DomainError) {
    const reply = { status: STATUS[error.code], body: errorBody(error.code, error.message, error.details) };
    if (error.code !== 'rate_limited') return reply;
    return { ...reply, retryAfter: (error.details as { retry_after_s?: number } | undefined)?.retry_after_s ?? 60 };
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code = error.status === 413 ? 'payload_too_large' : 'bad_request';
    return { status: error.status as ContentfulStatusCode, body: errorBody(code, error.message || 'Bad request') };
  }
  logger.error({ err: error, ...request }, 'unhandled error');
  return { status: 500, body: errorBody('internal_error', 'Something went wrong on our side; please try again') };
}

export function handleError(error: unknown, c: Context, logger: Logger): Response {
  const reply = errorReply(error, logger, { method: c.req.method, path: c.req.path });
  if (reply.retryAfter !== undefined) c.header('Retry-After', String(reply.retryAfter));
  return c.json(reply.body, reply.status);
}
