/**
 * The one fetch wrapper every page uses: JSON in, JSON out, cookies included, and any
 * failure thrown as an ApiRequestError carrying the server's `{ error: { code, message } }`.
 */
import type { ApiError } from '../../../server/contract/api.js';

export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** Seconds the server asked to wait before trying again (its Retry-After), when it said. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, message: string, details?: unknown, retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** `no-cache` revalidates with the server (ETag → 304) instead of trusting a cached copy. */
  cache?: RequestCache;
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The request was not accepted. Check the form and try again.',
  401: 'Please log in to continue.',
  403: 'You are not allowed to do that.',
  404: 'We could not find what you were looking for.',
  409: 'That conflicts with the current state. Reload and try again.',
  422: 'The request could not be processed.',
  429: 'Too many attempts. Please wait a moment and try again.',
};

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const init: RequestInit = {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers,
  };
  if (options.body instanceof FormData) {
    // A multipart form (a file upload): fetch writes its Content-Type with the boundary.
    init.body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (options.signal) init.signal = options.signal;
  if (options.cache) init.cache = options.cache;

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiRequestError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
  }

  if (response.status === 204) return undefined as T;
  const body: unknown = await readJson(response);
  if (response.ok) return body as T;
  throw toApiRequestError(response.status, body, retryAfterOf(response));
}

/** Retry-After in seconds (the delay form; the date form is turned into one), or null. */
function retryAfterOf(response: Response): number | null {
  const value = response.headers.get('Retry-After');
  if (value === null) return null;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : Math.ceil((Date.parse(value) - Date.now()) / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

/** "in 40 seconds", "in 2 minutes", "in about 1 hour": a wait as people say it. */
export function waitPhrase(seconds: number): string {
  if (seconds < 60) return `in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.round(minutes / 60);
  return `in about ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A proxy or crash page instead of JSON: report it by status below, not as a parse error.
    return undefined;
  }
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error && 'code' in error;
}

function toApiRequestError(status: number, body: unknown, retryAfter: number | null): ApiRequestError {
  const api = isApiError(body) ? body.error : null;
  let message = api?.message ?? FALLBACK_MESSAGES[status] ?? 'Something went wrong on our side. Please try again.';
  // A refusal to wait out says how long: the server's own words stop at "try again later".
  if (status === 429 && retryAfter !== null) message = `Too many attempts. Please try again ${waitPhrase(retryAfter)}.`;
  return new ApiRequestError(status, api?.code ?? `http_${status}`, message, api?.details, retryAfter);
}

/** Words for any thrown value, for showing to a person. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}

export function isApiErrorCode(error: unknown, code: string): error is ApiRequestError {
  return error instanceof ApiRequestError && error.code === code;
}
