/**
 * What happens when a request does not fit its declaration: a 400 `invalid_input` listing
 * every problem, through the one error mapping. The declared routes' validators call this.
 */
import type { z } from 'zod';
import { DomainError } from '../domain/errors.js';

const WHAT = {
  json: 'The request is not valid',
  form: 'The form is not valid',
  query: 'The query string is not valid',
  param: 'The address is not valid',
  header: 'A request header is not valid',
  cookie: 'A cookie is not valid',
} as const;

type Target = keyof typeof WHAT;

export function validationError(error: z.ZodError, message: string): DomainError {
  const details = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const first = details[0];
  return new DomainError('invalid_input', first ? `${message}: ${first.path} — ${first.message}` : message, details);
}

/** The hook every declared route's validators report to. */
export function refuseInvalid(result: { target: string; success: boolean; error?: z.ZodError }): void {
  if (result.success || !result.error) return;
  const message = result.target in WHAT ? WHAT[result.target as Target] : 'The request is not valid';
  throw validationError(result.error, message);
}
