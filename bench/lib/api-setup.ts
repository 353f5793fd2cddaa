/**
 * Preparing the data a bench needs through the public HTTP API of a running node: a seller,
 * products, logged-in buyers (session cookies) and one order per buyer.
 */

export interface Session {
  cookie: string;
  userId: number;
}

export const ADDRESS = { name: 'Bea Bench', line1: '1 Bench Street', city: 'Benchville', postal_code: '12345', country: 'Benchland' };
export const PASSWORD = 'correct horse battery staple';

async function call<T>(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

export async function expectStatus<T>(
  base: string,
  method: string,
  path: string,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await call<T>(base, method, path, body, headers);
  if (res.status !== status) {
    throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res;
}

export async function register(base: string, role: 'buyer' | 'seller', tag: string): Promise<Session> {
  const res = await expectStatus<{ user: { id: number } }>(base, 'POST', '/api/auth/register', 201, {
    email: `${role}-${tag}@bench.test`,
    password: PASSWORD,
    first_name: role === 'buyer' ? 'Bea' : 'Sam',
    last_name: `Bench ${tag}`,
    role,
    ...(role === 'seller' ? { store_name: `Bench Store ${tag}` } : {}),
  });
  const [pair = ''] = res.headers.getSetCookie().map((line) => line.split(';')[0] ?? '');
  if (!pair.includes('=')) throw new Error('register set no session cookie');
  return { cookie: pair, userId: res.body.user.id };
}

/** Runs `fn` for 0..n-1, at most `width` at a time. */
export async function inBatches<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}
