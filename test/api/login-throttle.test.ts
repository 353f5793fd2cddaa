/**
 * Login throttling per address (RATE_LIMIT_LOGIN_ADDRESS) next to the per-account-and-address
 * limit (RATE_LIMIT_LOGIN). Each test starts its own node, so no test inherits another's counts.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { PASSWORD, registerBuyer } from '../support/factories.js';
import type { Reply } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const WRONG = 'wrong password!';
/** Linux routes all of 127.0.0.0/8 to the loopback interface, so a second source address needs no set-up. */
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

/** POST /api/auth/login over a connection opened from `from`, the address the node throttles. */
function login(node: TestServer, email: string, password: string, from = '127.0.0.1'): Promise<Reply<unknown>> {
  const { hostname, port } = new URL(node.url);
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        localAddress: from,
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of [value ?? []].flat()) headers.append(name, v);
          }
          const json = (res.headers['content-type'] ?? '').includes('application/json');
          resolve({ status: res.statusCode ?? 0, headers, body: json && text ? (JSON.parse(text) as unknown) : text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

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
