/**
 * Two server processes sharing one database (on the store TEST_STORE names) and one real
 * Redis: a change made through either node reaches sockets on both; Redis dying or freezing
 * stops nothing (the event log feeds every node meanwhile), and neither does a node dying
 * between its commit and its publish.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HealthBody, OrderStatusBody } from '../../server/contract/api.js';
import { startOrderLive, type OrderLive } from '../../web/src/live/order-live.js';
import { openDbInspector, type DbInspector } from '../support/db-inspector.js';
import { TestClient } from '../support/http-client.js';
import { createProduct, placeOrder, registerBuyer, registerSeller, setStatus, type Actor } from '../support/factories.js';
import { startNodeProcess, type NodeProcess } from '../support/node-process.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { connectedRecorder, eventually, openSocket, watch, type ClientSocket } from '../support/socket-client.js';
import { createTestStoreUrl, type TestStoreUrl } from '../support/test-store.js';

let redis: TestRedis;
let nodeA: NodeProcess;
let nodeB: NodeProcess;
let database: TestStoreUrl;
let db: DbInspector;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  database = await createTestStoreUrl();
  // Caches far longer than any test: a session ended or an order changed on one node may only
  // show on the other because the event reached it, not because a cache entry ran out.
  const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, READ_CACHE_MS: '60000' };
  nodeA = await startNodeProcess(env);
  nodeB = await startNodeProcess(env);
  db = await openDbInspector(database.url);
}, 60_000);

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

afterAll(async () => {
  await db?.close();
  await Promise.all([nodeA?.kill(), nodeB?.kill()]);
  await redis?.stop();
  await database?.drop();
});

/** The same browser session, talking to the other node. */
function sameSessionOn(actor: Actor, baseUrl: string): TestClient {
  const client = new TestClient(baseUrl);
  const [name, value] = actor.client.cookieHeader.split('=') as [string, string];
  client.setCookie(name, value);
  return client;
}

async function health(node: NodeProcess): Promise<HealthBody> {
  return (await new TestClient(node.url).get<HealthBody>('/healthz')).body;
}

/** A seller and a buyer made on node A, an order of one unit, and the buyer's socket on node B watching it. */
async function orderWatchedOnB() {
  const seller = await registerSeller(nodeA.url);
  const buyer = await registerBuyer(nodeA.url);
  const product = await createProduct(seller);
  const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
  const rec = await connectedRecorder(nodeB.url, sameSessionOn(buyer, nodeB.url));
  sockets.push(rec.socket);
  expect((await watch(rec.socket, placed.order_id)).ok).toBe(true);
  return { seller, buyer, placed, rec };
}

describe('two nodes, one Redis', () => {
  it('pushes a change made through node A to a buyer watching on node B', async () => {
    const { seller, placed, rec } = await orderWatchedOnB();

    await setStatus(seller, placed.order_id, 'confirmed');
    await eventually(() => rec.statuses.length === 1, 'node B delivers the change made on node A');
    expect(rec.statuses[0]).toMatchObject({ order_id: placed.order_id, status: 'confirmed', version: 2 });
  });

  it('pushes order:created for an order placed through node A to the seller on node B', async () => {
    const seller = await registerSeller(nodeA.url);
    const buyer = await registerBuyer(nodeA.url);
    const product = await createProduct(seller);
    const rec = await connectedRecorder(nodeB.url, sameSessionOn(seller, nodeB.url));
    sockets.push(rec.socket);

    const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 3 }]);
    await eventually(() => rec.created.length === 1, 'seller on node B hears of the new order');
    expect(rec.created[0]).toMatchObject({ order_id: placed.order_id, order_number: placed.order_number, status: 'pending' });
  });

  it('disconnects a session’s sockets on every node when it logs out on one', async () => {
    const buyer = await registerBuyer(nodeA.url);
    const onB = await connectedRecorder(nodeB.url, sameSessionOn(buyer, nodeB.url));
    sockets.push(onB.socket);
    await buyer.client.post('/api/auth/logout');
    await eventually(() => !onB.socket.connected, 'the socket on node B is dropped');
  });

  it('answers order-status on node B with a change made through node A, though node B had just read the order', async () => {
    const seller = await registerSeller(nodeA.url);
    const buyer = await registerBuyer(nodeA.url);
    const product = await createProduct(seller);
    const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    const onB = sameSessionOn(buyer, nodeB.url);
    const path = `/api/order-status/${placed.order_id}`;
    expect((await onB.get<OrderStatusBody>(path)).body.version).toBe(1);

    await setStatus(seller, placed.order_id, 'confirmed');
    await eventually(async () => (await onB.get<OrderStatusBody>(path)).body.version === 2, 'node B serves version 2', 2_000);
    expect((await onB.get<OrderStatusBody>(path)).body).toMatchObject({ status: 'confirmed', version: 2 });
  });

  it('refuses a session on every node once it logs out on one, though the other had just served it', async () => {
    const buyer = await registerBuyer(nodeA.url);
    const onB = sameSessionOn(buyer, nodeB.url);
    expect((await onB.get('/api/auth/me')).status).toBe(200);
    expect((await buyer.client.post('/api/auth/logout')).status).toBe(204);
    await eventually(async () => (await onB.get('/api/auth/me')).status === 401, 'node B refuses the ended session', 2_000);
  });

  it('keeps every client on the final version through 200 rapid update requests across 20 orders', async () => {
    const seller = await registerSeller(nodeA.url);
    const buyer = await registerBuyer(nodeA.url);
    const product = await createProduct(seller, { stock: 1000 });
    const orderIds: number[] = [];
    for (let i = 0; i < 20; i++) orderIds.push((await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }])).order_id);

    // The web app's own live module, one per order, half of them on each node.
    const applied = new Map<number, number[]>();
    const lives: OrderLive[] = orderIds.map((orderId, i) => {
      const node = i % 2 === 0 ? nodeA : nodeB;
      const client = sameSessionOn(buyer, node.url);
      const live = startOrderLive({
        orderId,
        fetchStatus: async (id) => (await client.get<OrderStatusBody>(`/api/order-status/${id}`)).body,
        createSocket: () => openSocket(node.url, client),
        pollIntervalMs: 60_000,
      });
      live.subscribe((state) => {
        if (!state.status) return;
        const versions = applied.get(orderId) ?? [];
        if (versions.at(-1) !== state.status.version) versions.push(state.status.version);
        applied.set(orderId, versions);
      });
      return live;
    });
    await eventually(() => lives.every((l) => l.getState().mode === 'live'), 'every live module is connected');

    // 10 requests per order, alternating nodes, all orders at once: each status is sent twice,
    // so half are real moves and half idempotent repeats.
    const path = ['confirmed', 'processing', 'shipped', 'delivered', 'returned'];
    const sellerOnB = sameSessionOn(seller, nodeB.url);
    const finalVersion = new Map<number, number>();
    await Promise.all(
      orderIds.map(async (orderId) => {
        let version = 1;
        for (let step = 0; step < 10; step++) {
          const client = step % 2 === 0 ? seller.client : sellerOnB;
          const newStatus = path[Math.min(Math.floor(step / 2), path.length - 1)] ?? 'returned';
          const res = await client.post<{ order: { version: number } }>('/seller/update-order-status', {
            order_id: orderId,
            new_status: newStatus,
          });
          expect(res.status).toBe(200);
          version = res.body.order.version;
        }
        finalVersion.set(orderId, version);
      }),
    );

    await eventually(
      () => lives.every((l, i) => l.getState().status?.version === finalVersion.get(orderIds[i] ?? 0)),
      'every client ends on its order’s final version',
      10_000,
    );
    for (const live of lives) live.stop();
    for (const [orderId, versions] of applied) {
      const sorted = [...versions].sort((a, b) => a - b);
      expect(versions, `order ${orderId} applied versions in order`).toEqual(sorted);
    }
  });
});

describe('Redis outage', () => {
  it('keeps serving and writing, then resumes pushes and catches up when Redis returns', async () => {
    const seller = await registerSeller(nodeA.url);
    const buyer = await registerBuyer(nodeA.url);
    const product = await createProduct(seller, { stock: 100 });
    const orderIds: number[] = [];
    for (let i = 0; i < 3; i++) orderIds.push((await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }])).order_id);
    const [first = 0, second = 0, third = 0] = orderIds;

    const rec = await connectedRecorder(nodeB.url, sameSessionOn(buyer, nodeB.url));
    sockets.push(rec.socket);
    for (const id of orderIds) expect((await watch(rec.socket, id)).ok).toBe(true);
    const buyerOnB = sameSessionOn(buyer, nodeB.url);
    const versionOnB = async (id: number) => (await buyerOnB.get<OrderStatusBody>(`/api/order-status/${id}`)).body.version;
    for (const id of orderIds) expect(await versionOnB(id)).toBe(1);

    await redis.kill();
    const deadline = Date.now() + 5_000;
    while ((await health(nodeA)).redis !== 'down' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await health(nodeA)).toEqual({ ok: true, db: 'ok', redis: 'down' });

    // No logout can reach node B now, so node B stops reusing the sessions it checked before.
    const leaving = await registerBuyer(nodeA.url);
    const leavingOnB = sameSessionOn(leaving, nodeB.url);
    expect((await leavingOnB.get('/api/auth/me')).status).toBe(200);
    expect((await leaving.client.post('/api/auth/logout')).status).toBe(204);
    expect((await leavingOnB.get('/api/auth/me')).status).toBe(401);

    // Writes through node A go on while Redis is gone; none of them may fail.
    for (const id of orderIds) {
      expect((await setStatus(seller, id, 'confirmed')).changed).toBe(true);
      expect((await setStatus(seller, id, 'processing')).changed).toBe(true);
    }
    const extra = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    expect(extra.order_id).toBeGreaterThan(0);

    const rows = await db.all('SELECT order_id, order_status, version FROM orders WHERE order_id IN (?, ?, ?) ORDER BY order_id', first, second, third);
    expect(rows).toEqual(orderIds.map((id) => ({ order_id: id, order_status: 'processing', version: 3 })));
    // Node B heard of none of these changes, so it no longer answers from what it read before.
    for (const id of orderIds) expect(await versionOnB(id)).toBe(3);

    await redis.restart();
    // Without restarting either node: the catch-up brings node B's client to the database's state...
    await eventually(
      () => orderIds.every((id) => rec.statuses.some((e) => e.order_id === id && e.version === 3)),
      'missed changes arrive after Redis returns',
      15_000,
    );
    expect((await health(nodeB)).redis).toBe('ok');
    // ...and new changes are pushed across nodes again.
    await setStatus(seller, first, 'shipped');
    await eventually(() => rec.statuses.some((e) => e.order_id === first && e.version === 4), 'pushes resume', 5_000);
  }, 60_000);
});

describe('the event log as the backstop', () => {
  it('a node killed after its commit and before its publish: a watcher on another node still gets the change within 5 s', async () => {
    const doomed = await startNodeProcess({ DATABASE_URL: database.url, REDIS_URL: redis.url, READ_CACHE_MS: '60000', FAULT_INJECTION: 'exit-before-publish' });
    try {
      const { seller, placed, rec } = await orderWatchedOnB();
      const sent = Date.now();
      await expect(sameSessionOn(seller, doomed.url).post('/seller/update-order-status', { order_id: placed.order_id, new_status: 'confirmed' })).rejects.toThrow();
      expect(await doomed.kill()).toBeNull(); // it died of SIGKILL, as intended
      await eventually(() => rec.statuses.some((e) => e.order_id === placed.order_id && e.version === 2), 'node B delivers the change from the log', 5_000);
      expect(Date.now() - sent).toBeLessThan(5_000);
    } finally {
      await doomed.kill('SIGKILL');
    }
  }, 30_000);

  it('a logout while Redis is down drops the session\'s sockets on the other node all the same', async () => {
    const buyer = await registerBuyer(nodeA.url);
    const onB = await connectedRecorder(nodeB.url, sameSessionOn(buyer, nodeB.url));
    sockets.push(onB.socket);
    await redis.kill();
    try {
      await eventually(async () => (await health(nodeA)).redis === 'down' && (await health(nodeB)).redis === 'down', 'both nodes see Redis down', 5_000);
      expect((await buyer.client.post('/api/auth/logout')).status).toBe(204);
      await eventually(() => !onB.socket.connected, 'the socket on node B is dropped', 5_000);
    } finally {
      await redis.restart();
    }
    await eventually(async () => (await health(nodeB)).redis === 'ok', 'node B reconnects', 10_000);
  }, 30_000);

  it('a frozen Redis is down within 2 s: caches are bypassed, changes keep reaching watchers, and none is lost after it thaws', async () => {
    const { seller, buyer, placed, rec } = await orderWatchedOnB();
    const buyerOnB = sameSessionOn(buyer, nodeB.url);
    const versionOnB = async () => (await buyerOnB.get<OrderStatusBody>(`/api/order-status/${placed.order_id}`)).body.version;
    expect(await versionOnB()).toBe(1); // now cached on node B

    const frozenAt = Date.now();
    redis.freeze();
    try {
      await eventually(async () => (await health(nodeA)).redis === 'down' && (await health(nodeB)).redis === 'down', 'both nodes call Redis down', 2_500);
      expect(Date.now() - frozenAt).toBeLessThan(2_500);
      expect((await health(nodeB)).ok).toBe(true);
      await setStatus(seller, placed.order_id, 'confirmed');
      expect(await versionOnB()).toBe(2); // not the cached version 1
      await eventually(() => rec.statuses.some((e) => e.version === 2), 'the change reaches the watcher from the log', 5_000);
      await setStatus(seller, placed.order_id, 'processing');
    } finally {
      redis.thaw();
    }
    await eventually(async () => (await health(nodeA)).redis === 'ok' && (await health(nodeB)).redis === 'ok', 'Redis answers again', 10_000);
    await setStatus(seller, placed.order_id, 'shipped');
    const versions = () => rec.statuses.filter((e) => e.order_id === placed.order_id).map((e) => e.version);
    await eventually(() => versions().includes(3) && versions().includes(4), 'every version reaches the watcher', 5_000);
    // Each exactly once; the one made just before the thaw may come after the next (clients keep the highest).
    expect([...versions()].sort()).toEqual([2, 3, 4]);
  }, 30_000);
});
