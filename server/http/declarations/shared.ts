/**
 * Building blocks of the route declarations: how a JSON body, a JSON response and the error
 * responses are declared, and what "signed in" adds to a route. Each endpoint's declaration
 * (method, path, request, every response) is both what validates its requests and what the
 * OpenAPI document says of it.
 */
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import { ApiError } from '../../contract/api.js';
import { DomainError } from '../../domain/errors.js';
import type { SignedInEnv } from '../app-env.js';
import { requireSession } from '../middleware/session.js';

export const SESSION_SCHEME = 'session';

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** A required JSON body: a missing or non-JSON body is refused (400 or 415), never read as {}. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, ...(description !== undefined && { description }), content: { 'application/json': { schema } } } as const;
}

const ERROR_STATUSES = {
  400: 'invalid_input: the request does not fit its declaration (details lists each problem), or a rule of the domain refused it',
  401: 'unauthorized: no valid session',
  403: 'forbidden: signed in, but not allowed; or cross_site_request: an unsafe request from a foreign origin',
  404: 'not_found: no such thing, or not yours to see',
  409: 'a conflict with the current state (the code names it)',
  413: 'payload_too_large: the body is over 64 KiB',
  415: 'unsupported_media_type: the body is not in a media type this endpoint takes',
  422: 'idempotency_mismatch: the Idempotency-Key was used before with a different body',
  429: 'rate_limited: too many attempts; Retry-After says when to try again',
  500: 'internal_error: something failed on our side; nothing is leaked and nothing was written',
} as const;

export type ErrorStatus = keyof typeof ERROR_STATUSES;

type ErrorResponses<S extends ErrorStatus> = { [K in S]: ReturnType<typeof jsonContent<typeof ApiError>> };

/** The error responses of an endpoint, each with the shared error body; 500 is added to every one. */
export function errors<S extends ErrorStatus>(statuses: readonly S[], notes: Partial<Record<S, string>> = {}): ErrorResponses<S | 500> {
  const entries = [...statuses, 500 as const].map((status) => [status, jsonContent(ApiError, notes[status] ?? ERROR_STATUSES[status])]);
  return Object.fromEntries(entries) as ErrorResponses<S | 500>;
}

/** Every unsafe request can be refused as cross-site, and every body can be too large or of the wrong type. */
export const BODY_ERRORS = [400, 403, 413, 415] as const;

/** A route for signed-in users: the session is checked before anything else (401 first). */
export const signedIn: { middleware: [typeof requireSession]; security: { [SESSION_SCHEME]: string[] }[] } = {
  middleware: [requireSession],
  security: [{ [SESSION_SCHEME]: [] }],
};

/**
 * For a route that takes a JSON or a form body (so neither is required by itself): a request
 * with no body at all is refused here. One in another media type never gets this far (415).
 */
export const requireBody = createMiddleware<SignedInEnv>(async (c, next) => {
  if (!c.req.header('content-type')) throw new DomainError('invalid_input', 'The request needs a JSON or form body');
  await next();
});
