/**
 * The deployment README describes, for real: PostgreSQL, Redis, three nodes, and nginx doing
 * plain round-robin in front (no sticky sessions). A seller and a buyer go through nginx only,
 * sockets included, each request landing on whichever node nginx picks. The nodes trust nginx's
 * X-Forwarded-For (TRUST_PROXY), so clients behind it are throttled each by their own address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatusBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { createProduct, PASSWORD, placeOrder, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { loginFrom } from '../support/login-from.js';
import { startTestNginx, type TestNginx } from '../support/nginx.js';
import { startNodeProcess, type NodeProcess } from '../support/node-process.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { connectedRecorder, eventually, watch } from '../support/socket-client.js';

let database: TestDatabase;
let redis: TestRedis;
let nodes: NodeProcess[] = [];
let nginx: TestNginx;

beforeAll(async () => {
  [database, redis] = await Promise.all([createTestDatabase(), startTestRedis()]);
  // nginx reaches the nodes from 127.0.0.1: that one address is trusted, not all of loopback, so
  // the clients below (127.0.0.2, 127.0.0.3) are clients, as they would be on other machines.
  const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, TRUST_PROXY: '127.0.0.1', RATE_LIMIT_LOGIN_ADDRESS: '3/1m' };
  // All three at once on a fresh database: the migrations run once, under the advisory lock.
  nodes = await Promise.all([startNodeProcess(env), startNodeProcess(env), startNodeProcess(env)]);
  nginx = await startTestNginx(nodes.map((n) => `127.0.0.1:${n.port}`));
}, 90_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(nodes.map((n) => n.kill()));
  await redis?.stop();
  await database?.drop();
});

describe('three nodes on PostgreSQL and Redis behind nginx', () => {
  it('spreads requests over the nodes, and a seller’s change reaches the buyer’s socket whichever nodes they landed on', async () => {
    const upstreams = new Set<string>();
    for (let i = 0; i < 9; i++) {
      const res = await fetch(`${nginx.url}/healthz`);
      expect(res.status).toBe(200);
      upstreams.add(res.headers.get('x-upstream') ?? '');
    }
    expect(upstreams.size).toBe(3);

    const seller = await registerSeller(nginx.url);
    const buyer = await registerBuyer(nginx.url);
    const product = await createProduct(seller, { stock: 5 });
    const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 2 }]);

    // Several sockets through nginx, so they sit on different nodes; every one must hear the change.
    const recorders = await Promise.all([0, 1, 2].map(() => connectedRecorder(nginx.url, buyer.client)));
    const sellerSocket = await connectedRecorder(nginx.url, seller.client);
    try {
      for (const rec of recorders) expect((await watch(rec.socket, placed.order_id)).ok).toBe(true);
      for (const status of ['confirmed', 'processing', 'shipped'] as const) await setStatus(seller, placed.order_id, status);
      await eventually(() => recorders.every((r) => r.statuses.some((e) => e.version === 4)), 'every socket hears every change', 10_000);
      for (const rec of recorders) expect(rec.statuses.map((e) => e.version)).toEqual([2, 3, 4]);

      // A new order shows up for the seller wherever the seller's socket landed.
      const second = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
      await eventually(() => sellerSocket.created.some((e) => e.order_id === second.order_id), 'the seller hears of the new order', 10_000);

      // Reads agree whichever node answers them.
      for (let i = 0; i < 6; i++) {
        const res = await buyer.client.get<OrderStatusBody>(`/api/order-status/${placed.order_id}`);
        expect(res.body).toMatchObject({ status: 'shipped', version: 4 });
      }
      const stock = (await new TestClient(nginx.url).get<{ product: { stock: number } }>(`/api/products/${product.id}`)).body.product.stock;
      expect(stock).toBe(2);
    } finally {
      for (const rec of [...recorders, sellerSocket]) rec.socket.disconnect();
    }
  });

  it('logs a session out on every node: its sockets drop and no node accepts it again', async () => {
    const buyer = await registerBuyer(nginx.url);
    const recorders = await Promise.all([0, 1, 2].map(() => connectedRecorder(nginx.url, buyer.client)));
    const cookie = buyer.client.cookieHeader;
    expect((await buyer.client.post('/api/auth/logout')).status).toBe(204);
    await eventually(() => recorders.every((r) => !r.socket.connected), 'every socket of the session is dropped', 5_000);
    const stale = new TestClient(nginx.url);
    const [name, value] = cookie.split('=') as [string, string];
    stale.setCookie(name, value);
    for (let i = 0; i < 6; i++) expect((await stale.get('/api/auth/me')).status).toBe(401);
  });

  it('throttles failed logins per client address through nginx, whichever node counts them', async () => {
    const [a, b, c, d] = await Promise.all([0, 1, 2, 3].map(async () => (await registerBuyer(nginx.url)).user.email));
    const WRONG = 'wrong password!';
    // Connections from two real source addresses: nginx appends each one's own to X-Forwarded-For.
    const first = { from: '127.0.0.2' };
    const second = { from: '127.0.0.3' };
    for (const email of [a, b, c]) expectError(await loginFrom(nginx.url, email!, WRONG, first), 401, 'invalid_credentials');
    const refused = expectError(await loginFrom(nginx.url, d!, WRONG, first), 429, 'rate_limited');
    expect(refused.error.message).toMatch(/address/i);
    // Writing an X-Forwarded-For of its own does not move the first client to a new bucket.
    expectError(await loginFrom(nginx.url, d!, WRONG, { ...first, headers: { 'x-forwarded-for': '198.51.100.7' } }), 429, 'rate_limited');

    // The second client has its whole budget, on every node nginx sends it to.
    expect((await loginFrom(nginx.url, d!, PASSWORD, second)).status).toBe(200);
    for (const email of [a, b, c]) expectError(await loginFrom(nginx.url, email!, WRONG, second), 401, 'invalid_credentials');
    expectError(await loginFrom(nginx.url, d!, WRONG, second), 429, 'rate_limited');
  });
});
