/**
 * Domain errors are values with a code. One place (server/http/error-mapping.ts) turns a
 * code into an HTTP status; socket acks use the codes directly. Messages are written for
 * the client: they never carry SQL, stack traces or internal ids of other users.
 */

export const ERROR_CODES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'email_taken',
  'invalid_credentials',
  'insufficient_stock',
  'empty_cart',
  'illegal_transition',
  'version_conflict',
  'not_cancellable',
  'return_not_allowed',
  'return_already_requested',
  'return_already_decided',
  'idempotency_mismatch',
  'rate_limited',
  'cross_site_request',
  'payload_too_large',
  'unsupported_media_type',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new DomainError('forbidden', message);
export const invalid = (message: string, details?: unknown) => new DomainError('invalid_input', message, details);
