/**
 * Who may do what: every endpoint × {anonymous, buyer A, buyer B, seller X, seller Y} × the
 * object's owner, someone else's, a missing one. Buyer A owns the cart line and the order;
 * seller X owns the product and sells that order. Every denial must carry its status and
 * code and leave the database exactly as it was. Allowed reads run too; allowed writes are
 * the contract tests' business (they would change the objects this table shares).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuyerOrderSummary, CartBody, ProductBody, SellerOrdersBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { ADDRESS, addToCart, createProduct, placeOrder, registerBuyer, registerSeller, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

type Who = 'anon' | 'A' | 'B' | 'X' | 'Y';
/** A status the actor gets; 'write' marks an allowed write, which this table does not run. */
type Outcome = 200 | 401 | 403 | 404 | 'write';

interface Row {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** :product, :item, :order and :number stand for A's/X's objects; 999999999 and OP-0000000000 are missing. */
  path: string;
  body?: Record<string, unknown>;
  expect: Record<Who, Outcome>;
}

const all = (outcome: Outcome): Record<Who, Outcome> => ({ anon: outcome, A: outcome, B: outcome, X: outcome, Y: outcome });
const MISSING = 999999999;
const update = (orderId: string | number) => ({ order_id: orderId, new_status: 'confirmed' });

const ROWS: Row[] = [
  { method: 'GET', path: '/healthz', expect: all(200) },
  { method: 'GET', path: '/api/auth/me', expect: { anon: 401, A: 200, B: 200, X: 200, Y: 200 } },
  { method: 'POST', path: '/api/auth/logout', expect: { anon: 401, A: 'write', B: 'write', X: 'write', Y: 'write' } },
  { method: 'GET', path: '/api/products', expect: all(200) },
  { method: 'GET', path: '/api/products/:product', expect: all(200) },
  { method: 'GET', path: `/api/products/${MISSING}`, expect: all(404) },
  { method: 'GET', path: '/api/seller/products', expect: { anon: 401, A: 403, B: 403, X: 200, Y: 200 } },
  { method: 'POST', path: '/api/seller/products', body: { name: 'N', price: 1, stock: 1 }, expect: { anon: 401, A: 403, B: 403, X: 'write', Y: 'write' } },
  { method: 'PATCH', path: '/api/seller/products/:product', body: { price: 1 }, expect: { anon: 401, A: 403, B: 403, X: 'write', Y: 403 } },
  { method: 'PATCH', path: `/api/seller/products/${MISSING}`, body: { price: 1 }, expect: { anon: 401, A: 403, B: 403, X: 404, Y: 404 } },
  { method: 'GET', path: '/api/cart', expect: { anon: 401, A: 200, B: 200, X: 403, Y: 403 } },
  { method: 'POST', path: '/api/cart/items', body: { product_id: ':product', quantity: 1 }, expect: { anon: 401, A: 'write', B: 'write', X: 403, Y: 403 } },
  { method: 'POST', path: '/api/cart/items', body: { product_id: MISSING, quantity: 1 }, expect: { anon: 401, A: 404, B: 404, X: 403, Y: 403 } },
  { method: 'PATCH', path: '/api/cart/items/:item', body: { quantity: 3 }, expect: { anon: 401, A: 'write', B: 404, X: 403, Y: 403 } },
  { method: 'PATCH', path: `/api/cart/items/${MISSING}`, body: { quantity: 3 }, expect: { anon: 401, A: 404, B: 404, X: 403, Y: 403 } },
  { method: 'DELETE', path: '/api/cart/items/:item', expect: { anon: 401, A: 'write', B: 404, X: 403, Y: 403 } },
  { method: 'DELETE', path: `/api/cart/items/${MISSING}`, expect: { anon: 401, A: 404, B: 404, X: 403, Y: 403 } },
  {
    method: 'POST',
    path: '/api/place-order',
    body: { payment_method: 'card', shipping_address: ADDRESS, items: [{ product_id: ':product', quantity: 1 }] },
    expect: { anon: 401, A: 'write', B: 'write', X: 403, Y: 403 },
  },
  { method: 'GET', path: '/api/order-status/:order', expect: { anon: 401, A: 200, B: 404, X: 200, Y: 404 } },
  { method: 'GET', path: `/api/order-status/${MISSING}`, expect: { anon: 401, A: 404, B: 404, X: 404, Y: 404 } },
  { method: 'GET', path: '/api/orders/:number', expect: { anon: 401, A: 200, B: 404, X: 200, Y: 404 } },
  { method: 'GET', path: '/api/orders/OP-0000000000', expect: { anon: 401, A: 404, B: 404, X: 404, Y: 404 } },
  { method: 'GET', path: '/api/user-orders-detailed', expect: { anon: 401, A: 200, B: 200, X: 403, Y: 403 } },
  { method: 'POST', path: '/api/orders/:order/cancel', expect: { anon: 401, A: 'write', B: 404, X: 404, Y: 404 } },
  { method: 'POST', path: `/api/orders/${MISSING}/cancel`, expect: { anon: 401, A: 404, B: 404, X: 404, Y: 404 } },
  { method: 'GET', path: '/api/seller/orders', expect: { anon: 401, A: 403, B: 403, X: 200, Y: 200 } },
  { method: 'POST', path: '/api/orders/:order/return-request', body: { reason: 'damaged' }, expect: { anon: 401, A: 'write', B: 404, X: 404, Y: 404 } },
  { method: 'POST', path: `/api/orders/${MISSING}/return-request`, body: { reason: 'damaged' }, expect: { anon: 401, A: 404, B: 404, X: 404, Y: 404 } },
  { method: 'GET', path: '/api/seller/return-requests', expect: { anon: 401, A: 403, B: 403, X: 200, Y: 200 } },
  { method: 'POST', path: `/api/seller/return-requests/${MISSING}/approve`, body: { restock: true }, expect: { anon: 401, A: 403, B: 403, X: 404, Y: 404 } },
  { method: 'POST', path: `/api/seller/return-requests/${MISSING}/decline`, body: { buyer_message: 'No' }, expect: { anon: 401, A: 403, B: 403, X: 404, Y: 404 } },
  { method: 'POST', path: '/seller/update-order-status', body: update(':order'), expect: { anon: 401, A: 403, B: 403, X: 'write', Y: 403 } },
  { method: 'POST', path: '/seller/update-order-status', body: update(MISSING), expect: { anon: 401, A: 403, B: 403, X: 404, Y: 404 } },
];

const CODE: Record<401 | 403 | 404, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' };

const CELLS = ROWS.flatMap((row) =>
  (Object.entries(row.expect) as [Who, Outcome][])
    .filter((entry): entry is [Who, Exclude<Outcome, 'write'>] => entry[1] !== 'write')
    .map(([who, outcome]) => ({ row, who, outcome, name: `${row.method} ${row.path} as ${who} → ${outcome}` })),
);

let server: TestServer;
const actors = {} as Record<Who, Actor | null>;
const ids = { product: 0, item: 0, order: 0, number: '' };

beforeAll(async () => {
  server = await startTestServer();
  const [A, B, X, Y] = await Promise.all([
    registerBuyer(server.url),
    registerBuyer(server.url),
    registerSeller(server.url),
    registerSeller(server.url),
  ]);
  Object.assign(actors, { anon: null, A, B, X, Y });
  const product = await createProduct(X, { stock: 50 });
  await createProduct(Y);
  const placed = await placeOrder(A, [{ product_id: product.id, quantity: 1 }]);
  const cart = await addToCart(A, { product_id: product.id, quantity: 2 });
  Object.assign(ids, { product: product.id, item: cart.items[0]?.id ?? 0, order: placed.order_id, number: placed.order_number });
});
afterAll(() => server.stop());

function resolve<T>(value: T): T {
  const text = JSON.stringify(value)
    .replace(/":product"/g, String(ids.product))
    .replace(/:product/g, String(ids.product))
    .replace(/":order"/g, String(ids.order))
    .replace(/:order/g, String(ids.order))
    .replace(/:item/g, String(ids.item))
    .replace(/:number/g, ids.number);
  return JSON.parse(text) as T;
}

const clientOf = (who: Who) => actors[who]?.client ?? new TestClient(server.url);

describe('access matrix', () => {
  it.each(CELLS)('$name', async ({ row, who, outcome }) => {
    const before = await server.db.fingerprint();
    const res = await clientOf(who).request<unknown>(row.method, resolve(row.path), row.body === undefined ? undefined : resolve(row.body));
    if (outcome === 200) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(row.method, 'only reads are allowed cells here').toBe('GET');
    } else {
      expectError(res, outcome, CODE[outcome]);
    }
    expect(await server.db.fingerprint(), 'nothing written').toBe(before);
  });

  it('lets nobody but the owners see the owners’ things in lists', async () => {
    const { A, B, X, Y } = actors;
    const cartB = await B?.client.get<CartBody>('/api/cart');
    expect(cartB?.body.items).toEqual([]);
    const cartA = await A?.client.get<CartBody>('/api/cart');
    expect(cartA?.body.items.map((i) => i.id)).toEqual([ids.item]);

    const ordersB = await B?.client.get<{ orders: BuyerOrderSummary[] }>('/api/user-orders-detailed');
    expect(ordersB?.body.orders).toEqual([]);
    const ordersA = await A?.client.get<{ orders: BuyerOrderSummary[] }>('/api/user-orders-detailed');
    expect(ordersA?.body.orders.map((o) => o.order_id)).toEqual([ids.order]);

    const sellerY = await Y?.client.get<SellerOrdersBody>('/api/seller/orders');
    expect(sellerY?.body.total).toBe(0);
    const sellerX = await X?.client.get<SellerOrdersBody>('/api/seller/orders');
    expect(sellerX?.body.orders.map((o) => o.order_id)).toEqual([ids.order]);

    const productsY = await Y?.client.get<{ products: ProductBody[] }>('/api/seller/products');
    expect(productsY?.body.products.map((p) => p.id)).not.toContain(ids.product);
  });

  it('left the order pending at version 1 and the cart line at quantity 2', async () => {
    expect(await server.db.get('SELECT order_status, version FROM orders WHERE order_id = ?', ids.order)).toEqual({ order_status: 'pending', version: 1 });
    expect(await server.db.get('SELECT quantity FROM cart_items WHERE id = ?', ids.item)).toEqual({ quantity: 2 });
  });
});
