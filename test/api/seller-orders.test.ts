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
      item_count: 5,
    });
  });

  it('sorts by created_at or total_amount, either way; item_count counts the units of every line', async () => {
    const { seller, max, placed } = await shop();
    const scarf = await createProduct(seller, { name: 'Striped Scarf', price: 300 });
    const widget = await createProduct(seller, { name: 'Plain Widget', price: 100 });
    const extra = await placeOrder(max, [
      { product_id: scarf.id, quantity: 1 },
      { product_id: widget.id, quantity: 2 },
    ]);
    const ids = placed.map((p) => p.order_id);
    const idsBy = async (sort: string) => (await ordersOf(seller, `sort=${sort}`)).orders.map((o) => o.order_id);
    expect(await idsBy('created_at')).toEqual([...ids, extra.order_id]);
    expect(await idsBy('-created_at')).toEqual([extra.order_id, ...[...ids].reverse()]);
    expect(await idsBy('total_amount')).toEqual([extra.order_id, ...ids]);
    expect(await idsBy('-total_amount')).toEqual([...[...ids].reverse(), extra.order_id]);
    const newest = (await ordersOf(seller)).orders[0];
    expect([newest?.order_id, newest?.total_amount, newest?.item_count]).toEqual([extra.order_id, 500, 3]);
  });

  it('also finds orders by the product names of their lines', async () => {
    const { seller, zoe, placed } = await shop();
    const scarf = await createProduct(seller, { name: 'Striped Scarf', price: 300 });
    const extra = await placeOrder(zoe, [{ product_id: scarf.id, quantity: 2 }]);
    const scarves = await ordersOf(seller, 'q=STRIPED%20sc');
    expect(scarves.orders.map((o) => [o.order_id, o.item_count])).toEqual([[extra.order_id, 2]]);
    expect(scarves.counts).toEqual({ ...zeroCounts, all: 1, pending: 1 });
    expect((await ordersOf(seller, 'q=widget')).orders.map((o) => o.order_id)).toEqual(placed.map((p) => p.order_id).reverse());
  });

  it('keeps to the from/to window on created_at: dates are whole UTC days, date-times instants, both ends included', async () => {
    const { seller } = await shop();
    const list = (await ordersOf(seller, 'sort=created_at')).orders;
    const first = list[0];
    if (!first) throw new Error('the shop has orders');
    const day = (offset: number) => new Date(Date.parse(first.created_at) + offset * 86_400_000).toISOString().slice(0, 10);
    const within = async (query: string) => (await ordersOf(seller, `sort=created_at&${query}`)).orders.map((o) => o.order_id);
    const where = (keep: (createdAt: string) => boolean) => list.filter((o) => keep(o.created_at)).map((o) => o.order_id);
    const at = (instant: string) => encodeURIComponent(instant);

    expect(await within(`from=${day(0)}&to=${day(0)}`)).toEqual(where((t) => t.startsWith(day(0))));
    expect(await within(`from=${day(-1)}&to=${day(1)}`)).toEqual(where(() => true));
    expect(await within(`to=${day(-1)}`)).toEqual([]);
    expect(await within(`from=${day(2)}`)).toEqual([]);
    expect(await within(`from=${at(first.created_at)}&to=${at(first.created_at)}`)).toEqual(where((t) => t === first.created_at));
    expect(await within(`to=${at(new Date(Date.parse(first.created_at) - 1).toISOString())}`)).toEqual([]);
    // An offset is an offset: the same instant spelled in another zone.
    const plusTwo = new Date(Date.parse(first.created_at) + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    const counted = await ordersOf(seller, `to=${at(plusTwo)}`);
    expect(counted.counts.all).toBe(where((t) => t === first.created_at).length);
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

  it.each([
    'status=teleported',
    'status=PENDING',
    'limit=0',
    'limit=101',
    'limit=abc',
    'page=0',
    `q=${'x'.repeat(101)}`,
    'sort=price',
    'sort=',
    'sort=created_at,total_amount',
    'from=yesterday',
    'from=2026-13-01',
    'from=2026-02-30',
    'to=2026-12-07T10:00',
    'to=1733560000000',
    'from=2026-12-08&to=2026-12-07',
    'from=2026-12-07T10:00:00Z&to=2026-12-07T09:59:59Z',
  ])(
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
