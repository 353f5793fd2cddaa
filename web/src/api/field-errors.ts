/**
 * Per-field messages out of an error's `details`. The server sends validation details as
 * zod reports them; we accept the usual shapes so a form can show each message next to
 * its field: an issue list `[{ path: ['email'], message }]`, a flattened
 * `{ fieldErrors: { email: ['…'] } }`, or a plain `{ email: '…' }`.
 */
import { ApiRequestError } from './api-client.js';

export type FieldErrors = Record<string, string>;

export function fieldErrorsFrom(error: unknown): FieldErrors {
  if (!(error instanceof ApiRequestError)) return {};
  return parseDetails(error.details);
}

function parseDetails(details: unknown): FieldErrors {
  if (Array.isArray(details)) return fromIssues(details);
  if (typeof details !== 'object' || details === null) return {};
  const record = details as Record<string, unknown>;
  if (Array.isArray(record.issues)) return fromIssues(record.issues);
  if (typeof record.fieldErrors === 'object' && record.fieldErrors !== null) {
    return fromRecord(record.fieldErrors as Record<string, unknown>);
  }
  if (typeof record.fields === 'object' && record.fields !== null) {
    return fromRecord(record.fields as Record<string, unknown>);
  }
  return fromRecord(record);
}

function fromIssues(issues: unknown[]): FieldErrors {
  const result: FieldErrors = {};
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') continue;
    const key = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
    if (key && !(key in result)) result[key] = message;
  }
  return result;
}

function fromRecord(record: Record<string, unknown>): FieldErrors {
  const result: FieldErrors = {};
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string') result[key] = value;
    else if (Array.isArray(value) && typeof value[0] === 'string') result[key] = value[0];
  }
  return result;
}

/** The sentence above a form: when fields carry their own messages, point at them instead. */
export function formErrorSummary(error: unknown, fields: FieldErrors, fallback: string): string {
  if (!(error instanceof ApiRequestError)) return fallback;
  // A validation message names fields in the server's terms; a specific refusal reads well as is.
  if (error.code === 'invalid_input' && Object.keys(fields).length > 0) return 'Please correct the highlighted fields.';
  return error.message;
}
