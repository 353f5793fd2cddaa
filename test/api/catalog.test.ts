import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductBody, ProductListBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { createProduct, registerBuyer, registerSeller, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let anonymous: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  anonymous = new TestClient(server.url);
});
afterAll(() => server.stop());

const tag = () => `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const list = (query: string) => anonymous.get<ProductListBody>(`/api/products?${query}`);

describe('GET /api/products', () => {
  let seller: Actor;
  let token: string;
  let made: ProductBody[];
  beforeAll(async () => {
    seller = await registerSeller(server.url);
    token = tag();
    made = [];
    for (const i of [1, 2, 3]) made.push(await createProduct(seller, { name: `Lamp ${i} ${token}`, price: 1000 * i }));
  });

  it('lists active products with every contract field', async () => {
    const res = await list(`q=${token}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.products.map((p) => p.id)).toEqual(made.map((p) => p.id));
    expect(res.body.products[0]).toEqual({
      id: made[0]?.id,
      name: `Lamp 1 ${token}`,
      description: 'A test product',
      price: 1000,
      currency: 'USD',
      stock: 100,
      sizes: [],
      colors: [],
      image_url: null,
      seller_id: seller.user.seller_id,
      store_name: seller.user.store_name,
      active: true,
    });
  });

  it('pages with page and limit, keeping the total', async () => {
    const first = await list(`q=${token}&limit=2&page=1`);
    const second = await list(`q=${token}&limit=2&page=2`);
    const beyond = await list(`q=${token}&limit=2&page=3`);
    expect([first.status, second.status, beyond.status]).toEqual([200, 200, 200]);
    expect(first.body.products.map((p) => p.id)).toEqual(made.slice(0, 2).map((p) => p.id));
    expect(second.body.products.map((p) => p.id)).toEqual(made.slice(2).map((p) => p.id));
    expect(beyond.body.products).toEqual([]);
    expect([first.body.total, second.body.total, beyond.body.total]).toEqual([3, 3, 3]);
  });

  it('defaults to 20 a page', async () => {
    const many = await registerSeller(server.url);
    const t = tag();
    for (let i = 0; i < 21; i++) await createProduct(many, { name: `Cup ${i} ${t}` });
    const res = await list(`q=${t}`);
    expect(res.body.products).toHaveLength(20);
    expect(res.body.total).toBe(21);
  });

  it('searches the name, the description and the store name, case-insensitively', async () => {
    const t = tag();
    const storeSeller = await registerSeller(server.url, { store_name: `Shop ${t}` });
    const byName = await createProduct(seller, { name: `Kettle ${t.toUpperCase()}` });
    const byDescription = await createProduct(seller, { description: `Made by ${t}` });
    const byStore = await createProduct(storeSeller, {});
    const res = await list(`q=${encodeURIComponent(t)}`);
    expect(res.body.products.map((p) => p.id).sort()).toEqual([byName.id, byDescription.id, byStore.id].sort());
    expect(res.body.total).toBe(3);
  });

  it('searches % and _ literally', async () => {
    const t = tag();
    const underscore = await createProduct(seller, { name: `A_${t}` });
    await createProduct(seller, { name: `AB${t}` });
    const res = await list(`q=${encodeURIComponent(`A_${t}`)}`);
    expect(res.body.products.map((p) => p.id)).toEqual([underscore.id]);
    const percent = await list(`q=${encodeURIComponent(`%${t}`)}`);
    expect(percent.body.total).toBe(0);
  });

  it('hides a product its seller deactivated', async () => {
    const t = tag();
    const product = await createProduct(seller, { name: `Hidden ${t}` });
    expect((await list(`q=${t}`)).body.total).toBe(1);
    expect((await seller.client.patch(`/api/seller/products/${product.id}`, { active: false })).status).toBe(200);
    expect((await list(`q=${t}`)).body.total).toBe(0);
  });

  it.each([
    'limit=0',
    'limit=101',
    'limit=abc',
    'limit=1.5',
    'limit=-5',
    'limit=',
    'limit=0x10',
    'limit=1e1',
    'limit=%2010',
    'limit=%2B5',
    'page=0',
    'page=x',
    'page=-1',
    'page=2.5',
    'page=1.0',
    'page=1e2',
    `q=${'x'.repeat(101)}`,
  ])(
    'answers 400 for %s',
    async (query) => {
      expectError(await list(query), 400, 'invalid_input');
    },
  );

  it('accepts the bounds limit=1 and limit=100', async () => {
    expect((await list('limit=1')).body.products.length).toBeLessThanOrEqual(1);
    expect((await list('limit=100')).status).toBe(200);
  });
});

describe('GET /api/products/:id', () => {
  it('returns the product', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller, { sizes: ['S', 'M'], colors: ['red'], image_url: '/images/products/x.svg' });
    const res = await anonymous.get<{ product: ProductBody }>(`/api/products/${product.id}`);
    expect(res.status).toBe(200);
    expect(res.body.product).toEqual(product);
    expect(res.body.product).toMatchObject({ sizes: ['S', 'M'], colors: ['red'], image_url: '/images/products/x.svg' });
  });

  it('answers 404 for a missing product and 400 for an id that is not a number', async () => {
    expectError(await anonymous.get('/api/products/999999999'), 404, 'not_found');
    expectError(await anonymous.get('/api/products/abc'), 400, 'invalid_input');
    expectError(await anonymous.get('/api/products/0'), 400, 'invalid_input');
  });

  it('shows an inactive product to its seller only', async () => {
    const seller = await registerSeller(server.url);
    const other = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    await seller.client.patch(`/api/seller/products/${product.id}`, { active: false });
    expect((await seller.client.get(`/api/products/${product.id}`)).status).toBe(200);
    for (const client of [anonymous, buyer.client, other.client]) {
      expectError(await client.get(`/api/products/${product.id}`), 404, 'not_found');
    }
  });
});

describe('POST /api/seller/products', () => {
  it('creates a product for the seller with defaults', async () => {
    const seller = await registerSeller(server.url);
    const res = await seller.client.post<{ product: ProductBody }>('/api/seller/products', { name: '  Teapot  ', price: 2599, stock: 4 });
    expect(res.status).toBe(201);
    expect(res.body.product).toMatchObject({
      name: 'Teapot',
      description: '',
      price: 2599,
      currency: 'USD',
      stock: 4,
      sizes: [],
      colors: [],
      image_url: null,
      seller_id: seller.user.seller_id,
      active: true,
    });
    expect(await server.db.get<{ seller_id: number; price: number }>('SELECT seller_id, price FROM products WHERE id = ?', res.body.product.id)).toEqual({
      seller_id: seller.user.seller_id,
      price: 2599,
    });
  });

  it.each([
    ['a negative price', { price: -1 }],
    ['a price in dollars', { price: 12.5 }],
    ['a price as a string', { price: '1250' }],
    ['a fractional stock', { stock: 1.5 }],
    ['a negative stock', { stock: -3 }],
    ['no name', { name: undefined }],
    ['a blank name', { name: '   ' }],
    ['repeated sizes', { sizes: ['M', 'M'] }],
    ['a javascript: image URL', { image_url: 'javascript:alert(1)' }],
    ['a protocol-relative image URL', { image_url: '//evil.test/x.png' }],
    ['an unknown field', { seller_id: 1 }],
  ])('answers 400 for %s and creates nothing', async (_what, overrides) => {
    const seller = await registerSeller(server.url);
    const before = await server.db.counts();
    const res = await seller.client.post('/api/seller/products', { name: 'Thing', price: 100, stock: 1, ...overrides });
    expectError(res, 400, 'invalid_input');
    expect(await server.db.counts()).toEqual(before);
  });

  it('answers 401 anonymous and 403 for a buyer', async () => {
    const buyer = await registerBuyer(server.url);
    const before = await server.db.counts();
    const body = { name: 'Thing', price: 100, stock: 1 };
    expectError(await anonymous.post('/api/seller/products', body), 401, 'unauthorized');
    expectError(await buyer.client.post('/api/seller/products', body), 403, 'forbidden');
    expect(await server.db.counts()).toEqual(before);
  });
});

describe('PATCH /api/seller/products/:id', () => {
  it('changes the owner’s product', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const res = await seller.client.patch<{ product: ProductBody }>(`/api/seller/products/${product.id}`, {
      price: 1500,
      stock: 7,
      sizes: ['L'],
      description: 'Better',
    });
    expect(res.status).toBe(200);
    expect(res.body.product).toEqual({ ...product, price: 1500, stock: 7, sizes: ['L'], description: 'Better' });
    expect((await anonymous.get<{ product: ProductBody }>(`/api/products/${product.id}`)).body.product.price).toBe(1500);
  });

  it('answers 403 for another seller’s product and 404 for a missing one, changing nothing', async () => {
    const owner = await registerSeller(server.url);
    const other = await registerSeller(server.url);
    const product = await createProduct(owner);
    const before = await server.db.fingerprint();
    expectError(await other.client.patch(`/api/seller/products/${product.id}`, { price: 1 }), 403, 'forbidden');
    expectError(await other.client.patch('/api/seller/products/999999999', { price: 1 }), 404, 'not_found');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('answers 400 for an empty or invalid patch, 401 anonymous, 403 for a buyer', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    const before = await server.db.fingerprint();
    expectError(await seller.client.patch(`/api/seller/products/${product.id}`, {}), 400, 'invalid_input');
    expectError(await seller.client.patch(`/api/seller/products/${product.id}`, { price: -5 }), 400, 'invalid_input');
    expectError(await seller.client.patch(`/api/seller/products/${product.id}`, { stock: 'many' }), 400, 'invalid_input');
    expectError(await seller.client.patch('/api/seller/products/x1', { price: 5 }), 400, 'invalid_input');
    expectError(await anonymous.patch(`/api/seller/products/${product.id}`, { price: 5 }), 401, 'unauthorized');
    expectError(await buyer.client.patch(`/api/seller/products/${product.id}`, { price: 5 }), 403, 'forbidden');
    expect(await server.db.fingerprint()).toBe(before);
  });
});

describe('GET /api/seller/products', () => {
  it('lists the seller’s own products, inactive ones included, and nobody else’s', async () => {
    const seller = await registerSeller(server.url);
    const other = await registerSeller(server.url);
    const a = await createProduct(seller);
    const b = await createProduct(seller);
    await createProduct(other);
    await seller.client.patch(`/api/seller/products/${b.id}`, { active: false });
    const res = await seller.client.get<{ products: ProductBody[] }>('/api/seller/products');
    expect(res.status).toBe(200);
    expect(res.body.products.map((p) => [p.id, p.active])).toEqual([
      [a.id, true],
      [b.id, false],
    ]);
  });

  it('answers 401 anonymous and 403 for a buyer', async () => {
    const buyer = await registerBuyer(server.url);
    expectError(await anonymous.get('/api/seller/products'), 401, 'unauthorized');
    expectError(await buyer.client.get('/api/seller/products'), 403, 'forbidden');
  });
});
