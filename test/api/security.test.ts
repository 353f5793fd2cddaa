import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateStatusBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { ADDRESS, addToCart, createProduct, orderScenario, PASSWORD, registerBuyer, type Actor } from '../support/factories.js';
import { TestClient, type Reply } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const sessions = async () => (await server.db.get<{ n: number }>('SELECT count(*) AS n FROM sessions'))?.n ?? 0;

/** Every unsafe endpoint, as a buyer or the order's seller would call it. */
async function unsafeRequests() {
  const { seller, buyer, product, orderId } = await orderScenario(server.url);
  const cart = await addToCart(buyer, { product_id: product.id, quantity: 1 });
  const itemId = cart.items[0]?.id ?? 0;
  const order = { order_id: orderId, new_status: 'confirmed' };
  const requests: [string, Actor | null, string, string, unknown][] = [
    ['register', null, 'POST', '/api/auth/register', { email: 'x@example.test', password: PASSWORD, first_name: 'X', last_name: 'Y', role: 'buyer' }],
    ['login', null, 'POST', '/api/auth/login', { email: buyer.user.email, password: PASSWORD }],
    ['logout', buyer, 'POST', '/api/auth/logout', undefined],
    ['create product', seller, 'POST', '/api/seller/products', { name: 'X', price: 1, stock: 1 }],
    ['patch product', seller, 'PATCH', `/api/seller/products/${product.id}`, { price: 1 }],
    ['add to cart', buyer, 'POST', '/api/cart/items', { product_id: product.id, quantity: 1 }],
    ['patch cart', buyer, 'PATCH', `/api/cart/items/${itemId}`, { quantity: 2 }],
    ['delete cart line', buyer, 'DELETE', `/api/cart/items/${itemId}`, undefined],
    ['place order', buyer, 'POST', '/api/place-order', { payment_method: 'card', shipping_address: ADDRESS }],
    ['cancel', buyer, 'POST', `/api/orders/${orderId}/cancel`, undefined],
    ['update status (JSON)', seller, 'POST', '/seller/update-order-status', order],
    ['update status (form)', seller, 'POST', '/seller/update-order-status', new URLSearchParams({ order_id: String(orderId), new_status: 'confirmed' })],
  ];
  return { seller, buyer, requests };
}

/** Writes a request as raw lines (so a header can be sent twice) and reads the status line and what follows. */
function rawExchange(head: string[], body = ''): Promise<{ status: number; text: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    const finish = () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0), text: received });
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (/\r\n\r\n/.test(received) && (/\}\s*$/.test(received) || !/content-length: [1-9]/i.test(received))) {
        socket.destroy();
        finish();
      }
    });
    socket.on('error', reject);
    socket.on('close', finish);
    socket.once('connect', () => socket.write([...head, '', ''].join('\r\n') + body));
  });
}

const send = (actor: Actor | null, method: string, path: string, body: unknown, headers: Record<string, string>) =>
  (actor?.client ?? new TestClient(server.url)).request<unknown>(method, path, body, headers);

describe('cross-site request refusal', () => {
  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['the same host over another scheme', { origin: 'ORIGIN_HTTPS' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: cross-site with the right Origin', { 'sec-fetch-site': 'cross-site', origin: 'ORIGIN' }],
  ])('refuses every unsafe request with %s: 403 cross_site_request, nothing written', async (_what, rawHeaders) => {
    const { requests } = await unsafeRequests();
    const headers = Object.fromEntries(
      Object.entries(rawHeaders).map(([k, v]) => [k, v.replace('ORIGIN_HTTPS', server.url.replace('http:', 'https:')).replace('ORIGIN', server.url)]),
    );
    const before = { state: await server.db.fingerprint(), sessions: await sessions() };
    for (const [name, actor, method, path, body] of requests) {
      const res = await send(actor, method, path, body, headers);
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(403);
      expectError(res, 403, 'cross_site_request');
      expect(res.headers.getSetCookie(), name).toEqual([]);
    }
    expect({ state: await server.db.fingerprint(), sessions: await sessions() }).toEqual(before);
  });

  it('refuses a cross-site form post and a cross-site text/plain post alike', async () => {
    const { seller } = await unsafeRequests();
    const before = await server.db.fingerprint();
    for (const [body, type] of [
      ['order_id=1&new_status=confirmed', 'application/x-www-form-urlencoded'],
      ['{"order_id":1,"new_status":"confirmed"}', 'text/plain'],
      ['{"order_id":1,"new_status":"confirmed"}', 'application/json'],
    ] as const) {
      const res = await seller.client.post('/seller/update-order-status', body, { 'content-type': type, origin: 'https://evil.example' });
      expectError(res, 403, 'cross_site_request');
    }
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('lets same-origin requests through, with or without Sec-Fetch-Site', async () => {
    const { seller, buyer, requests } = await unsafeRequests();
    const update = requests.find(([name]) => name === 'update status (JSON)');
    const res = await seller.client.post<UpdateStatusBody>('/seller/update-order-status', update?.[4], { origin: server.url, 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(true);
    const product = await createProduct(seller);
    expect((await buyer.client.post('/api/cart/items', { product_id: product.id, quantity: 1 }, { origin: server.url })).status).toBe(201);
    expect((await buyer.client.post('/api/cart/items', { product_id: product.id, quantity: 1 }, { 'sec-fetch-site': 'same-site' })).status).toBe(201);
    expect((await buyer.client.post('/api/cart/items', { product_id: product.id, quantity: 1 }, { 'sec-fetch-site': 'none' })).status).toBe(201);
  });

  it.each([
    ['one Sec-Fetch-Site: same-origin (the control: accepted)', ['Sec-Fetch-Site: same-origin'], true],
    ['Sec-Fetch-Site sent twice, cross-site second', ['Sec-Fetch-Site: same-origin', 'Sec-Fetch-Site: cross-site'], false],
    ['Sec-Fetch-Site sent twice, both same-origin', ['Sec-Fetch-Site: same-origin', 'Sec-Fetch-Site: same-origin'], false],
    ['one Origin, ours (the control: accepted)', ['Origin: OWN'], true],
    ['Origin sent twice, ours first', ['Origin: OWN', 'Origin: https://evil.example'], false],
    ['Origin sent twice, ours both times', ['Origin: OWN', 'Origin: OWN'], false],
  ])('answers a request with %s: refused unless one plain header, over HTTP and at the socket handshake', async (_what, lines, accepted) => {
    const { seller, orderId } = await orderScenario(server.url);
    const { host } = new URL(server.url);
    const headerLines = lines.map((l) => l.replace('OWN', server.url));
    const before = await server.db.fingerprint();
    const body = JSON.stringify({ order_id: orderId, new_status: 'confirmed' });
    const post = await rawExchange([
      'POST /seller/update-order-status HTTP/1.1',
      `Host: ${host}`,
      `Cookie: ${seller.client.cookieHeader}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...headerLines,
      'Connection: close',
    ], body);
    if (accepted) {
      expect(post.status, post.text).toBe(200);
    } else {
      expect(post.status, post.text).toBe(403);
      expect(post.text).toContain('cross_site_request');
      expect(await server.db.fingerprint()).toBe(before);
    }
    const upgrade = await rawExchange([
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
      `Host: ${host}`,
      `Cookie: ${seller.client.cookieHeader}`,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ...headerLines,
    ]);
    if (accepted) expect(upgrade.status, upgrade.text).toBe(101);
    else expect(upgrade.status, upgrade.text).toBeGreaterThanOrEqual(400);
  });

  it('lets safe methods through whatever the Origin', async () => {
    const buyer = await registerBuyer(server.url);
    expect((await buyer.client.get('/api/auth/me', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(200);
  });
});

describe('PUBLIC_URL as the app’s own origin', () => {
  let proxied: TestServer;
  beforeAll(async () => {
    proxied = await startTestServer({ PUBLIC_URL: 'https://shop.example.test' });
  });
  afterAll(() => proxied.stop());

  it('accepts that origin and refuses the Host-derived one', async () => {
    const body = { email: 'someone@example.test', password: PASSWORD, first_name: 'S', last_name: 'O', role: 'buyer' };
    const refused = await new TestClient(proxied.url).post('/api/auth/register', body, { origin: proxied.url });
    expectError(refused, 403, 'cross_site_request');
    const accepted = await new TestClient(proxied.url).post('/api/auth/register', body, { origin: 'https://shop.example.test' });
    expect(accepted.status).toBe(201);
  });
});

describe('security headers', () => {
  /** API answers are never documents: a CSP that lets nothing load or frame, and no sniffing. */
  function expectApiHeaders(res: Reply<unknown>, what: string) {
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp, what).toMatch(/default-src 'none'/);
    expect(csp, what).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
    expect(res.headers.get('x-frame-options'), what).toBe('DENY');
    // The document-only policies are for pages (test/web-serving/web-routes.test.ts).
    expect(res.headers.get('referrer-policy'), what).toBeNull();
    expect(res.headers.get('permissions-policy'), what).toBeNull();
  }

  it('are on every kind of API response: success, errors, not found, refused, health, metrics', async () => {
    const buyer = await registerBuyer(server.url);
    const anonymous = new TestClient(server.url);
    const replies: [string, Reply<unknown>][] = [
      ['200 me', await buyer.client.get('/api/auth/me')],
      ['200 products', await anonymous.get('/api/products')],
      ['401', await anonymous.get('/api/cart')],
      ['400', await anonymous.get('/api/products?limit=0')],
      ['404 route', await anonymous.get('/api/nothing-here')],
      ['403 cross-site', await buyer.client.post('/api/cart/items', {}, { origin: 'https://evil.example' })],
      ['healthz', await anonymous.get('/healthz')],
      ['metrics', await anonymous.get('/metrics')],
      ['openapi.json', await anonymous.get('/api/openapi.json')],
    ];
    for (const [what, res] of replies) expectApiHeaders(res, what);
  });

  it('give the API reference page the document policies: its own scripts only, referrer and permissions policies', async () => {
    const res = await fetch(`${server.url}/api/docs`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('in production: Secure __Host- cookie and HSTS', async () => {
    const production = await startTestServer({ NODE_ENV: 'production', SESSION_SECRET: 'p'.repeat(48) });
    try {
      const res = await new TestClient(production.url).post('/api/auth/register', {
        email: 'prod@example.test',
        password: PASSWORD,
        first_name: 'P',
        last_name: 'R',
        role: 'buyer',
      });
      expect(res.status).toBe(201);
      const cookie = res.headers.getSetCookie().find((l) => l.startsWith('__Host-op_session=')) ?? '';
      expect(cookie.toLowerCase()).toContain('secure');
      expect(cookie.toLowerCase()).toContain('httponly');
      expect(cookie.toLowerCase()).toContain('samesite=lax');
      expect(cookie.toLowerCase()).not.toContain('domain=');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    } finally {
      await production.stop();
    }
  });
});

describe('the session cookie', () => {
  it('is HttpOnly and never appears in a body', async () => {
    const buyer = await registerBuyer(server.url);
    const token = buyer.client.cookieHeader.replace(/^op_session=/, '');
    const res = await buyer.client.post<unknown>('/api/auth/login', { email: buyer.user.email, password: PASSWORD });
    const line = res.headers.getSetCookie().find((l) => l.startsWith('op_session=')) ?? '';
    expect(line).toMatch(/;\s*HttpOnly/i);
    const fresh = buyer.client.cookieHeader.replace(/^op_session=/, '');
    for (const body of [JSON.stringify(res.body), JSON.stringify((await buyer.client.get('/api/auth/me')).body)]) {
      expect(body).not.toContain(token);
      expect(body).not.toContain(fresh);
      expect(body).not.toMatch(/password|hash/i);
    }
  });

  it('is stored hashed: the token itself is not in the sessions table', async () => {
    const buyer = await registerBuyer(server.url);
    const token = buyer.client.cookieHeader.replace(/^op_session=/, '');
    expect((await server.db.get<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE id = ?', token))?.n).toBe(0);
  });
});

describe('limits and leaks', () => {
  it('answers 413 to a body over 64 KiB, writing nothing', async () => {
    const buyer = await registerBuyer(server.url);
    const before = await server.db.counts();
    const res = await buyer.client.post('/api/place-order', { payment_method: 'card', shipping_address: { ...ADDRESS, name: 'x'.repeat(70_000) } });
    expectError(res, 413, 'payload_too_large');
    expect(await server.db.counts()).toEqual(before);
  });

  it('answers 413 to a chunked body over 64 KiB too, writing nothing', async () => {
    const buyer = await registerBuyer(server.url);
    const before = await server.db.counts();
    const chunk = new TextEncoder().encode(`{"payment_method":"card","note":"${'x'.repeat(70_000)}"}`);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < chunk.length; i += 8192) controller.enqueue(chunk.slice(i, i + 8192));
        controller.close();
      },
    });
    const init: RequestInit & { duplex: 'half' } = {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: buyer.client.cookieHeader },
      body,
      duplex: 'half',
    };
    const res = await fetch(`${server.url}/api/place-order`, init);
    const reply = { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
    expectError(reply, 413, 'payload_too_large');
    expect(await server.db.counts()).toEqual(before);
  });

  it('answers a failure inside the database with a bare 500: no SQL, no stack, nothing written', async () => {
    const { seller, buyer } = await orderScenario(server.url);
    const product = await createProduct(seller);
    // The next cart insert fails inside the database, as a full disk or a corrupt page would.
    const restore = await server.db.failInserts('cart_items', 'SECRET_SQL_DETAIL in cart_items');
    try {
      const before = await server.db.counts();
      const res = await buyer.client.post('/api/cart/items', { product_id: product.id, quantity: 1 });
      const error = expectError(res, 500, 'internal_error');
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/SECRET_SQL_DETAIL|cart_items|SQLITE|sqlite|PostgreSQL|postgres|plpgsql|P0001|INSERT|\bat\s.+:\d+:\d+/);
      expect(error.error).not.toHaveProperty('details');
      expect(await server.db.counts()).toEqual(before);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await restore();
    }
    // The server keeps serving afterwards.
    expect((await buyer.client.post('/api/cart/items', { product_id: product.id, quantity: 1 })).status).toBe(201);
  });
});
