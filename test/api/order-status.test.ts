import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuyerOrderSummary, OrderDetailBody, OrderStatusBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import {
  ADDRESS,
  advanceTo,
  createProduct,
  orderScenario,
  placeOrder,
  registerBuyer,
  registerSeller,
  setStatus,
  UNSHIPPED,
  type Actor,
} from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const statusOf = (actor: Actor, orderId: number, headers?: Record<string, string>) =>
  actor.client.get<OrderStatusBody>(`/api/order-status/${orderId}`, headers);

describe('GET /api/order-status/:order_id', () => {
  it('gives the buyer the tracker body: status fields, version, history from pending, shipment', async () => {
    const { buyer, placed, orderId } = await orderScenario(server.url);
    const res = await statusOf(buyer, orderId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      order_id: orderId,
      order_number: placed.order_number,
      status: 'pending',
      status_label: 'Pending',
      status_emoji: '⏳',
      progress_step: 1,
      version: 1,
      updated_at: expect.stringMatching(ISO),
      history: [{ status: 'pending', at: expect.stringMatching(ISO), buyer_message: null }],
      shipment: UNSHIPPED,
    });
    const created = (await server.db.get<{ created_at: number }>('SELECT created_at FROM orders WHERE order_id = ?', orderId))?.created_at;
    expect(res.body.history[0]?.at).toBe(new Date(created ?? 0).toISOString());
  });

  it('gives the order’s seller the same body', async () => {
    const { buyer, seller, orderId } = await orderScenario(server.url);
    const [forBuyer, forSeller] = await Promise.all([statusOf(buyer, orderId), statusOf(seller, orderId)]);
    expect(forSeller.status).toBe(200);
    expect(forSeller.body).toEqual(forBuyer.body);
  });

  it('follows every change: status fields, version, history, shipment', async () => {
    const { buyer, seller, orderId } = await orderScenario(server.url);
    await advanceTo(seller, orderId, 'processing');
    await setStatus(seller, orderId, 'shipped', { carrier: 'DHL', tracking_number: 'JD0142' });
    const res = await statusOf(buyer, orderId);
    expect(res.body).toMatchObject({ status: 'shipped', status_label: 'Shipped', status_emoji: '📦', progress_step: 4, version: 4 });
    expect(res.body.history.map((h) => h.status)).toEqual(['pending', 'confirmed', 'processing', 'shipped']);
    expect(res.body.shipment).toMatchObject({ carrier: 'DHL', carrier_code: null, tracking_number: 'JD0142', tracking_url: null, status: 'shipped' });
    const times = res.body.history.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('sends an ETag and answers 304 to If-None-Match until the order changes', async () => {
    const { buyer, seller, orderId } = await orderScenario(server.url);
    const first = await statusOf(buyer, orderId);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const cached = await statusOf(buyer, orderId, { 'if-none-match': etag ?? '' });
    expect(cached.status).toBe(304);
    expect(cached.body).toBe('');
    expect((await statusOf(buyer, orderId, { 'if-none-match': `W/"other", ${etag}` })).status).toBe(304);

    await setStatus(seller, orderId, 'confirmed');
    const changed = await statusOf(buyer, orderId, { 'if-none-match': etag ?? '' });
    expect(changed.status).toBe(200);
    expect(changed.body.status).toBe('confirmed');
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('compares If-None-Match weakly (RFC 9110): the tag without W/ matches, and * matches an order that exists', async () => {
    const { buyer, seller, orderId } = await orderScenario(server.url);
    const etag = (await statusOf(buyer, orderId)).headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"/);
    const strong = etag.slice(2);
    for (const header of [strong, `"other" ,${strong}`, `W/"other",  ${strong} `, '*', ' * ']) {
      const res = await statusOf(buyer, orderId, { 'if-none-match': header });
      expect(res.status, header).toBe(304);
      expect(res.headers.get('etag'), header).toBe(etag);
    }
    for (const header of [`"${strong}"`, strong.slice(0, -1), `${strong.slice(0, -1)}0"`, 'W/', '"', '', '**']) {
      expect((await statusOf(buyer, orderId, { 'if-none-match': header })).status, header).toBe(200);
    }
    // * is for an order the viewer may see: anyone else still gets 404.
    expectError(await statusOf(await registerBuyer(server.url), orderId, { 'if-none-match': '*' }), 404, 'not_found');
    expectError(await statusOf(buyer, 2 ** 40, { 'if-none-match': '*' }), 404, 'not_found');
    await setStatus(seller, orderId, 'confirmed');
    expect((await statusOf(buyer, orderId, { 'if-none-match': strong })).status).toBe(200);
  });

  it('answers 404 to another buyer and another seller, 404 for a missing order, 400 for a non-numeric id, 401 anonymous', async () => {
    const { orderId } = await orderScenario(server.url);
    const [otherBuyer, otherSeller] = await Promise.all([registerBuyer(server.url), registerSeller(server.url)]);
    expectError(await statusOf(otherBuyer, orderId), 404, 'not_found');
    expectError(await statusOf(otherSeller, orderId), 404, 'not_found');
    expectError(await statusOf(otherBuyer, 999999999), 404, 'not_found');
    expectError(await statusOf(otherBuyer, 2 ** 31), 404, 'not_found');
    expectError(await otherBuyer.client.get('/api/order-status/abc'), 400, 'invalid_input');
    expectError(await otherBuyer.client.get('/api/order-status/1.5'), 400, 'invalid_input');
    expectError(await new TestClient(server.url).get(`/api/order-status/${orderId}`), 401, 'unauthorized');
  });

  it('answers the same 404 for someone else’s order as for a missing one', async () => {
    const { orderId } = await orderScenario(server.url);
    const other = await registerBuyer(server.url);
    const foreign = expectError(await statusOf(other, orderId), 404);
    const missing = expectError(await statusOf(other, 999999998), 404);
    expect(foreign).toEqual(missing);
  });
});

describe('GET /api/user-orders-detailed', () => {
  it('lists the buyer’s orders newest first with items and seller', async () => {
    const [seller, buyer, other] = await Promise.all([registerSeller(server.url), registerBuyer(server.url), registerBuyer(server.url)]);
    const product = await createProduct(seller, { price: 300 });
    const first = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    const second = await placeOrder(buyer, [{ product_id: product.id, quantity: 2 }]);
    await placeOrder(other, [{ product_id: product.id, quantity: 1 }]);
    await setStatus(seller, first.order_id, 'confirmed');

    const res = await buyer.client.get<{ orders: BuyerOrderSummary[] }>('/api/user-orders-detailed');
    expect(res.status).toBe(200);
    expect(res.body.orders.map((o) => o.order_id)).toEqual([second.order_id, first.order_id]);
    expect(res.body.orders[1]).toMatchObject({
      order_number: first.order_number,
      status: 'confirmed',
      status_label: 'Confirmed',
      status_emoji: '✔️',
      progress_step: 2,
      total_amount: 300,
      currency: 'USD',
      seller: { seller_id: seller.user.seller_id, store_name: seller.user.store_name },
      items: [{ product_id: product.id, product_name: product.name, quantity: 1, unit_price: 300, size: null, color: null }],
    });
    expect(res.body.orders[1]?.created_at).toMatch(ISO);
  });

  it('is empty for a new buyer; 401 anonymous; 403 for a seller', async () => {
    const buyer = await registerBuyer(server.url);
    const seller = await registerSeller(server.url);
    expect((await buyer.client.get<{ orders: BuyerOrderSummary[] }>('/api/user-orders-detailed')).body).toEqual({ orders: [] });
    expectError(await new TestClient(server.url).get('/api/user-orders-detailed'), 401, 'unauthorized');
    expectError(await seller.client.get('/api/user-orders-detailed'), 403, 'forbidden');
  });
});

describe('GET /api/orders/:order_number', () => {
  it('gives buyer and seller the full order: address, customer, items, history, shipment, next steps', async () => {
    const { buyer, seller, product, placed } = await orderScenario(server.url, { price: 4500 });
    await setStatus(seller, placed.order_id, 'confirmed', { note: 'Packed tomorrow', buyer_message: 'Thanks, it ships this week' });
    const res = await buyer.client.get<{ order: OrderDetailBody }>(`/api/orders/${placed.order_number}`);
    expect(res.status).toBe(200);
    expect(res.body.order).toMatchObject({
      order_id: placed.order_id,
      order_number: placed.order_number,
      status: 'confirmed',
      version: 2,
      total_amount: 4500,
      currency: 'USD',
      payment_method: 'card',
      shipping_address: { ...ADDRESS, line2: null },
      customer_name: `${buyer.user.first_name} ${buyer.user.last_name}`,
      seller: { seller_id: seller.user.seller_id, store_name: seller.user.store_name },
      items: [{ product_id: product.id, product_name: product.name, quantity: 1, unit_price: 4500, size: null, color: null }],
      shipment: UNSHIPPED,
      next_statuses: ['processing', 'cancelled'],
      can_cancel: true,
    });
    // The buyer reads what the seller said to them, never the seller's internal note.
    expect(res.body.order.history).toEqual([
      { status: 'pending', at: expect.stringMatching(ISO), buyer_message: null },
      { status: 'confirmed', at: expect.stringMatching(ISO), buyer_message: 'Thanks, it ships this week' },
    ]);
    const forSeller = await seller.client.get<{ order: OrderDetailBody }>(`/api/orders/${placed.order_number}`);
    expect(forSeller.status).toBe(200);
    expect(forSeller.body.order.history).toEqual([
      { status: 'pending', at: expect.stringMatching(ISO), buyer_message: null, note: null },
      { status: 'confirmed', at: expect.stringMatching(ISO), buyer_message: 'Thanks, it ships this week', note: 'Packed tomorrow' },
    ]);
    expect({ ...forSeller.body.order, history: [] }).toEqual({ ...res.body.order, history: [] });
  });

  it('answers 404 for someone else’s order, an unknown number and a malformed one; 401 anonymous', async () => {
    const { placed } = await orderScenario(server.url);
    const [otherBuyer, otherSeller] = await Promise.all([registerBuyer(server.url), registerSeller(server.url)]);
    expectError(await otherBuyer.client.get(`/api/orders/${placed.order_number}`), 404, 'not_found');
    expectError(await otherSeller.client.get(`/api/orders/${placed.order_number}`), 404, 'not_found');
    expectError(await otherBuyer.client.get('/api/orders/OP-0000000000'), 404, 'not_found');
    expectError(await otherBuyer.client.get('/api/orders/not-an-order'), 404, 'not_found');
    expectError(await otherBuyer.client.get(`/api/orders/${placed.order_number.toLowerCase()}`), 404, 'not_found');
    expectError(await new TestClient(server.url).get(`/api/orders/${placed.order_number}`), 401, 'unauthorized');
  });
});

describe('POST /api/orders/:order_id/cancel', () => {
  it.each(['pending', 'confirmed'] as const)('lets the buyer cancel while %s', async (status) => {
    const { buyer, seller, orderId } = await orderScenario(server.url);
    if (status === 'confirmed') await setStatus(seller, orderId, 'confirmed');
    const res = await buyer.client.post<{ order: OrderStatusBody }>(`/api/orders/${orderId}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body.order).toMatchObject({ order_id: orderId, status: 'cancelled', status_emoji: '❌', progress_step: 0 });
    expect(res.body.order.history.map((h) => h.status).at(-1)).toBe('cancelled');
    expect(res.body.order.shipment.status).toBe('cancelled');
    const row = await server.db.get<{ actor_role: string; note: string }>(
      "SELECT actor_role, note FROM order_status_history WHERE order_id = ? AND to_status = 'cancelled'",
      orderId,
    );
    expect(row).toEqual({ actor_role: 'buyer', note: expect.any(String) });
  });

  it.each(['processing', 'shipped', 'delivered'] as const)('answers 409 not_cancellable once %s, changing nothing', async (status) => {
    const { buyer, seller, orderId } = await orderScenario(server.url);
    await advanceTo(seller, orderId, status);
    const before = await server.db.fingerprint();
    expectError(await buyer.client.post(`/api/orders/${orderId}/cancel`), 409, 'not_cancellable');
    expect(await server.db.fingerprint()).toBe(before);
    expect((await statusOf(buyer, orderId)).body.status).toBe(status);
  });

  it('answers 404 to another buyer and to the order’s seller, changing nothing', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    const other = await registerBuyer(server.url);
    const before = await server.db.fingerprint();
    expectError(await other.client.post(`/api/orders/${orderId}/cancel`), 404, 'not_found');
    expectError(await seller.client.post(`/api/orders/${orderId}/cancel`), 404, 'not_found');
    expectError(await other.client.post('/api/orders/999999999/cancel'), 404, 'not_found');
    expectError(await other.client.post('/api/orders/abc/cancel'), 400, 'invalid_input');
    expectError(await new TestClient(server.url).post(`/api/orders/${orderId}/cancel`), 401, 'unauthorized');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('is a no-op the second time', async () => {
    const { buyer, orderId } = await orderScenario(server.url);
    expect((await buyer.client.post(`/api/orders/${orderId}/cancel`)).status).toBe(200);
    const before = await server.db.fingerprint();
    const again = await buyer.client.post<{ order: OrderStatusBody }>(`/api/orders/${orderId}/cancel`);
    expect(again.status).toBe(200);
    expect(again.body.order).toMatchObject({ status: 'cancelled', version: 2 });
    expect(await server.db.fingerprint()).toBe(before);
  });
});
