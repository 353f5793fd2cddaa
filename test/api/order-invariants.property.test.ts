/**
 * Random walks of buyers and sellers (cart edits, checkouts, cancels, status changes, some
 * of them at the same time) against one server, checking after every step what must always
 * hold: no 5xx, stock never negative and equal to what was never sold (cancelled orders give
 * their units back), every order whole,
 * its version equal to its history, its history one legal chain ending at its status.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CartBody, PlaceOrderBody, ProductBody } from '../../server/contract/api.js';
import { canTransition, ORDER_STATUSES, SHIPMENT_STATUS, type OrderStatus } from '../../server/domain/order-status.js';
import { ADDRESS, createProduct, registerBuyer, registerSeller, type Actor } from '../support/factories.js';
import type { Reply } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

let server: TestServer;
let buyers: Actor[] = [];
let sellers: Actor[] = [];
let products: ProductBody[] = [];
const initialStock = new Map<number, number>();

beforeAll(async () => {
  server = await startTestServer();
  buyers = await Promise.all([1, 2, 3].map(() => registerBuyer(server.url)));
  sellers = await Promise.all([1, 2].map(() => registerSeller(server.url)));
  for (const [i, seller] of sellers.entries()) {
    for (const stock of [3, 8]) products.push(await createProduct(seller, { stock, price: 100 * (i + 1) + stock }));
  }
  products.push(await createProduct(sellers[0] as Actor, { stock: 6, sizes: ['S', 'M'] }));
});
afterAll(() => server.stop());

type Action =
  | { kind: 'add'; buyer: number; product: number; quantity: number; size: number }
  | { kind: 'set-quantity'; buyer: number; line: number; quantity: number }
  | { kind: 'remove'; buyer: number; line: number }
  | { kind: 'checkout'; buyer: number; key: number | null }
  | { kind: 'buy'; buyer: number; product: number; quantity: number }
  | { kind: 'cancel'; buyer: number; order: number }
  | { kind: 'move'; seller: number; order: number; status: OrderStatus; stale: boolean };

const index = fc.nat({ max: 99 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), buyer: index, product: index, quantity: fc.integer({ min: 1, max: 4 }), size: index }),
  fc.record({ kind: fc.constant('set-quantity' as const), buyer: index, line: index, quantity: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('remove' as const), buyer: index, line: index }),
  fc.record({ kind: fc.constant('checkout' as const), buyer: index, key: fc.option(fc.nat({ max: 3 })) }),
  fc.record({ kind: fc.constant('buy' as const), buyer: index, product: index, quantity: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('cancel' as const), buyer: index, order: index }),
  fc.record({ kind: fc.constant('move' as const), seller: index, order: index, status: fc.constantFrom(...ORDER_STATUSES), stale: fc.boolean() }),
);

const pick = <T>(list: readonly T[], i: number): T | undefined => list[i % Math.max(1, list.length)];

/** What each action may answer; anything else (and any 5xx) is a failure. */
const ALLOWED: Record<Action['kind'], number[]> = {
  add: [201, 409],
  'set-quantity': [200, 404, 409],
  remove: [200, 404],
  checkout: [201, 400, 409, 422],
  buy: [201, 409],
  cancel: [200, 404, 409],
  move: [200, 403, 404, 409],
};

async function run(a: Action, keys: string[]): Promise<Reply<unknown>> {
  const orderIds = await server.db.all<{ order_id: number; version: number }>('SELECT order_id, version FROM orders ORDER BY order_id');
  if (a.kind === 'move') {
    const seller = pick(sellers, a.seller) as Actor;
    const order = pick(orderIds, a.order);
    const expected = order && a.stale ? { expected_version: Math.max(1, order.version - 1) } : {};
    return seller.client.post('/seller/update-order-status', { order_id: order?.order_id ?? 999999, new_status: a.status, ...expected });
  }
  const buyer = pick(buyers, a.buyer) as Actor;
  const product = pick(products, 'product' in a ? a.product : 0) as ProductBody;
  switch (a.kind) {
    case 'add': {
      const size = product.sizes.length ? { size: pick(product.sizes, a.size) } : {};
      return buyer.client.post('/api/cart/items', { product_id: product.id, quantity: a.quantity, ...size });
    }
    case 'set-quantity':
    case 'remove': {
      // Any buyer's line: someone else's must be a 404.
      const lines = await server.db.all<{ id: number }>('SELECT id FROM cart_items ORDER BY id');
      const line = pick(lines, a.line)?.id ?? 999999;
      return a.kind === 'remove'
        ? buyer.client.delete(`/api/cart/items/${line}`)
        : buyer.client.patch(`/api/cart/items/${line}`, { quantity: a.quantity });
    }
    case 'checkout': {
      const headers: Record<string, string> = a.key === null ? {} : { 'idempotency-key': keys[a.key] ?? 'k' };
      return buyer.client.post<PlaceOrderBody>('/api/place-order', { payment_method: 'card', shipping_address: ADDRESS }, headers);
    }
    case 'buy': {
      const size = product.sizes.length ? { size: product.sizes[0] } : {};
      return buyer.client.post('/api/place-order', { payment_method: 'card', shipping_address: ADDRESS, items: [{ product_id: product.id, quantity: a.quantity, ...size }] });
    }
    case 'cancel':
      return buyer.client.post(`/api/orders/${pick(orderIds, a.order)?.order_id ?? 999999}/cancel`);
  }
}

/** Units in orders that still hold them: a cancelled order gave its units back to stock. */
const SOLD = `SELECT i.product_id, sum(i.quantity) AS units FROM order_items i JOIN orders o ON o.order_id = i.order_id
  WHERE o.order_status <> 'cancelled' GROUP BY i.product_id`;
const soldOf = async (id: number) => (await server.db.get<{ units: number | null }>(`SELECT units FROM (${SOLD}) AS sold WHERE product_id = ?`, id))?.units ?? 0;

/** Each walk starts with a little stock again, so that it runs out (and is raced for) within the walk. */
async function restock(): Promise<void> {
  for (const product of products) {
    const owner = sellers.find((s) => s.user.seller_id === product.seller_id) as Actor;
    const res = await owner.client.patch(`/api/seller/products/${product.id}`, { stock: product.stock });
    expect(res.status).toBe(200);
    // From here on, what is left must be this stock plus what was sold before, minus everything sold.
    initialStock.set(product.id, product.stock + (await soldOf(product.id)));
  }
}

async function checkInvariants(): Promise<void> {
  expect(await server.db.count('products', 'stock < 0')).toBe(0);
  const sold = new Map((await server.db.all<{ product_id: number; units: number }>(SOLD)).map((r) => [r.product_id, r.units]));
  for (const [id, initial] of initialStock) expect(await server.db.stockOf(id), `stock of ${id}`).toBe(initial - (sold.get(id) ?? 0));

  const orders = await server.db.all<{ order_id: number; order_status: OrderStatus; version: number; total_amount: number }>(
    'SELECT order_id, order_status, version, total_amount FROM orders',
  );
  for (const order of orders) {
    const history = await server.db.all<{ from_status: OrderStatus | null; to_status: OrderStatus }>(
      'SELECT from_status, to_status FROM order_status_history WHERE order_id = ? ORDER BY id',
      order.order_id,
    );
    expect(history[0], `order ${order.order_id}`).toEqual({ from_status: null, to_status: 'pending' });
    for (let i = 1; i < history.length; i++) {
      const step = history[i];
      expect(step?.from_status).toBe(history[i - 1]?.to_status);
      expect(canTransition(step?.from_status ?? 'pending', step?.to_status ?? 'pending')).toBe(true);
    }
    expect(history.at(-1)?.to_status).toBe(order.order_status);
    expect(order.version).toBe(history.length);
    const items = await server.db.get<{ n: number; total: number }>('SELECT count(*) AS n, sum(quantity * unit_price) AS total FROM order_items WHERE order_id = ?', order.order_id);
    expect(items?.n).toBeGreaterThan(0);
    expect(items?.total).toBe(order.total_amount);
    expect(await server.db.count('shipments', 'order_id = ?', order.order_id)).toBe(1);
    const shipment = await server.db.get<{ status: string }>('SELECT status FROM shipments WHERE order_id = ?', order.order_id);
    expect(shipment?.status, `shipment of order ${order.order_id}`).toBe(SHIPMENT_STATUS[order.order_status]);
  }
}

describe('random walks of buyers and sellers', () => {
  it('keep stock, orders and histories consistent, one step or several at once', { timeout: Math.max(60_000, RUNS * 3_000) }, async () => {
    const steps = fc.array(fc.tuple(action, fc.array(action, { maxLength: 3 })), { minLength: 5, maxLength: 15 });
    await fc.assert(
      fc.asyncProperty(steps, async (walk) => {
        await restock();
        const keys = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
        for (const [first, together] of walk) {
          // One action, then a few at once: the database, not the test, must order them.
          const batch = [first, ...together];
          const replies = await Promise.all(batch.map((a) => run(a, keys)));
          for (const [i, reply] of replies.entries()) {
            const a = batch[i] as Action;
            expect(ALLOWED[a.kind], `${JSON.stringify(a)} → ${reply.status} ${JSON.stringify(reply.body)}`).toContain(reply.status);
          }
          await checkInvariants();
        }
        // Every cart still reads, whatever happened to the products in it.
        for (const buyer of buyers) {
          const cart = await buyer.client.get<CartBody>('/api/cart');
          expect(cart.status).toBe(200);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
