/**
 * Turning untrusted request parts into typed values: a zod schema per input, and a 400
 * with every problem listed when it does not fit. Nothing here trusts a content type.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { DomainError } from '../domain/errors.js';
import { headerOf, nodeBody } from './node-request.js';

export function validationError(error: z.ZodError, message = 'The request is not valid'): DomainError {
  const details = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const first = details[0];
  return new DomainError('invalid_input', first ? `${message}: ${first.path} — ${first.message}` : message, details);
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, message?: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error, message);
  return parsed.data;
}

/** The JSON body (or, where allowed, a form body) as an unknown value. */
export async function readRawBody(c: Context, options: { form?: boolean } = {}): Promise<unknown> {
  const type = (headerOf(c, 'content-type') ?? '').toLowerCase();
  if (options.form && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))) {
    try {
      return await c.req.parseBody();
    } catch {
      throw new DomainError('invalid_input', 'The form body could not be read');
    }
  }
  let text: string;
  try {
    text = (await nodeBody(c)) ?? (await c.req.text());
  } catch {
    throw unreadableBody();
  }
  return parseJsonBody(text);
}

export const unreadableBody = () => new DomainError('invalid_input', 'The request body could not be read');

/** A JSON body's text as an unknown value; an empty body is an empty object. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('invalid_input', 'The request body is not valid JSON');
  }
}

export async function readBody<T>(c: Context, schema: z.ZodType<T>, options: { form?: boolean } = {}): Promise<T> {
  return parseWith(schema, await readRawBody(c, options));
}

/** A path id: a positive whole number that fits SQLite's integer comfortably. */
export function pathId(c: Context, name: string): number {
  const raw = c.req.param(name) ?? '';
  if (!/^[1-9]\d{0,14}$/.test(raw)) {
    throw new DomainError('invalid_input', `${name} must be a positive whole number`, [{ path: name, message: 'Not an id' }]);
  }
  return Number(raw);
}

export function queryOf<T>(c: Context, schema: z.ZodType<T>): T {
  return parseWith(schema, c.req.query(), 'The query string is not valid');
}
