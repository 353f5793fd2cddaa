/** A stand-in for the server in page tests: routes by method + path, records requests. */
import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

export type FakeRoute = (request: RecordedRequest) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

export function jsonResponse(status: number, body?: unknown): Response {
  if (status === 204) return new Response(null, { status });
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Installs a fake fetch; routes are keyed "GET /api/cart" (the path includes any query). */
export function installFakeFetch(routes: Record<string, FakeRoute>): RecordedRequest[] {
  const requests: RecordedRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = String(input);
      const method = init.method ?? 'GET';
      const request: RecordedRequest = {
        method,
        path,
        body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
        headers: { ...(init.headers as Record<string, string> | undefined) },
      };
      requests.push(request);
      const route = routes[`${method} ${path}`] ?? routes[`${method} ${path.split('?')[0]}`];
      if (!route) return jsonResponse(404, { error: { code: 'not_found', message: `No fake for ${method} ${path}` } });
      const { status, body } = await route(request);
      return jsonResponse(status, body);
    }),
  );
  return requests;
}
