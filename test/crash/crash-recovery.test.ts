/**
 * SIGKILL a real server process in the middle of a write load, twice, and check on restart
 * that the database is intact and that every order acknowledged with 201 is there in full:
 * the order row, all its items, its shipment row and its first history row. Orders that were
 * in flight at the kill may or may not exist, but never in part. On the store TEST_STORE names:
 * a SQLite file is read after the kill (its WAL recovered) and checked page by page; a
 * PostgreSQL server outlives the node, and the same queries check what its transactions left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatusBody, PlaceOrderBody } from '../../server/contract/api.js';
import { openDbInspector } from '../support/db-inspector.js';
import { ADDRESS, createProduct, registerBuyer, registerSeller, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startNodeProcess, type NodeProcess } from '../support/node-process.js';
import { createTestStoreUrl, type TestStoreUrl } from '../support/test-store.js';

let database: TestStoreUrl;
const running: NodeProcess[] = [];
beforeAll(async () => {
  database = await createTestStoreUrl();
});
afterAll(async () => {
  await Promise.all(running.map((server) => server.kill('SIGKILL')));
  await database?.drop();
});

/** A tsx process starts in about a second, but a loaded two-core machine can take far longer. */
const STARTUP_MS = 60_000;

async function start(): Promise<NodeProcess> {
  const server = await startNodeProcess({ DATABASE_URL: database.url }, STARTUP_MS);
  running.push(server);
  return server;
}

interface Line {
  product_id: number;
  quantity: number;
}

interface Acknowledged {
  body: PlaceOrderBody;
  lines: Line[];
  /** The buyer's session cookie. */
  cookie: string;
}

/** Buyers place small orders as fast as they can until told to stop or the server dies. */
async function writeLoad(url: string, buyers: Actor[], productIds: number[], stopAfter: number, kill: () => void) {
  const acknowledged: Acknowledged[] = [];
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  let dead = false;
  const worker = async (buyer: Actor) => {
    while (!dead) {
      const lines: Line[] = [];
      for (let i = 0, n = 1 + random(3); i < n; i++) {
        lines.push({ product_id: productIds[random(productIds.length)] ?? 0, quantity: 1 + random(3) });
      }
      try {
        const res = await fetch(`${url}/api/place-order`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: buyer.client.cookieHeader },
          body: JSON.stringify({ payment_method: 'card', shipping_address: ADDRESS, items: lines }),
        });
        const text = await res.text();
        if (res.status !== 201) throw new Error(`place-order answered ${res.status}: ${text}`);
        acknowledged.push({ body: JSON.parse(text) as PlaceOrderBody, lines, cookie: buyer.client.cookieHeader });
        if (acknowledged.length >= stopAfter && !dead) {
          dead = true;
          kill();
        }
      } catch (error) {
        // Requests in flight when the process dies fail with a socket error; anything else is a failure.
        if (!dead) throw error;
      }
    }
  };
  await Promise.all(buyers.flatMap((buyer) => [worker(buyer), worker(buyer)]));
  return acknowledged;
}

/** Opens the database once the process is dead (a SQLite file recovers its WAL) and checks it. */
async function checkDatabase(acknowledged: Acknowledged[], initialStock: Map<number, number>) {
  const db = await openDbInspector(database.url);
  try {
    expect(await db.integrityProblems()).toEqual([]);
    for (const { body, lines } of acknowledged) {
      const placedLines: Line[] = [];
      for (const placed of body.orders) {
        const order = await db.get('SELECT order_number, order_status, version, total_amount, seller_id FROM orders WHERE order_id = ?', placed.order_id);
        expect(order, `acknowledged order ${placed.order_number}`).toMatchObject({
          order_number: placed.order_number,
          order_status: 'pending',
          version: 1,
          total_amount: placed.total_amount,
          seller_id: placed.seller_id,
        });
        const rows = await db.all<Line & { unit_price: number }>('SELECT product_id, quantity, unit_price FROM order_items WHERE order_id = ? ORDER BY id', placed.order_id);
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.reduce((sum, r) => sum + r.quantity * r.unit_price, 0)).toBe(placed.total_amount);
        placedLines.push(...rows.map((r) => ({ product_id: r.product_id, quantity: r.quantity })));
        expect(await db.count('shipments', 'order_id = ?', placed.order_id)).toBe(1);
        expect(await db.get('SELECT from_status, to_status FROM order_status_history WHERE order_id = ? ORDER BY id LIMIT 1', placed.order_id)).toEqual({
          from_status: null,
          to_status: 'pending',
        });
      }
      const key = (l: Line) => `${l.product_id}x${l.quantity}`;
      expect(placedLines.map(key).sort()).toEqual(lines.map(key).sort());
    }

    // No order exists in part, acknowledged or not.
    const partial = await db.all(
      `SELECT o.order_id FROM orders o
       WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.order_id)
          OR (SELECT count(*) FROM shipments s WHERE s.order_id = o.order_id) <> 1
          OR NOT EXISTS (SELECT 1 FROM order_status_history h WHERE h.order_id = o.order_id AND h.from_status IS NULL AND h.to_status = 'pending')
          OR o.total_amount <> (SELECT sum(quantity * unit_price) FROM order_items i WHERE i.order_id = o.order_id)`,
    );
    expect(partial).toEqual([]);

    // Stock taken equals units ordered, product by product: no lost or doubled decrement.
    const sold = await db.all<{ product_id: number; units: number }>('SELECT product_id, sum(quantity) AS units FROM order_items GROUP BY product_id');
    const stock = await db.all<{ id: number; stock: number }>('SELECT id, stock FROM products');
    for (const { id, stock: left } of stock) {
      const units = sold.find((s) => s.product_id === id)?.units ?? 0;
      expect(left, `stock of product ${id}`).toBe((initialStock.get(id) ?? 0) - units);
    }
    return await db.count('orders');
  } finally {
    await db.close();
  }
}

describe('crash recovery', () => {
  it('keeps every acknowledged order, whole, through two SIGKILLs mid-load', { timeout: 4 * STARTUP_MS }, async () => {
    let server = await start();
    const [sellerX, sellerY] = await Promise.all([registerSeller(server.url), registerSeller(server.url)]);
    const buyers = await Promise.all([1, 2, 3, 4].map(() => registerBuyer(server.url)));
    const products = [
      ...(await Promise.all([1, 2, 3].map(() => createProduct(sellerX, { stock: 100_000, price: 1234 })))),
      ...(await Promise.all([1, 2].map(() => createProduct(sellerY, { stock: 100_000, price: 999 })))),
    ];
    const initialStock = new Map(products.map((p) => [p.id, p.stock]));
    const all: Acknowledged[] = [];

    for (const round of [1, 2]) {
      const current = server;
      const acknowledged = await writeLoad(current.url, buyers, products.map((p) => p.id), 30 + round * 15, () => current.child.kill('SIGKILL'));
      await current.kill('SIGKILL');
      expect(current.child.signalCode, current.output()).toBe('SIGKILL');
      all.push(...acknowledged);
      expect(acknowledged.length).toBeGreaterThanOrEqual(30);

      const total = await checkDatabase(all, initialStock);
      expect(total).toBeGreaterThanOrEqual(all.reduce((n, a) => n + a.body.orders.length, 0));

      // The restarted node serves the acknowledged orders to their buyers, on their old sessions.
      server = await start();
      for (const { body, cookie } of acknowledged.slice(-5)) {
        const res = await new TestClient(server.url).get<OrderStatusBody>(`/api/order-status/${body.order_id}`, { cookie });
        expect(res.status, `order ${body.order_number} after restart`).toBe(200);
        expect(res.body.history.map((h) => h.status)).toEqual(['pending']);
      }
    }

    // A clean stop after all that: SIGTERM → exit 0, and the file is still sound.
    expect(await server.kill('SIGTERM'), server.output()).toBe(0);
    await checkDatabase(all, initialStock);
  });
});
