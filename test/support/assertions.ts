/** Assertions on the API's error contract: `{ error: { code, message } }` with a readable message. */
import { expect } from 'vitest';
import type { ApiError } from '../../server/contract/api.js';
import type { Reply } from './http-client.js';

export function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error: unknown = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

/** The reply is an error with this status (and code, when given); returns its body. */
export function expectError(reply: Reply<unknown>, status: number, code?: string): ApiError {
  const context = `${status}${code ? ` ${code}` : ''} expected, got ${reply.status} ${JSON.stringify(reply.body)}`;
  expect(reply.status, context).toBe(status);
  expect(isApiError(reply.body), `error body shape: ${JSON.stringify(reply.body)}`).toBe(true);
  const body = reply.body as ApiError;
  if (code) expect(body.error.code, context).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

/** Runs `check` until it passes (its assertions included) or `timeoutMs` is over; then its last failure is the test's. */
export async function passesEventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
