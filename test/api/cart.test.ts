import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CartBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { addToCart, createProduct, registerBuyer, registerSeller, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let seller: Actor;
beforeAll(async () => {
  server = await startTestServer();
  seller = await registerSeller(server.url);
});
afterAll(() => server.stop());

const cartOf = async (buyer: Actor) => {
  const res = await buyer.client.get<CartBody>('/api/cart');
  expect(res.status).toBe(200);
  return res.body;
};

describe('GET /api/cart', () => {
  it('starts empty', async () => {
    const buyer = await registerBuyer(server.url);
    expect(await cartOf(buyer)).toEqual({ items: [], total_amount: 0, currency: 'USD' });
  });

  it('answers 401 anonymous and 403 for a seller', async () => {
    expectError(await new TestClient(server.url).get('/api/cart'), 401, 'unauthorized');
    expectError(await seller.client.get('/api/cart'), 403, 'forbidden');
  });

  it('prices lines at the product’s current price', async () => {
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { price: 500 });
    await addToCart(buyer, { product_id: product.id, quantity: 2 });
    await seller.client.patch(`/api/seller/products/${product.id}`, { price: 700 });
    expect((await cartOf(buyer)).total_amount).toBe(1400);
  });
});

describe('POST /api/cart/items', () => {
  it('adds a line and answers 201 {cart} with the product and the total', async () => {
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { price: 1250, stock: 5 });
    const res = await buyer.client.post<{ cart: CartBody }>('/api/cart/items', { product_id: product.id, quantity: 2 });
    expect(res.status).toBe(201);
    expect(res.body.cart.total_amount).toBe(2500);
    expect(res.body.cart.items).toEqual([
      { id: expect.any(Number), product_id: product.id, quantity: 2, size: null, color: null, product },
    ]);
    expect(await cartOf(buyer)).toEqual(res.body.cart);
  });

  it('adds to the quantity when the same line comes again', async () => {
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 10 });
    const first = await addToCart(buyer, { product_id: product.id, quantity: 2 });
    const second = await addToCart(buyer, { product_id: product.id, quantity: 3 });
    expect(second.items).toHaveLength(1);
    expect(second.items[0]?.id).toBe(first.items[0]?.id);
    expect(second.items[0]?.quantity).toBe(5);
  });

  it('keeps different sizes and colours on separate lines', async () => {
    const buyer = await registerBuyer(server.url);
    const shirt = await createProduct(seller, { sizes: ['S', 'M'], colors: ['red', 'blue'], stock: 10 });
    await addToCart(buyer, { product_id: shirt.id, quantity: 1, size: 'S', color: 'red' });
    await addToCart(buyer, { product_id: shirt.id, quantity: 1, size: 'M', color: 'red' });
    const cart = await addToCart(buyer, { product_id: shirt.id, quantity: 2, size: 'S', color: 'red' });
    expect(cart.items.map((i) => [i.size, i.color, i.quantity])).toEqual([
      ['S', 'red', 3],
      ['M', 'red', 1],
    ]);
  });

  it('answers 409 when the cart would hold more than the stock, counting every line of the product', async () => {
    const buyer = await registerBuyer(server.url);
    const shirt = await createProduct(seller, { sizes: ['S', 'M'], stock: 3 });
    await addToCart(buyer, { product_id: shirt.id, quantity: 2, size: 'S' });
    const before = await server.db.fingerprint();
    expectError(await buyer.client.post('/api/cart/items', { product_id: shirt.id, quantity: 2, size: 'M' }), 409, 'insufficient_stock');
    expectError(await buyer.client.post('/api/cart/items', { product_id: shirt.id, quantity: 2, size: 'S' }), 409, 'insufficient_stock');
    expect(await server.db.fingerprint()).toBe(before);
    expect((await cartOf(buyer)).items.map((i) => i.quantity)).toEqual([2]);
  });

  it('says what the cart already holds when adding again would pass the stock', async () => {
    const buyer = await registerBuyer(server.url);
    const tee = await createProduct(seller, { name: 'Plain tee', stock: 10 });
    await addToCart(buyer, { product_id: tee.id, quantity: 10 });
    const full = expectError(await buyer.client.post('/api/cart/items', { product_id: tee.id, quantity: 1 }), 409, 'insufficient_stock');
    expect(full.error.message).toBe('You already have 10 of Plain tee in your cart: that is all there is (10 left)');
    expect(full.error.details).toEqual({ product_id: tee.id, available: 10, in_cart: 10 });
    const mug = await createProduct(seller, { name: 'Mug', stock: 5 });
    await addToCart(buyer, { product_id: mug.id, quantity: 3 });
    const some = expectError(await buyer.client.post('/api/cart/items', { product_id: mug.id, quantity: 4 }), 409, 'insufficient_stock');
    expect(some.error.message).toBe('You already have 3 of Mug in your cart: only 2 more can be added (5 left)');
  });

  it('answers 409 for a product that is out of stock', async () => {
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 0 });
    expectError(await buyer.client.post('/api/cart/items', { product_id: product.id, quantity: 1 }), 409, 'insufficient_stock');
  });

  it('answers 404 for an unknown or deactivated product', async () => {
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    await seller.client.patch(`/api/seller/products/${product.id}`, { active: false });
    const before = await server.db.counts();
    expectError(await buyer.client.post('/api/cart/items', { product_id: 999999999, quantity: 1 }), 404, 'not_found');
    // Past PostgreSQL's integer ids, up to the largest id the contract takes: still just unknown.
    expectError(await buyer.client.post('/api/cart/items', { product_id: 2 ** 53 - 1, quantity: 1 }), 404, 'not_found');
    expectError(await buyer.client.post('/api/cart/items', { product_id: product.id, quantity: 1 }), 404, 'not_found');
    expect(await server.db.counts()).toEqual(before);
  });

  it.each([
    ['quantity 0', { quantity: 0 }],
    ['a negative quantity', { quantity: -1 }],
    ['a fractional quantity', { quantity: 1.5 }],
    ['a quantity as text', { quantity: 'two' }],
    ['a quantity above 1000', { quantity: 1001 }],
    ['no product', { product_id: undefined }],
    ['product_id 0', { product_id: 0 }],
    ['a price', { price: 1 }],
    ['a size for a product without sizes', { size: 'M' }],
  ])('answers 400 for %s and writes nothing', async (_what, overrides) => {
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    const before = await server.db.counts();
    expectError(await buyer.client.post('/api/cart/items', { product_id: product.id, quantity: 1, ...overrides }), 400, 'invalid_input');
    expect(await server.db.counts()).toEqual(before);
  });

  it('answers 400 when a size or colour is missing or not offered', async () => {
    const buyer = await registerBuyer(server.url);
    const shirt = await createProduct(seller, { sizes: ['S'], colors: ['red'] });
    for (const line of [{ color: 'red' }, { size: 'S' }, { size: 'XL', color: 'red' }, { size: 'S', color: 'green' }]) {
      expectError(await buyer.client.post('/api/cart/items', { product_id: shirt.id, quantity: 1, ...line }), 400, 'invalid_input');
    }
    expect((await cartOf(buyer)).items).toEqual([]);
  });

  it('answers 401 anonymous and 403 for a seller', async () => {
    const product = await createProduct(seller);
    const before = await server.db.counts();
    expectError(await new TestClient(server.url).post('/api/cart/items', { product_id: product.id, quantity: 1 }), 401, 'unauthorized');
    expectError(await seller.client.post('/api/cart/items', { product_id: product.id, quantity: 1 }), 403, 'forbidden');
    expect(await server.db.counts()).toEqual(before);
  });
});

describe('PATCH and DELETE /api/cart/items/:id', () => {
  it('sets a line’s quantity and answers 200 {cart}', async () => {
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { price: 300, stock: 10 });
    const itemId = (await addToCart(buyer, { product_id: product.id, quantity: 1 })).items[0]?.id;
    const res = await buyer.client.patch<{ cart: CartBody }>(`/api/cart/items/${itemId}`, { quantity: 4 });
    expect(res.status).toBe(200);
    expect(res.body.cart.items[0]?.quantity).toBe(4);
    expect(res.body.cart.total_amount).toBe(1200);
  });

  it('answers 409 for a quantity above the stock, and 400 for a bad one', async () => {
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 3 });
    const itemId = (await addToCart(buyer, { product_id: product.id, quantity: 1 })).items[0]?.id;
    const refused = expectError(await buyer.client.patch(`/api/cart/items/${itemId}`, { quantity: 4 }), 409, 'insufficient_stock');
    expect(refused.error.message).toMatch(/^Only 3 of .+ left: this line can have at most 3$/);
    expect(refused.error.details).toEqual({ product_id: product.id, available: 3 });
    expectError(await buyer.client.patch(`/api/cart/items/${itemId}`, { quantity: 0 }), 400, 'invalid_input');
    expectError(await buyer.client.patch(`/api/cart/items/${itemId}`, { quantity: 2, product_id: 1 }), 400, 'invalid_input');
    expectError(await buyer.client.patch('/api/cart/items/abc', { quantity: 2 }), 400, 'invalid_input');
    expect((await cartOf(buyer)).items[0]?.quantity).toBe(1);
  });

  it('removes a line and answers 200 {cart}', async () => {
    const buyer = await registerBuyer(server.url);
    const a = await createProduct(seller);
    const b = await createProduct(seller);
    await addToCart(buyer, { product_id: a.id, quantity: 1 });
    const cart = await addToCart(buyer, { product_id: b.id, quantity: 1 });
    const res = await buyer.client.delete<{ cart: CartBody }>(`/api/cart/items/${cart.items[0]?.id}`);
    expect(res.status).toBe(200);
    expect(res.body.cart.items.map((i) => i.product_id)).toEqual([b.id]);
    expectError(await buyer.client.delete(`/api/cart/items/${cart.items[0]?.id}`), 404, 'not_found');
  });

  it('answers 404 for another buyer’s line, leaving it alone', async () => {
    const owner = await registerBuyer(server.url);
    const intruder = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 10 });
    const itemId = (await addToCart(owner, { product_id: product.id, quantity: 2 })).items[0]?.id;
    const before = await server.db.fingerprint();
    expectError(await intruder.client.patch(`/api/cart/items/${itemId}`, { quantity: 5 }), 404, 'not_found');
    expectError(await intruder.client.delete(`/api/cart/items/${itemId}`), 404, 'not_found');
    expect(await server.db.fingerprint()).toBe(before);
    expect((await cartOf(owner)).items[0]?.quantity).toBe(2);
  });

  it('answers 401 anonymous', async () => {
    expectError(await new TestClient(server.url).patch('/api/cart/items/1', { quantity: 1 }), 401, 'unauthorized');
    expectError(await new TestClient(server.url).delete('/api/cart/items/1'), 401, 'unauthorized');
  });
});
