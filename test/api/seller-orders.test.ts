import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SellerOrdersBody, StatusCounts } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { advanceTo, createProduct, placeOrder, registerBuyer, registerSeller, setStatus, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const ordersOf = async (seller: Actor, query = '') => {
  const res = await seller.client.get<SellerOrdersBody>(`/api/seller/orders${query ? `?${query}` : ''}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

const zeroCounts: StatusCounts = { all: 0, pending: 0, confirmed: 0, processing: 0, shipped: 0, delivered: 0, cancelled: 0, returned: 0 };

/** A seller with five orders from two named buyers: pending ×2, confirmed, shipped, cancelled; and a rival seller's order. */
async function shop() {
  const [seller, rival] = await Promise.all([registerSeller(server.url), registerSeller(server.url)]);
  const [zoe, max] = await Promise.all([
    registerBuyer(server.url, { first_name: 'Zoe', last_name: 'Quartermain' }),
    registerBuyer(server.url, { first_name: 'Max', last_name: 'Okafor' }),
  ]);
  const product = await createProduct(seller, { price: 1000, stock: 100 });
  const rivalProduct = await createProduct(rival);
  const placed = [];
  for (const [buyer, qty] of [[zoe, 1], [max, 2], [zoe, 3], [max, 4], [zoe, 5]] as const) {
    placed.push(await placeOrder(buyer, [{ product_id: product.id, quantity: qty }]));
  }
  const [, p2, p3, p4] = placed.map((p) => p.order_id);
  await setStatus(seller, p2 ?? 0, 'confirmed');
  await advanceTo(seller, p3 ?? 0, 'shipped');
  await setStatus(seller, p4 ?? 0, 'cancelled');
  await placeOrder(zoe, [{ product_id: rivalProduct.id, quantity: 1 }]);
  return { seller, rival, zoe, max, placed };
}

describe('GET /api/seller/orders', () => {
  it('lists only the seller’s orders, newest first, with counts per status', async () => {
    const { seller, placed } = await shop();
    const body = await ordersOf(seller);
    expect(body.orders.map((o) => o.order_id)).toEqual(placed.map((p) => p.order_id).reverse());
    expect(body.total).toBe(5);
    expect(body.counts).toEqual({ ...zeroCounts, all: 5, pending: 2, confirmed: 1, shipped: 1, cancelled: 1 });
    const newest = body.orders[0];
    expect(newest).toEqual({
      order_id: placed[4]?.order_id,
      order_number: placed[4]?.order_number,
      customer_name: `Zoe Quartermain`,
      total_amount: 5000,
      currency: 'USD',
      status: 'pending',
      status_label: 'Pending',
      status_emoji: '⏳',
      progress_step: 1,
      version: 1,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  it('filters by status, keeping the counts of every status', async () => {
    const { seller, placed } = await shop();
    const pending = await ordersOf(seller, 'status=pending');
    expect(pending.orders.map((o) => o.order_id)).toEqual([placed[4]?.order_id, placed[0]?.order_id]);
    expect(pending.total).toBe(2);
    expect(pending.counts.all).toBe(5);
    const shipped = await ordersOf(seller, 'status=shipped');
    expect(shipped.orders.map((o) => [o.order_id, o.status, o.version])).toEqual([[placed[2]?.order_id, 'shipped', 4]]);
    expect((await ordersOf(seller, 'status=delivered')).orders).toEqual([]);
    expect((await ordersOf(seller, 'status=all')).total).toBe(5);
  });

  it('searches by order number and by customer name', async () => {
    const { seller, placed } = await shop();
    const target = placed[1];
    const byNumber = await ordersOf(seller, `q=${target?.order_number.slice(3, 9)}`);
    expect(byNumber.orders.map((o) => o.order_id)).toEqual([target?.order_id]);
    const byFullNumber = await ordersOf(seller, `q=${target?.order_number}`);
    expect(byFullNumber.orders.map((o) => o.order_id)).toEqual([target?.order_id]);

    const byName = await ordersOf(seller, 'q=okafor');
    expect(byName.orders.map((o) => o.order_id)).toEqual([placed[3]?.order_id, placed[1]?.order_id]);
    expect(byName.total).toBe(2);
    const byFullName = await ordersOf(seller, `q=${encodeURIComponent('Max Okafor')}`);
    expect(byFullName.total).toBe(2);
    const combined = await ordersOf(seller, 'q=quartermain&status=pending');
    expect(combined.orders.map((o) => o.order_id)).toEqual([placed[4]?.order_id, placed[0]?.order_id]);
    expect((await ordersOf(seller, 'q=nobody-by-this-name')).total).toBe(0);
  });

  it('pages with page and limit', async () => {
    const { seller, placed } = await shop();
    const ids = placed.map((p) => p.order_id).reverse();
    const pages = await Promise.all([1, 2, 3, 4].map((page) => ordersOf(seller, `limit=2&page=${page}`)));
    expect(pages.map((p) => p.orders.map((o) => o.order_id))).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4), []]);
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
  });

  it('shows a rival seller nothing of this seller', async () => {
    const { rival, placed } = await shop();
    const body = await ordersOf(rival);
    expect(body.total).toBe(1);
    expect(body.orders.some((o) => placed.some((p) => p.order_id === o.order_id))).toBe(false);
  });

  it.each(['status=teleported', 'status=PENDING', 'limit=0', 'limit=101', 'limit=abc', 'page=0', `q=${'x'.repeat(101)}`])(
    'answers 400 for %s',
    async (query) => {
      const seller = await registerSeller(server.url);
      expectError(await seller.client.get(`/api/seller/orders?${query}`), 400, 'invalid_input');
    },
  );

  it('answers 401 anonymous and 403 for a buyer', async () => {
    const buyer = await registerBuyer(server.url);
    expectError(await new TestClient(server.url).get('/api/seller/orders'), 401, 'unauthorized');
    expectError(await buyer.client.get('/api/seller/orders'), 403, 'forbidden');
  });
});
