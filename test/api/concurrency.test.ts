/** Races decided by the database: idempotency keys, the last units of stock, stale versions. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceOrderBody, UpdateStatusBody } from '../../server/contract/api.js';
import { ORDER_STATUSES } from '../../server/domain/order-status.js';
import { expectError } from '../support/assertions.js';
import { openDbInspector, type DbInspector } from '../support/db-inspector.js';
import { ADDRESS, addToCart, createProduct, orderScenario, PASSWORD, registerBuyer, registerSeller, setStatus, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startNodeProcess, type NodeProcess } from '../support/node-process.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createTestStoreUrl, type TestStoreUrl } from '../support/test-store.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const PATH = '/seller/update-order-status';
const checkout = (items?: { product_id: number; quantity: number }[]) => ({
  payment_method: 'card',
  shipping_address: ADDRESS,
  ...(items && { items }),
});
const statuses = (replies: { status: number }[]) => replies.map((r) => r.status).sort((a, b) => a - b);

describe('one Idempotency-Key, 50 requests at once', () => {
  it('creates exactly one order and answers all 50 with the same 201 body', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 1000 });
    const key = randomUUID();
    const before = await server.db.counts();
    const replies = await Promise.all(
      Array.from({ length: 50 }, () =>
        buyer.client.post<PlaceOrderBody>('/api/place-order', checkout([{ product_id: product.id, quantity: 2 }]), { 'idempotency-key': key }),
      ),
    );
    expect(statuses(replies)).toEqual(Array(50).fill(201));
    const [first] = replies;
    for (const reply of replies) expect(reply.body).toEqual(first?.body);
    const after = await server.db.counts();
    expect(after.orders - before.orders).toBe(1);
    expect(after.order_items - before.order_items).toBe(1);
    expect(after.idempotency_keys - before.idempotency_keys).toBe(1);
    expect(await server.db.stockOf(product.id)).toBe(998);
    expect(await server.db.count('orders', 'user_id = ?', buyer.user.id)).toBe(1);
  });
});

describe('20 buyers racing for the last 3 units', () => {
  it('with items: exactly 3 orders, 17 × 409, stock 0 and never below', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller, { stock: 3 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => registerBuyer(server.url)));
    const replies = await Promise.all(buyers.map((b) => b.client.post<unknown>('/api/place-order', checkout([{ product_id: product.id, quantity: 1 }]))));
    expect(statuses(replies)).toEqual([...Array(3).fill(201), ...Array(17).fill(409)]);
    for (const reply of replies.filter((r) => r.status === 409)) expectError(reply, 409, 'insufficient_stock');
    expect(await server.db.stockOf(product.id)).toBe(0);
    expect(await server.db.get('SELECT count(*) AS orders, sum(quantity) AS units FROM order_items WHERE product_id = ?', product.id)).toEqual({ orders: 3, units: 3 });
    expect(await server.db.count('products', 'stock < 0')).toBe(0);
  });

  it('from their carts: exactly 3 orders, the 17 others keep their carts', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller, { stock: 3 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => registerBuyer(server.url)));
    for (const buyer of buyers) await addToCart(buyer, { product_id: product.id, quantity: 1 });
    const replies = await Promise.all(buyers.map((b) => b.client.post<unknown>('/api/place-order', checkout())));
    expect(statuses(replies)).toEqual([...Array(3).fill(201), ...Array(17).fill(409)]);
    expect(await server.db.stockOf(product.id)).toBe(0);
    const winners = buyers.filter((_b, i) => replies[i]?.status === 201);
    for (const buyer of buyers) {
      expect(await server.db.count('cart_items', 'user_id = ?', buyer.user.id)).toBe(winners.includes(buyer) ? 0 : 1);
    }
  });
});

describe('the same buyer clicking twice', () => {
  it('10 checkouts of one cart at once, without a key: one order, the rest find the cart empty', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 100 });
    await addToCart(buyer, { product_id: product.id, quantity: 2 });
    const replies = await Promise.all(Array.from({ length: 10 }, () => buyer.client.post<unknown>('/api/place-order', checkout())));
    expect(statuses(replies)).toEqual([201, ...Array(9).fill(400)]);
    for (const reply of replies.filter((r) => r.status === 400)) expectError(reply, 400, 'empty_cart');
    expect(await server.db.count('orders', 'user_id = ?', buyer.user.id)).toBe(1);
    expect(await server.db.stockOf(product.id)).toBe(98);
  });

  it('10 cart adds at once never put more than the stock in the cart', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 5 });
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => buyer.client.post<unknown>('/api/cart/items', { product_id: product.id, quantity: 1 })),
    );
    expect(statuses(replies)).toEqual([...Array(5).fill(201), ...Array(5).fill(409)]);
    expect(await server.db.all('SELECT quantity FROM cart_items WHERE user_id = ?', buyer.user.id)).toEqual([{ quantity: 5 }]);
  });
});

describe('the same email registered 10 times at once', () => {
  it('creates one account and answers 409 email_taken to the rest', async () => {
    const email = `race-${randomUUID().slice(0, 8)}@example.test`;
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        new TestClient(server.url).post<unknown>('/api/auth/register', { email, password: PASSWORD, first_name: 'R', last_name: 'C', role: 'buyer' }),
      ),
    );
    expect(statuses(replies)).toEqual([201, ...Array(9).fill(409)]);
    for (const reply of replies.filter((r) => r.status === 409)) expectError(reply, 409, 'email_taken');
    expect(await server.db.count('users', 'email = ?', email)).toBe(1);
  });
});

describe('20 status updates at once', () => {
  it('with the same expected_version: exactly one 200, 19 × 409 version_conflict, one history row', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    const historyBefore = await server.db.count('order_status_history', 'order_id = ?', orderId);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => seller.client.post<UpdateStatusBody>(PATH, { order_id: orderId, new_status: 'confirmed', expected_version: 1 })),
    );
    expect(statuses(replies)).toEqual([200, ...Array(19).fill(409)]);
    for (const reply of replies.filter((r) => r.status === 409)) expectError(reply, 409, 'version_conflict');
    expect(replies.find((r) => r.status === 200)?.body).toMatchObject({ changed: true, order: { status: 'confirmed', version: 2 } });
    expect(await server.db.count('order_status_history', 'order_id = ?', orderId)).toBe(historyBefore + 1);
    expect(await server.db.get('SELECT order_status, version FROM orders WHERE order_id = ?', orderId)).toEqual({ order_status: 'confirmed', version: 2 });
  });

  it('racing to different statuses without a version: every change is counted once in version and history', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    const targets = Array.from({ length: 20 }, (_v, i) => (i % 2 ? 'confirmed' : 'cancelled'));
    const replies = await Promise.all(targets.map((status) => seller.client.post<unknown>(PATH, { order_id: orderId, new_status: status })));
    for (const reply of replies) expect([200, 409], JSON.stringify(reply.body)).toContain(reply.status);
    const changed = replies.filter((r) => r.status === 200 && (r.body as UpdateStatusBody).changed).length;
    const row = await server.db.get<{ order_status: string; version: number }>('SELECT order_status, version FROM orders WHERE order_id = ?', orderId);
    expect(row?.version).toBe(1 + changed);
    expect(await server.db.count('order_status_history', 'order_id = ?', orderId)).toBe(1 + changed);
    // pending → confirmed → cancelled is the longest legal path among these targets.
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(changed).toBeLessThanOrEqual(2);
    expect(ORDER_STATUSES).toContain(row?.order_status);
    const history = await server.db.all<{ from_status: string | null; to_status: string }>(
      'SELECT from_status, to_status FROM order_status_history WHERE order_id = ? ORDER BY id',
      orderId,
    );
    // The history is one unbroken chain ending at the order's status.
    for (let i = 1; i < history.length; i++) expect(history[i]?.from_status).toBe(history[i - 1]?.to_status);
    expect(history.at(-1)?.to_status).toBe(row?.order_status);
  });

  it('buyer cancelling while the seller moves on: one of them wins, the history agrees', async () => {
    const { seller, buyer, orderId } = await orderScenario(server.url);
    await setStatus(seller, orderId, 'confirmed');
    const [cancel, processing] = await Promise.all([
      buyer.client.post<unknown>(`/api/orders/${orderId}/cancel`),
      seller.client.post<unknown>(PATH, { order_id: orderId, new_status: 'processing', expected_version: 2 }),
    ]);
    const row = await server.db.get<{ order_status: string; version: number }>('SELECT order_status, version FROM orders WHERE order_id = ?', orderId);
    if (row?.order_status === 'cancelled') {
      expect(cancel.status).toBe(200);
      expectError(processing, 409, 'version_conflict');
    } else {
      expect(row?.order_status).toBe('processing');
      expect(processing.status).toBe(200);
      expectError(cancel, 409, 'not_cancellable');
    }
    expect(row?.version).toBe(3);
    expect(await server.db.count('order_status_history', 'order_id = ?', orderId)).toBe(3);
  });
});

/** A tsx process starts in about a second, but a loaded two-core machine can take far longer. */
const STARTUP_MS = 60_000;

describe('two server processes on one database', () => {
  let database: TestStoreUrl;
  let nodes: NodeProcess[] = [];
  let shared: DbInspector;
  beforeAll(async () => {
    database = await createTestStoreUrl();
    const env = { DATABASE_URL: database.url };
    // The first node creates the schema; the second then opens the migrated database.
    nodes = [await startNodeProcess(env, STARTUP_MS)];
    nodes.push(await startNodeProcess(env, STARTUP_MS));
    shared = await openDbInspector(database.url);
  }, 2 * STARTUP_MS + 10_000);
  afterAll(async () => {
    await shared?.close();
    await Promise.all(nodes.map((n) => n.kill()));
    await database?.drop();
  });

  /** The actor's session, sent to the given node: sessions live in the shared database. */
  const on = (actor: Actor, node: NodeProcess) => {
    const client = new TestClient(node.url);
    const [name = '', value = ''] = actor.client.cookieHeader.split('=');
    client.setCookie(name, value);
    return client;
  };

  it('20 buyers split across both processes race for 3 units: exactly 3 orders, stock 0', async () => {
    const [nodeA, nodeB] = nodes as [NodeProcess, NodeProcess];
    const seller = await registerSeller(nodeA.url);
    const product = await createProduct(seller, { stock: 3 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => registerBuyer(nodeA.url)));
    const replies = await Promise.all(
      buyers.map((b, i) => on(b, i % 2 ? nodeA : nodeB).post<unknown>('/api/place-order', checkout([{ product_id: product.id, quantity: 1 }]))),
    );
    expect(statuses(replies)).toEqual([...Array(3).fill(201), ...Array(17).fill(409)]);
    expect(await shared.stockOf(product.id)).toBe(0);
    expect(await shared.count('order_items', 'product_id = ?', product.id)).toBe(3);
  });

  it('20 updates with one expected_version, split across both processes: exactly one wins', async () => {
    const [nodeA, nodeB] = nodes as [NodeProcess, NodeProcess];
    const { seller, orderId } = await orderScenario(nodeA.url);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_v, i) =>
        on(seller, i % 2 ? nodeA : nodeB).post<unknown>(PATH, { order_id: orderId, new_status: 'confirmed', expected_version: 1 }),
      ),
    );
    expect(statuses(replies)).toEqual([200, ...Array(19).fill(409)]);
    expect(await shared.count('order_status_history', 'order_id = ?', orderId)).toBe(2);
    expect(await shared.get('SELECT order_status, version FROM orders WHERE order_id = ?', orderId)).toEqual({ order_status: 'confirmed', version: 2 });
  });
});
