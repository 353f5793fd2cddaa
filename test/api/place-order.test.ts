import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CartBody, OrderDetailBody, PlaceOrderBody, ProductBody } from '../../server/contract/api.js';
import { MAX_CENTS } from '../../server/domain/money.js';
import { expectError } from '../support/assertions.js';
import {
  ADDRESS,
  addToCart,
  createProduct,
  placeOrder,
  placeOrderFromCart,
  registerBuyer,
  registerSeller,
  type Actor,
} from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const checkout = (extra: Record<string, unknown> = {}) => ({ payment_method: 'card', shipping_address: ADDRESS, ...extra });
const stockOf = async (product: ProductBody) =>
  (await new TestClient(server.url).get<{ product: ProductBody }>(`/api/products/${product.id}`)).body.product.stock;
const detail = async (actor: Actor, orderNumber: string) => {
  const res = await actor.client.get<{ order: OrderDetailBody }>(`/api/orders/${orderNumber}`);
  expect(res.status).toBe(200);
  return res.body.order;
};

describe('POST /api/place-order with items', () => {
  it('answers 201 with the order, prices it from the database and takes the stock', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const a = await createProduct(seller, { price: 1999, stock: 10 });
    const b = await createProduct(seller, { price: 500, stock: 4, sizes: ['S', 'M'] });
    const res = await buyer.client.post<PlaceOrderBody>(
      '/api/place-order',
      checkout({ items: [{ product_id: a.id, quantity: 2 }, { product_id: b.id, quantity: 3, size: 'M' }] }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      order_id: expect.any(Number),
      order_number: expect.stringMatching(/^OP-[0-9A-Z]{10}$/),
      checkout_number: expect.stringMatching(/^CO-[0-9A-Z]{10}$/),
      orders: [{ order_id: res.body.order_id, order_number: res.body.order_number, seller_id: seller.user.seller_id, total_amount: 2 * 1999 + 3 * 500 }],
    });
    expect([await stockOf(a), await stockOf(b)]).toEqual([8, 1]);

    const order = await detail(buyer, res.body.order_number);
    expect(order).toMatchObject({
      status: 'pending',
      version: 1,
      total_amount: 5498,
      currency: 'USD',
      payment_method: 'card',
      shipping_address: { ...ADDRESS, line2: null },
      customer_name: `${buyer.user.first_name} ${buyer.user.last_name}`,
      seller: { seller_id: seller.user.seller_id, store_name: seller.user.store_name },
    });
    expect(order.items).toEqual([
      { product_id: a.id, product_name: a.name, quantity: 2, unit_price: 1999, size: null, color: null },
      { product_id: b.id, product_name: b.name, quantity: 3, unit_price: 500, size: 'M', color: null },
    ]);
    expect(order.history.map((h) => h.status)).toEqual(['pending']);
    expect(await server.db.count('shipments', 'order_id = ?', res.body.order_id)).toBe(1);
  });

  it('leaves the cart alone when items are given', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    await addToCart(buyer, { product_id: product.id, quantity: 1 });
    await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    expect((await buyer.client.get<CartBody>('/api/cart')).body.items).toHaveLength(1);
  });

  it('keeps the name and price of the moment in the order when the product changes later', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { name: 'Old name', price: 1000 });
    const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await seller.client.patch(`/api/seller/products/${product.id}`, { name: 'New name', price: 9999 });
    expect((await detail(buyer, placed.order_number)).items[0]).toMatchObject({ product_name: 'Old name', unit_price: 1000 });
  });

  it.each([
    ['a price on a line', { items: [{ product_id: 1, quantity: 1, price: 1 }] }],
    ['a unit_price on a line', { items: [{ product_id: 1, quantity: 1, unit_price: 1 }] }],
    ['a total_amount', { total_amount: 1 }],
    ['no items at all', { items: [] }],
    ['a zero quantity', { items: [{ product_id: 1, quantity: 0 }] }],
    ['a fractional quantity', { items: [{ product_id: 1, quantity: 0.5 }] }],
    ['an unknown payment method', { payment_method: 'iou' }],
    ['no shipping address', { shipping_address: undefined }],
    ['a shipping address without a city', { shipping_address: { ...ADDRESS, city: undefined } }],
    ['an unknown address field', { shipping_address: { ...ADDRESS, floor: 3 } }],
  ])('answers 400 for %s and writes nothing', async (_what, extra) => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    // The table's lines name product 1; point them at this test's product.
    const body: Record<string, unknown> = checkout(extra);
    const lines: unknown = body.items;
    if (Array.isArray(lines)) body.items = lines.map((line: Record<string, unknown>) => ({ ...line, product_id: product.id }));
    const before = await server.db.counts();
    expectError(await buyer.client.post('/api/place-order', body), 400, 'invalid_input');
    expect(await server.db.counts()).toEqual(before);
  });

  it('answers 409 when a product has less stock than asked, counting every line of it, and writes nothing', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const plenty = await createProduct(seller, { stock: 50 });
    const scarce = await createProduct(seller, { stock: 3, sizes: ['S', 'M'] });
    const before = await server.db.counts();
    const res = await buyer.client.post(
      '/api/place-order',
      checkout({
        items: [
          { product_id: plenty.id, quantity: 1 },
          { product_id: scarce.id, quantity: 2, size: 'S' },
          { product_id: scarce.id, quantity: 2, size: 'M' },
        ],
      }),
    );
    expectError(res, 409, 'insufficient_stock');
    expect(await server.db.counts()).toEqual(before);
    expect([await stockOf(plenty), await stockOf(scarce)]).toEqual([50, 3]);
  });

  it('answers 409 for a deactivated product', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    await seller.client.patch(`/api/seller/products/${product.id}`, { active: false });
    expectError(await buyer.client.post('/api/place-order', checkout({ items: [{ product_id: product.id, quantity: 1 }] })), 409, 'insufficient_stock');
  });

  it('answers 404 for a product that does not exist, and writes nothing', async () => {
    const buyer = await registerBuyer(server.url);
    const before = await server.db.counts();
    expectError(await buyer.client.post('/api/place-order', checkout({ items: [{ product_id: 999999999, quantity: 1 }] })), 404, 'not_found');
    expect(await server.db.counts()).toEqual(before);
  });

  it('answers 400 for an order above the largest amount, writing nothing', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const dear = await createProduct(seller, { price: MAX_CENTS, stock: 10 });
    const before = await server.db.counts();
    expectError(await buyer.client.post('/api/place-order', checkout({ items: [{ product_id: dear.id, quantity: 2 }] })), 400, 'invalid_input');
    expect(await server.db.counts()).toEqual(before);
    expect((await buyer.client.post('/api/place-order', checkout({ items: [{ product_id: dear.id, quantity: 1 }] }))).status).toBe(201);
  });

  it('answers 401 anonymous and 403 for a seller', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const body = checkout({ items: [{ product_id: product.id, quantity: 1 }] });
    const before = await server.db.counts();
    expectError(await new TestClient(server.url).post('/api/place-order', body), 401, 'unauthorized');
    expectError(await seller.client.post('/api/place-order', body), 403, 'forbidden');
    expect(await server.db.counts()).toEqual(before);
  });
});

describe('POST /api/place-order from the cart', () => {
  it('orders the cart and empties it', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { price: 700, stock: 5 });
    await addToCart(buyer, { product_id: product.id, quantity: 2 });
    const placed = await placeOrderFromCart(buyer);
    expect(placed.orders).toHaveLength(1);
    expect(placed.orders[0]?.total_amount).toBe(1400);
    expect((await buyer.client.get<CartBody>('/api/cart')).body).toEqual({ items: [], total_amount: 0, currency: 'USD' });
    expect(await stockOf(product)).toBe(3);
  });

  it('makes one order per seller from a mixed cart, in one response', async () => {
    const [sellerX, sellerY, buyer] = await Promise.all([registerSeller(server.url), registerSeller(server.url), registerBuyer(server.url)]);
    const x1 = await createProduct(sellerX, { price: 100 });
    const y1 = await createProduct(sellerY, { price: 1000 });
    const x2 = await createProduct(sellerX, { price: 250 });
    await addToCart(buyer, { product_id: x1.id, quantity: 1 });
    await addToCart(buyer, { product_id: y1.id, quantity: 2 });
    await addToCart(buyer, { product_id: x2.id, quantity: 2 });
    const placed = await placeOrderFromCart(buyer);

    expect(placed.orders.map((o) => [o.seller_id, o.total_amount])).toEqual([
      [sellerX.user.seller_id, 100 + 500],
      [sellerY.user.seller_id, 2000],
    ]);
    expect(placed.order_id).toBe(placed.orders[0]?.order_id);
    expect(placed.order_number).toBe(placed.orders[0]?.order_number);
    expect(new Set(placed.orders.map((o) => o.order_number)).size).toBe(2);

    const [forX, forY] = placed.orders;
    expect((await detail(sellerX, forX?.order_number ?? '')).items.map((i) => i.product_id)).toEqual([x1.id, x2.id]);
    expect((await detail(sellerY, forY?.order_number ?? '')).items.map((i) => i.product_id)).toEqual([y1.id]);
    // Each seller sees only their own part.
    expectError(await sellerX.client.get(`/api/orders/${forY?.order_number}`), 404, 'not_found');
    expect((await buyer.client.get<CartBody>('/api/cart')).body.items).toEqual([]);
  });

  it('answers 400 empty_cart for an empty cart', async () => {
    const buyer = await registerBuyer(server.url);
    const before = await server.db.counts();
    expectError(await buyer.client.post('/api/place-order', checkout()), 400, 'empty_cart');
    expect(await server.db.counts()).toEqual(before);
  });

  it('refuses the whole cart when one seller’s product ran out, keeping the cart and every stock', async () => {
    const [sellerX, sellerY, buyer, rival] = await Promise.all([
      registerSeller(server.url),
      registerSeller(server.url),
      registerBuyer(server.url),
      registerBuyer(server.url),
    ]);
    const x = await createProduct(sellerX, { stock: 10 });
    const y = await createProduct(sellerY, { stock: 2 });
    await addToCart(buyer, { product_id: x.id, quantity: 1 });
    await addToCart(buyer, { product_id: y.id, quantity: 2 });
    await placeOrder(rival, [{ product_id: y.id, quantity: 1 }]);
    const before = await server.db.counts();
    expectError(await buyer.client.post('/api/place-order', checkout()), 409, 'insufficient_stock');
    expect(await server.db.counts()).toEqual(before);
    expect((await buyer.client.get<CartBody>('/api/cart')).body.items).toHaveLength(2);
    expect([await stockOf(x), await stockOf(y)]).toEqual([10, 1]);
  });
});

describe('Idempotency-Key on POST /api/place-order', () => {
  it('returns the first response again for the same key and body, and creates nothing new', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 10 });
    const key = randomUUID();
    const body = checkout({ items: [{ product_id: product.id, quantity: 2 }] });
    const first = await buyer.client.post<PlaceOrderBody>('/api/place-order', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const before = await server.db.counts();
    const again = await buyer.client.post<PlaceOrderBody>('/api/place-order', { ...body }, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await server.db.counts()).toEqual(before);
    expect(await stockOf(product)).toBe(8);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    const key = randomUUID();
    const first = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }], { 'idempotency-key': key });
    const reordered = {
      items: [{ quantity: 1, product_id: product.id }],
      shipping_address: { country: ADDRESS.country, postal_code: ADDRESS.postal_code, city: ADDRESS.city, line1: ADDRESS.line1, name: ADDRESS.name },
      payment_method: 'card',
    };
    const again = await buyer.client.post<PlaceOrderBody>('/api/place-order', reordered, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first);
  });

  it('replays a cart checkout after the cart was emptied', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    await addToCart(buyer, { product_id: product.id, quantity: 1 });
    const key = randomUUID();
    const first = await placeOrderFromCart(buyer, { 'idempotency-key': key });
    const before = await server.db.counts();
    expect(await placeOrderFromCart(buyer, { 'idempotency-key': key })).toEqual(first);
    expect(await server.db.counts()).toEqual(before);
  });

  it('answers 422 for the same key with a different body, and writes nothing', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    const key = randomUUID();
    await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }], { 'idempotency-key': key });
    const before = await server.db.counts();
    const res = await buyer.client.post('/api/place-order', checkout({ items: [{ product_id: product.id, quantity: 2 }] }), { 'idempotency-key': key });
    expectError(res, 422, 'idempotency_mismatch');
    expect(await server.db.counts()).toEqual(before);
  });

  it('keeps keys per buyer: another buyer’s same key is a new order', async () => {
    const seller = await registerSeller(server.url);
    const [a, b] = await Promise.all([registerBuyer(server.url), registerBuyer(server.url)]);
    const product = await createProduct(seller);
    const key = randomUUID();
    const first = await placeOrder(a, [{ product_id: product.id, quantity: 1 }], { 'idempotency-key': key });
    const second = await placeOrder(b, [{ product_id: product.id, quantity: 1 }], { 'idempotency-key': key });
    expect(second.order_id).not.toBe(first.order_id);
  });

  it('does not remember a key whose request failed', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 1 });
    const key = randomUUID();
    const body = checkout({ items: [{ product_id: product.id, quantity: 1 }] });
    await seller.client.patch(`/api/seller/products/${product.id}`, { stock: 0 });
    expectError(await buyer.client.post('/api/place-order', body, { 'idempotency-key': key }), 409, 'insufficient_stock');
    await seller.client.patch(`/api/seller/products/${product.id}`, { stock: 1 });
    expect((await buyer.client.post('/api/place-order', body, { 'idempotency-key': key })).status).toBe(201);
  });

  it('answers 400 for a key that is too long', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    const before = await server.db.counts();
    const res = await buyer.client.post('/api/place-order', checkout({ items: [{ product_id: product.id, quantity: 1 }] }), {
      'idempotency-key': 'k'.repeat(256),
    });
    expectError(res, 400, 'invalid_input');
    expect(await server.db.counts()).toEqual(before);
  });
});
