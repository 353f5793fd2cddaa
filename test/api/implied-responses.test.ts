/**
 * The answers a route gives whatever it is for — a path or query that does not fit (400), a
 * body over the limit (413), a throttled account (429 with Retry-After) — received for real
 * and held to the document like every other response (the TestClient checks each one), and
 * the order of two of them: a route that needs a session says 401 before it looks at the body.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../support/assertions.js';
import { addToCart, orderScenario, PASSWORD, registerBuyer, registerWebhook, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let buyer: Actor;
let seller: Actor;
let orderId: number;
let webhookId: number;
let cartItemId: number;
beforeAll(async () => {
  server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'on' });
  const scenario = await orderScenario(server.url);
  ({ buyer, seller, orderId } = scenario);
  webhookId = (await registerWebhook(seller, 'http://127.0.0.1:9/hook')).id;
  cartItemId = (await addToCart(buyer, { product_id: scenario.product.id, quantity: 1 })).items[0]?.id ?? 0;
});
afterAll(() => server.stop());

/** A JSON body of about 70 KB, over the 64 KiB limit. */
const LARGE = { filler: 'x'.repeat(70_000) };

/** Unsafe routes that declare no body of their own, each with the actor it belongs to. */
const bodiless = (): [string, string, Actor][] => [
  ['POST', `/api/orders/${orderId}/cancel`, buyer],
  ['POST', '/api/auth/logout', buyer],
  ['POST', `/api/seller/webhooks/${webhookId}/rotate-secret`, seller],
  ['DELETE', `/api/cart/items/${cartItemId}`, buyer],
];

describe('a path parameter that does not fit its declaration', () => {
  it.each(['/api/orders/', '/api/checkouts/'])('%s<100 characters> → 400 invalid_input, as documented', async (prefix) => {
    const res = await buyer.client.get(prefix + 'A'.repeat(100));
    expect(expectError(res, 400, 'invalid_input').error.message).toMatch(/address/i);
  });
});

describe('a body over 64 KiB to a route that declares none', () => {
  it('→ 413 payload_too_large for a signed-in user, as documented, writing nothing', async () => {
    const before = await server.db.fingerprint();
    for (const [method, path, actor] of bodiless()) expectError(await actor.client.request(method, path, LARGE), 413, 'payload_too_large');
    expect(await server.db.fingerprint()).toBe(before);
    // The session survived its refused logout.
    expect((await buyer.client.get('/api/auth/me')).status).toBe(200);
  });

  it('→ 401 without a session: the missing session is said first', async () => {
    const anonymous = new TestClient(server.url);
    for (const [method, path] of bodiless()) expectError(await anonymous.request(method, path, LARGE), 401, 'unauthorized');
    expectError(await anonymous.post('/seller/update-order-status', { order_id: orderId, new_status: 'confirmed', note: LARGE.filler }), 401, 'unauthorized');
  });
});

/** Sends a request's head and no body; resolves with the status line's code, which must come without the body. */
function headOnly(lines: string[]): Promise<number> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer without the body: the server waited for it'));
    }, 5_000);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (match) {
        clearTimeout(timer);
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on('error', reject);
    socket.once('connect', () => socket.write([...lines, `Host: 127.0.0.1:${port}`, 'Content-Type: application/json', '', ''].join('\r\n')));
  });
}

describe('the refusals that never read the body', () => {
  it('401 to a large body without a session, whether it says its length or comes chunked', async () => {
    expect(await headOnly([`POST /api/orders/${orderId}/cancel HTTP/1.1`, 'Content-Length: 70000'])).toBe(401);
    expect(await headOnly(['POST /api/place-order HTTP/1.1', 'Transfer-Encoding: chunked'])).toBe(401);
    expect(await headOnly(['POST /seller/update-order-status HTTP/1.1', 'Content-Length: 70000'])).toBe(401);
  });

  it('413 to a signed-in user whose body says it is over the limit', async () => {
    expect(await headOnly([`POST /api/orders/${orderId}/cancel HTTP/1.1`, 'Content-Length: 70000', `Cookie: ${buyer.client.cookieHeader}`])).toBe(413);
  });
});

describe('429, with its Retry-After', () => {
  it('registrations and logins over their limits, as documented (header included)', async () => {
    const node = await startTestServer({ RATE_LIMIT_REGISTER: '1/1h', RATE_LIMIT_LOGIN: '1/15m' });
    try {
      const first = await registerBuyer(node.url);
      const again = await new TestClient(node.url).post('/api/auth/register', {
        email: `second-${Date.now()}@example.test`,
        password: PASSWORD,
        first_name: 'Bea',
        last_name: 'Twice',
        role: 'buyer',
      });
      expectError(again, 429, 'rate_limited');
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);

      const guest = new TestClient(node.url);
      expectError(await guest.post('/api/auth/login', { email: first.user.email, password: 'not it at all' }), 401, 'invalid_credentials');
      const limited = await guest.post('/api/auth/login', { email: first.user.email, password: 'not it at all' });
      expectError(limited, 429, 'rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await node.stop();
    }
  });
});
