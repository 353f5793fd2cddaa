import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { PASSWORD, registerBuyer, registerSeller } from '../support/factories.js';
import { TestClient, type Reply } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.test`;

function registration(overrides: Record<string, unknown> = {}) {
  return { email: uniqueEmail(), password: PASSWORD, first_name: 'Ada', last_name: 'Lovelace', role: 'buyer', ...overrides };
}

/** The session cookie a reply sets: its value and its attributes, lower-cased. */
function sessionCookie(reply: Reply<unknown>): { value: string; attributes: string[] } {
  const line = reply.headers.getSetCookie().find((l) => l.startsWith('op_session='));
  expect(line, 'a session cookie is set').toBeDefined();
  const [pair = '', ...attributes] = (line ?? '').split(';').map((part) => part.trim());
  return { value: pair.slice('op_session='.length), attributes: attributes.map((a) => a.toLowerCase()) };
}

/** A fresh client that presents exactly this cookie header (an old, copied session). */
const withCookie = (cookie: string) => ({
  me: () => new TestClient(server.url).get<unknown>('/api/auth/me', { cookie }),
});

describe('POST /api/auth/register', () => {
  it('creates a buyer, answers 201 {user} and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const client = new TestClient(server.url);
    const body = registration({ email: uniqueEmail('Mixed.Case') });
    const res = await client.post<{ user: UserBody }>('/api/auth/register', body);
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: body.email.toLowerCase(), first_name: 'Ada', last_name: 'Lovelace', role: 'buyer' });
    expect(res.body.user.seller_id).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    const cookie = sessionCookie(res);
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes).toContain('httponly');
    expect(cookie.attributes).toContain('samesite=lax');
    expect(cookie.attributes).toContain('path=/');
    const me = await client.get<{ user: UserBody }>('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(res.body.user.id);
  });

  it('creates a seller with a store', async () => {
    const client = new TestClient(server.url);
    const res = await client.post<{ user: UserBody }>('/api/auth/register', registration({ role: 'seller', store_name: 'Ada’s Engines' }));
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ role: 'seller', store_name: 'Ada’s Engines' });
    expect(res.body.user.seller_id).toEqual(expect.any(Number));
  });

  it('refuses a seller without a store name, and creates nothing', async () => {
    const before = await server.db.counts();
    const email = uniqueEmail();
    const res = await new TestClient(server.url).post('/api/auth/register', registration({ role: 'seller', email }));
    expectError(res, 400, 'invalid_input');
    expect(await server.db.counts()).toEqual(before);
    expect(await server.db.count('users', 'email = ?', email)).toBe(0);
  });

  it.each([
    ['a bad email', { email: 'not-an-email' }],
    ['a short password', { password: 'short' }],
    ['no first name', { first_name: undefined }],
    ['a blank last name', { last_name: '   ' }],
    ['the admin role', { role: 'admin' }],
    ['an unknown field', { is_admin: true }],
    ['a number for a name', { first_name: 42 }],
  ])('answers 400 for %s', async (_what, overrides) => {
    const before = await server.db.counts();
    const res = await new TestClient(server.url).post('/api/auth/register', registration(overrides));
    expectError(res, 400, 'invalid_input');
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await server.db.counts()).toEqual(before);
  });

  it('answers 409 when the email is taken, whatever its case', async () => {
    const email = uniqueEmail();
    await registerBuyer(server.url, { email });
    const before = await server.db.counts();
    expectError(await new TestClient(server.url).post('/api/auth/register', registration({ email })), 409, 'email_taken');
    expectError(await new TestClient(server.url).post('/api/auth/register', registration({ email: email.toUpperCase() })), 409, 'email_taken');
    expect(await server.db.counts()).toEqual(before);
  });
});

describe('POST /api/auth/login', () => {
  it('answers 200 {user} with a new session cookie, and ends the session it came with', async () => {
    const buyer = await registerBuyer(server.url);
    const oldCookie = buyer.client.cookieHeader;
    const res = await buyer.client.post<{ user: UserBody }>('/api/auth/login', { email: buyer.user.email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: buyer.user.id, email: buyer.user.email });
    const fresh = sessionCookie(res);
    expect(`op_session=${fresh.value}`).not.toBe(oldCookie);
    expect(fresh.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax']));
    expect((await buyer.client.get('/api/auth/me')).status).toBe(200);
    expectError(await withCookie(oldCookie).me(), 401, 'unauthorized');
  });

  it('accepts the email in another case and with spaces around it', async () => {
    const buyer = await registerBuyer(server.url);
    const res = await new TestClient(server.url).post('/api/auth/login', { email: ` ${buyer.user.email.toUpperCase()} `, password: PASSWORD });
    expect(res.status).toBe(200);
  });

  it('answers 401 with the same message for an unknown email and a wrong password', async () => {
    const buyer = await registerBuyer(server.url);
    const unknown = expectError(await new TestClient(server.url).post('/api/auth/login', { email: uniqueEmail(), password: PASSWORD }), 401, 'invalid_credentials');
    const wrong = expectError(
      await new TestClient(server.url).post('/api/auth/login', { email: buyer.user.email, password: 'wrong password!' }),
      401,
      'invalid_credentials',
    );
    expect(wrong.error.message).toBe(unknown.error.message);
  });

  it.each([
    ['no body', undefined],
    ['no password', { email: 'a@b.test' }],
    ['a numeric password', { email: 'a@b.test', password: 12345678 }],
    ['an unknown field', { email: 'a@b.test', password: 'x', remember: true }],
  ])('answers 400 for %s', async (_what, body) => {
    expectError(await new TestClient(server.url).post('/api/auth/login', body), 400, 'invalid_input');
  });
});

describe('login rate limit (RATE_LIMIT_LOGIN=3/1m)', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ RATE_LIMIT_LOGIN: '3/1m' });
  });
  afterAll(() => limited.stop());

  it('answers 429 with Retry-After once an account has failed 3 times, even for the right password', async () => {
    const buyer = await registerBuyer(limited.url);
    const other = await registerBuyer(limited.url);
    const attempt = (password: string, email = buyer.user.email) =>
      new TestClient(limited.url).post('/api/auth/login', { email, password });
    for (let i = 0; i < 3; i++) expectError(await attempt('wrong password!'), 401, 'invalid_credentials');

    const refused = await attempt('wrong password!');
    expectError(refused, 429, 'rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const rightPassword = await attempt(PASSWORD);
    expectError(rightPassword, 429, 'rate_limited');
    expect(rightPassword.headers.getSetCookie()).toEqual([]);
    // The limit is per account: another account from the same address still logs in.
    expect((await attempt(PASSWORD, other.user.email)).status).toBe(200);
  });

  it('counts parallel guesses too: 20 at once get 3 × 401 and 17 × 429', async () => {
    const buyer = await registerBuyer(limited.url);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => new TestClient(limited.url).post('/api/auth/login', { email: buyer.user.email, password: 'wrong password!' })),
    );
    const statuses = replies.map((r) => r.status).sort((a, b) => a - b);
    expect(statuses).toEqual([...Array(3).fill(401), ...Array(17).fill(429)]);
  });

  it('forgets earlier failures after a successful login', async () => {
    const buyer = await registerBuyer(limited.url);
    const attempt = (password: string) => new TestClient(limited.url).post('/api/auth/login', { email: buyer.user.email, password });
    for (let i = 0; i < 2; i++) expectError(await attempt('wrong password!'), 401);
    expect((await attempt(PASSWORD)).status).toBe(200);
    for (let i = 0; i < 2; i++) expectError(await attempt('wrong password!'), 401);
    expect((await attempt(PASSWORD)).status).toBe(200);
  });
});

describe('POST /api/auth/logout', () => {
  it('answers 204, clears the cookie, and kills the session on the server', async () => {
    const buyer = await registerBuyer(server.url);
    const cookie = buyer.client.cookieHeader;
    const res = await buyer.client.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().some((l) => /^op_session=;/.test(l) && /max-age=0|expires=/i.test(l))).toBe(true);
    expectError(await buyer.client.get('/api/auth/me'), 401, 'unauthorized');
    // A copy of the old cookie is worth nothing now.
    expectError(await withCookie(cookie).me(), 401, 'unauthorized');
  });

  it('ends only its own session: the same account on another device stays logged in', async () => {
    const buyer = await registerBuyer(server.url);
    const laptop = new TestClient(server.url);
    expect((await laptop.post('/api/auth/login', { email: buyer.user.email, password: PASSWORD })).status).toBe(200);
    expect((await buyer.client.post('/api/auth/logout')).status).toBe(204);
    expect((await laptop.get('/api/auth/me')).status).toBe(200);
  });

  it('answers 401 without a session', async () => {
    expectError(await new TestClient(server.url).post('/api/auth/logout'), 401, 'unauthorized');
  });
});

describe('GET /api/auth/me', () => {
  it('returns the buyer without seller fields', async () => {
    const buyer = await registerBuyer(server.url);
    const res = await buyer.client.get<{ user: UserBody }>('/api/auth/me');
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ ...buyer.user, email_notifications: true });
    expect(res.body.user).not.toHaveProperty('seller_id');
  });

  it('returns a seller with seller_id and store_name', async () => {
    const seller = await registerSeller(server.url);
    const res = await seller.client.get<{ user: UserBody }>('/api/auth/me');
    expect(res.status).toBe(200);
    expect(res.body.user.seller_id).toBe(seller.user.seller_id);
    expect(res.body.user.store_name).toBe(seller.user.store_name);
  });

  it.each([
    ['no cookie', undefined],
    ['a made-up token', `op_session=${'A'.repeat(43)}`],
    ['a malformed token', 'op_session=%%%not-a-token'],
  ])('answers 401 with %s', async (_what, cookie) => {
    const res = await new TestClient(server.url).get('/api/auth/me', cookie ? { cookie } : {});
    expectError(res, 401, 'unauthorized');
  });
});

describe('registration rate limit (RATE_LIMIT_REGISTER=2/1h)', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ RATE_LIMIT_REGISTER: '2/1h' });
  });
  afterAll(() => limited.stop());

  it('answers 429 with Retry-After to the third registration from one address, creating nothing', async () => {
    const register = () => new TestClient(limited.url).post('/api/auth/register', registration());
    expect((await register()).status).toBe(201);
    expect((await register()).status).toBe(201);
    const before = await limited.db.counts();
    const refused = await register();
    expectError(refused, 429, 'rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect(await limited.db.counts()).toEqual(before);
  });
});
