/** The one place where errors become HTTP statuses and bodies. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { unusableBodyRefusal } from './declarations/shared.js';

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
  return_not_allowed: 409,
  return_already_requested: 409,
  return_already_decided: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_mismatch: 422,
  rate_limited: 429,
};

/** What the framework's own refusals (body reading, media types, limits) are called here. */
const FRAMEWORK_REFUSALS: Partial<Record<number, { code: string; message: string }>> = {
  400: { code: 'invalid_input', message: 'The request body could not be read: it is not valid JSON or form data' },
  413: { code: 'payload_too_large', message: 'The request body is too large' },
  // Each declared route says what it takes instead (see handleError); this is for any other.
  415: { code: 'unsupported_media_type', message: 'This endpoint does not take a body in this media type' },
};

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export interface ErrorReply {
  status: ContentfulStatusCode;
  body: ReturnType<typeof errorBody>;
  /** Seconds, for a 429. */
  retryAfter?: number;
}

/** What a client is told of an error; anything unexpected is logged and told nothing. */
export function errorReply(error: unknown, logger: Logger, request: { method: string; path: string; aborted: boolean }): ErrorReply {
  if (error instanceof DomainError) {
    const reply = { status: STATUS[error.code], body: errorBody(error.code, error.message, error.details) };
    if (error.code !== 'rate_limited') return reply;
    return { ...reply, retryAfter: (error.details as { retry_after_s?: number } | undefined)?.retry_after_s ?? 60 };
  }
  if (request.aborted) {
    // The client went away while its body was being read: nothing to answer, nothing broken.
    logger.info({ method: request.method, path: request.path }, 'client aborted the request');
    return { status: 400, body: errorBody('invalid_input', 'The request body did not arrive whole') };
  }
  if (error instanceof HTTPException && error.status < 500) {
    const known = FRAMEWORK_REFUSALS[error.status];
    const status = error.status as ContentfulStatusCode;
    return { status, body: errorBody(known?.code ?? 'bad_request', known?.message ?? (error.message || 'Bad request')) };
  }
  logger.error({ err: error, method: request.method, path: request.path }, 'unhandled error');
  return { status: 500, body: errorBody('internal_error', 'Something went wrong on our side; please try again') };
}

/** Whether the client closed the connection before its request arrived whole. */
function clientAborted(c: Context): boolean {
  const incoming = (c.env as { incoming?: { complete?: boolean; destroyed?: boolean } } | undefined)?.incoming;
  return incoming !== undefined && incoming.complete === false && incoming.destroyed === true;
}

export function handleError(error: unknown, c: Context, logger: Logger): Response {
  // The library's media-type check refuses with a bare 415: the route's declaration says what it takes.
  const refusal = error instanceof HTTPException && error.status === 415 ? unusableBodyRefusal(c.req.method, routePath(c)) : undefined;
  const reply = errorReply(refusal ?? error, logger, { method: c.req.method, path: c.req.path, aborted: clientAborted(c) });
  if (reply.retryAfter !== undefined) c.header('Retry-After', String(reply.retryAfter));
  return c.json(reply.body, reply.status);
}
