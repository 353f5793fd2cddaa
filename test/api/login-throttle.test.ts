/**
 * Login throttling per address (RATE_LIMIT_LOGIN_ADDRESS) next to the per-account-and-address
 * limit (RATE_LIMIT_LOGIN). Each test starts its own node, so no test inherits another's counts.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { PASSWORD, registerBuyer } from '../support/factories.js';
import type { Reply } from '../support/http-client.js';
import { loginFrom } from '../support/login-from.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const WRONG = 'wrong password!';
/** A second source address on loopback (see login-from.ts). */
const OTHER_ADDRESS = '127.0.0.2';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function start(env: Record<string, string>): Promise<TestServer> {
  server = await startTestServer(env);
  return server;
}

/** POST /api/auth/login from `from`, the address the node throttles. */
const login = (node: TestServer, email: string, password: string, from = '127.0.0.1') => loginFrom(node.url, email, password, { from });

const unknownEmail = () => `nobody-${randomUUID().slice(0, 8)}@example.test`;

async function registerEmails(node: TestServer, count: number): Promise<string[]> {
  const buyers = await Promise.all(Array.from({ length: count }, () => registerBuyer(node.url)));
  return buyers.map((b) => b.user.email);
}

/** A 429 about the address, with a Retry-After within the window and no session. */
function expectAddressLimited(reply: Reply<unknown>, windowS: number): ApiError {
  const body = expectError(reply, 429, 'rate_limited');
  expect(body.error.message).toMatch(/address/i);
  const retryAfter = Number(reply.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowS);
  expect(reply.headers.getSetCookie()).toEqual([]);
  return body;
}

describe('failed logins per address (RATE_LIMIT_LOGIN_ADDRESS=3/1m)', () => {
  const env = { RATE_LIMIT_LOGIN_ADDRESS: '3/1m' };

  it('answers 429 with Retry-After, about the address, once 3 logins to different accounts have failed', async () => {
    const node = await start(env);
    const [a, b, c, d] = await registerEmails(node, 4);
    for (const email of [a, b, c]) expectError(await login(node, email!, WRONG), 401, 'invalid_credentials');

    expectAddressLimited(await login(node, d!, WRONG), 60);
    expectAddressLimited(await login(node, unknownEmail(), WRONG), 60);
    // Even the right password: the gate comes before the password check.
    expectAddressLimited(await login(node, d!, PASSWORD), 60);
  });

  it('counts parallel attempts exactly: 12 at once on 12 accounts get 3 × 401 and 9 × 429', async () => {
    const node = await start(env);
    const replies = await Promise.all(Array.from({ length: 12 }, () => login(node, unknownEmail(), WRONG)));
    const statuses = replies.map((r) => r.status).sort((x, y) => x - y);
    expect(statuses).toEqual([...Array(3).fill(401), ...Array(9).fill(429)]);
  });

  it('neither clears nor uses up the count when the attacker logs into their own account in between', async () => {
    const node = await start(env);
    const own = (await registerBuyer(node.url)).user.email;
    const [a, b, c, d] = await registerEmails(node, 4);
    expectError(await login(node, a!, WRONG), 401);
    expectError(await login(node, b!, WRONG), 401);
    for (let i = 0; i < 3; i++) expect((await login(node, own, PASSWORD)).status).toBe(200);
    // Had the successes counted, this third failure would already be refused.
    expectError(await login(node, c!, WRONG), 401, 'invalid_credentials');
    // Had a success cleared the count, this one would still be let through.
    expectAddressLimited(await login(node, d!, WRONG), 60);
    expectAddressLimited(await login(node, own, PASSWORD), 60);
  });

  it('leaves another address its own budget', async () => {
    const node = await start(env);
    const [a, b, c, d] = await registerEmails(node, 4);
    for (const email of [a, b, c]) expectError(await login(node, email!, WRONG), 401);
    expectAddressLimited(await login(node, d!, WRONG), 60);

    expect((await login(node, d!, PASSWORD, OTHER_ADDRESS)).status).toBe(200);
    for (const email of [a, b, c]) expectError(await login(node, email!, WRONG, OTHER_ADDRESS), 401, 'invalid_credentials');
    expectAddressLimited(await login(node, d!, WRONG, OTHER_ADDRESS), 60);
  });
});

describe('both limits (RATE_LIMIT_LOGIN=2/1m, RATE_LIMIT_LOGIN_ADDRESS=4/1m)', () => {
  const env = { RATE_LIMIT_LOGIN: '2/1m', RATE_LIMIT_LOGIN_ADDRESS: '4/1m' };

  it('locks one account after 2 failures, and its further attempts do not use up the address budget', async () => {
    const node = await start(env);
    const [victim, a, b, c] = await registerEmails(node, 4);
    for (let i = 0; i < 2; i++) expectError(await login(node, victim!, WRONG), 401);
    for (let i = 0; i < 5; i++) {
      const refused = expectError(await login(node, victim!, WRONG), 429, 'rate_limited');
      expect(refused.error.message).toMatch(/account/i);
      expect(refused.error.message).not.toMatch(/address/i);
    }
    expectError(await login(node, victim!, PASSWORD), 429, 'rate_limited');
    // The address has counted 2 failures, not the 8 attempts refused for the account.
    expectError(await login(node, a!, WRONG), 401, 'invalid_credentials');
    expectError(await login(node, b!, WRONG), 401, 'invalid_credentials');
    expectAddressLimited(await login(node, c!, WRONG), 60);
  });
});

/**
 * Behind a proxy every connection comes from the proxy: TRUST_PROXY names it, and the address
 * the proxy appended to X-Forwarded-For is the one throttled. Here the "proxy" is this test
 * connecting from 127.0.0.1 and writing the header as nginx would.
 */
describe('the address behind a proxy (TRUST_PROXY, RATE_LIMIT_LOGIN_ADDRESS=3/1m)', () => {
  const limited = { RATE_LIMIT_LOGIN_ADDRESS: '3/1m' };
  const forwardedFor = (chain: string) => ({ 'x-forwarded-for': chain });

  it('without TRUST_PROXY, ignores X-Forwarded-For: a client cannot change its bucket by writing one', async () => {
    const node = await start(limited);
    const [a, b, c, d] = await registerEmails(node, 4);
    const spoofs = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'];
    for (const [i, email] of [a, b, c].entries()) {
      expectError(await loginFrom(node.url, email!, WRONG, { headers: forwardedFor(spoofs[i]!) }), 401, 'invalid_credentials');
    }
    expectAddressLimited(await loginFrom(node.url, d!, WRONG, { headers: forwardedFor(spoofs[3]!) }), 60);
  });

  it('with the peer trusted, keys on the forwarded client: each client behind the proxy has its own budget', async () => {
    const node = await start({ ...limited, TRUST_PROXY: '127.0.0.1' });
    const [a, b, c, d] = await registerEmails(node, 4);
    for (const email of [a, b, c]) expectError(await loginFrom(node.url, email!, WRONG, { headers: forwardedFor('203.0.113.1') }), 401);
    expectAddressLimited(await loginFrom(node.url, d!, WRONG, { headers: forwardedFor('203.0.113.1') }), 60);
    // The same client, IPv4-mapped: the same bucket.
    expectAddressLimited(await loginFrom(node.url, d!, WRONG, { headers: forwardedFor('::ffff:203.0.113.1') }), 60);
    // What the client wrote left of its proxy's entry changes nothing.
    expectAddressLimited(await loginFrom(node.url, d!, WRONG, { headers: forwardedFor('198.51.100.9, 203.0.113.1') }), 60);

    // Another client through the same proxy, and the proxy's own address, are untouched.
    expect((await loginFrom(node.url, d!, PASSWORD, { headers: forwardedFor('203.0.113.2') })).status).toBe(200);
    for (const email of [a, b, c]) expectError(await loginFrom(node.url, email!, WRONG, { headers: forwardedFor('203.0.113.2') }), 401, 'invalid_credentials');
    expectError(await loginFrom(node.url, a!, WRONG), 401, 'invalid_credentials');
  });

  it('with the peer not trusted, keys on the peer whatever X-Forwarded-For says', async () => {
    const node = await start({ ...limited, TRUST_PROXY: '127.0.0.1' });
    const [a, b, c, d] = await registerEmails(node, 4);
    const untrusted = { from: OTHER_ADDRESS };
    for (const [i, email] of [a, b, c].entries()) {
      expectError(await loginFrom(node.url, email!, WRONG, { ...untrusted, headers: forwardedFor(`203.0.113.${i + 1}`) }), 401);
    }
    expectAddressLimited(await loginFrom(node.url, d!, WRONG, { ...untrusted, headers: forwardedFor('203.0.113.9') }), 60);
    // The trusted proxy's clients were never charged for it.
    expectError(await loginFrom(node.url, d!, WRONG, { headers: forwardedFor('203.0.113.1') }), 401, 'invalid_credentials');
  });

  it('falls back to the trusted peer on a malformed header, never a 500', async () => {
    const node = await start({ ...limited, TRUST_PROXY: 'loopback' });
    const [a, b, c, d] = await registerEmails(node, 4);
    const malformed = ['garbage', '203.0.113.1:4711', ', ,'];
    for (const [i, email] of [a, b, c].entries()) {
      expectError(await loginFrom(node.url, email!, WRONG, { headers: forwardedFor(malformed[i]!) }), 401, 'invalid_credentials');
    }
    // All three counted against 127.0.0.1, the proxy that sent them.
    expectAddressLimited(await loginFrom(node.url, d!, WRONG), 60);
  });
});

describe('registrations behind a proxy (TRUST_PROXY=loopback, RATE_LIMIT_REGISTER=1/1h)', () => {
  it('counts registrations per forwarded client', async () => {
    const node = await start({ RATE_LIMIT_REGISTER: '1/1h', TRUST_PROXY: 'loopback' });
    const register = (client: string) =>
      fetch(`${node.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ email: `${unknownEmail()}`, password: PASSWORD, first_name: 'Bea', last_name: 'Proxy', role: 'buyer' }),
      });
    expect((await register('203.0.113.1')).status).toBe(201);
    expect((await register('203.0.113.1')).status).toBe(429);
    expect((await register('2001:db8::1')).status).toBe(201);
    expect((await register('2001:DB8:0::1')).status).toBe(429);
  });
});
