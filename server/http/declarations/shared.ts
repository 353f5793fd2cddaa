/**
 * Building blocks of the route declarations: how a route is declared, how a JSON body, a
 * JSON response and the error responses are declared, and what "signed in" adds to a route.
 * Each endpoint's declaration (method, path, request, every response) is both what validates
 * its requests and what the OpenAPI document says of it.
 */
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { ApiError } from '../../contract/api.js';
import { DomainError } from '../../domain/errors.js';
import { limitBody, MAX_BODY_BYTES } from '../middleware/body-limit.js';
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

type ErrorResponse = ReturnType<typeof jsonContent<typeof ApiError>> & { headers?: Record<string, { description: string; schema: { type: 'integer' } }> };
type ErrorResponses<S extends ErrorStatus> = { [K in S]: ErrorResponse };

/** A 429 says when to try again: the header is part of its declaration, wherever a 429 is declared. */
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds until an attempt may succeed again', schema: { type: 'integer' as const } } };

/**
 * The error responses of an endpoint, each with the shared error body; 500 is added to every
 * one. A note says more of a status, and declares it (declareRoute adds the statuses every
 * route of a kind answers: a note is how a route words one of those its own way).
 */
export function errors<S extends ErrorStatus>(statuses: readonly S[], notes: Partial<Record<ErrorStatus, string>> = {}): ErrorResponses<S | 500> {
  const noted = Object.keys(notes).map((status) => Number(status) as ErrorStatus);
  const entries = [...new Set([...statuses, ...noted, 500 as const])].map((status): [number, ErrorResponse] => {
    const response = jsonContent(ApiError, notes[status] ?? ERROR_STATUSES[status]);
    return [status, status === 429 ? { ...response, headers: RETRY_AFTER } : response];
  });
  return Object.fromEntries(entries) as ErrorResponses<S | 500>;
}

/** A route for signed-in users: the session is checked before anything else (401 first). */
export const signedIn: { middleware: [typeof requireSession]; security: { [SESSION_SCHEME]: string[] }[] } = {
  middleware: [requireSession],
  security: [{ [SESSION_SCHEME]: [] }],
};

type BodyContent = NonNullable<NonNullable<RouteConfig['request']>['body']>['content'];

/** How each media type a body may come in is named to a client that sent something else. */
const MEDIA_NAMES: Record<string, string> = {
  'application/json': 'JSON',
  'application/x-www-form-urlencoded': 'a form',
  'multipart/form-data': 'a multipart form',
};

/** What a body declared in these media types is, in words: "a multipart form (Content-Type: multipart/form-data) with the field image". */
function bodyInWords(content: BodyContent): string {
  const types = Object.keys(content);
  const names = types.map((type) => MEDIA_NAMES[type] ?? type).join(' or ');
  const multipart = content['multipart/form-data'];
  const schema = multipart && 'schema' in multipart ? multipart.schema : undefined;
  const fields = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const withFields = types.length === 1 && fields.length > 0 ? ` with the field${fields.length > 1 ? 's' : ''} ${fields.join(', ')}` : '';
  return `${names} (Content-Type: ${types.join(' or ')})${withFields}`;
}

/**
 * What a declared route answers to a body in a media type it does not take, by method and
 * routing path (`/api/seller/products/:id/image`). The library's own check refuses such a
 * body with a bare 415; the one error mapping asks here what to say instead. A required body
 * is a 415 naming what the route takes; a body in one of several media types, none required
 * by itself (JSON or a form), is a 400 asking for one of them (PRODUCT.md's status change has
 * no 415 in its chain).
 */
const unusableBodyRefusals = new Map<string, () => DomainError>();

export function unusableBodyRefusal(method: string, routingPath: string): DomainError | undefined {
  return unusableBodyRefusals.get(`${method} ${routingPath}`)?.();
}

/** For a body in one of several media types (so none is required by the library): a request with no body is refused here. */
function requireBody(message: string) {
  return createMiddleware(async (c, next) => {
    if (!c.req.header('content-type')) throw new DomainError('invalid_input', message);
    await next();
  });
}

const UNSAFE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * createRoute, with what every route of its kind answers whatever it is for, declared and
 * enforced in this one place so the document cannot drift from the server:
 * - an unsafe method: 403 (cross_site_request, the origin guard) and 413 (the body limit,
 *   enforced here, behind the route's own middleware: a missing session is said first);
 * - a validated path, query, header or body: 400; a session: 401;
 * - a required body: 415 (the library's media-type check) naming what the route takes;
 *   a body in one of several media types, none required: 400 when it is missing or unusable.
 * The route's own responses override these (to say more about one of them).
 */
export function declareRoute<P extends string, R extends Omit<RouteConfig, 'path'> & { path: P }>(
  route: R,
  { maxBodyBytes = MAX_BODY_BYTES }: { maxBodyBytes?: number } = {},
): ReturnType<typeof createRoute<P, R>> {
  const request = route.request;
  const body = request?.body;
  const unsafe = UNSAFE_METHODS.has(route.method);
  const implied = new Set<ErrorStatus>();
  if (unsafe) implied.add(403).add(413);
  if (request?.params || request?.query || request?.headers || request?.cookies || body) implied.add(400);
  if (route.security?.length) implied.add(401);
  if (body?.required) implied.add(415);

  const takes = body ? bodyInWords(body.content) : '';
  const middleware: MiddlewareHandler[] = [
    ...asArray<MiddlewareHandler>(route.middleware),
    ...(unsafe ? [limitBody(maxBodyBytes)] : []),
    ...(body && !body.required ? [requireBody(`The request needs a body: send ${takes}`)] : []),
  ];
  const limitNote = unsafe ? { 413: `payload_too_large: the body is over ${maxBodyBytes / 1024} KiB` } : {};
  const responses = { ...errors([...implied], limitNote), ...route.responses };
  const declared = createRoute({ ...route, middleware, responses });
  if (body) {
    unusableBodyRefusals.set(
      `${route.method.toUpperCase()} ${declared.getRoutingPath()}`,
      body.required
        ? () => new DomainError('unsupported_media_type', `This endpoint takes ${takes}`)
        : () => new DomainError('invalid_input', `This endpoint cannot read this body: send ${takes}`),
    );
  }
  // The added middleware set nothing a handler reads, and the added responses are errors,
  // which handlers throw rather than return: the route's own types still tell the handlers.
  return declared as ReturnType<typeof createRoute<P, R>>;
}
