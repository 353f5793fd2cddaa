/**
 * Buyer returns over HTTP: the buyer's request and its rules, the seller's list and decisions
 * (approval as the order's status change, with or without restocking), concurrent decisions,
 * and the order bodies that carry the latest request. Every response is held to the OpenAPI
 * document by the test client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BulkStatusBody,
  BuyerOrderSummary,
  CheckoutBody,
  OrderDetailBody,
  ReturnApprovedBody,
  ReturnRequestBody,
  SellerReturnsBody,
  UpdateStatusBody,
} from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { advanceTo, createProduct, placeOrder, registerBuyer, registerSeller, setStatus, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DAY_MS = 86_400_000;

/** How far the node's clock is moved ahead of the real one. */
let shift = 0;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({}, { clock: () => Date.now() + shift });
});
afterAll(() => server.stop());

/** A delivered order of two lines of one product and one of another. */
async function deliveredOrder() {
  const [seller, buyer] = await Promise.all([registerSeller(server.url), registerBuyer(server.url)]);
  const shirt = await createProduct(seller, { stock: 10 });
  const mug = await createProduct(seller, { stock: 5 });
  const placed = await placeOrder(buyer, [
    { product_id: shirt.id, quantity: 2 },
    { product_id: mug.id, quantity: 1 },
  ]);
  await advanceTo(seller, placed.order_id, 'delivered');
  return { seller, buyer, shirt, mug, orderId: placed.order_id, orderNumber: placed.order_number, checkoutNumber: placed.checkout_number };
}

function askReturn(buyer: Actor, orderId: number, body: Record<string, unknown> = { reason: 'damaged', message: '  The mug arrived cracked  ' }) {
  return buyer.client.post<{ return_request: ReturnRequestBody }>(`/api/orders/${orderId}/return-request`, body);
}

async function requested(buyer: Actor, orderId: number): Promise<ReturnRequestBody> {
  const res = await askReturn(buyer, orderId);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.return_request;
}

const approve = (seller: Actor, id: number, body: Record<string, unknown>) =>
  seller.client.post<ReturnApprovedBody>(`/api/seller/return-requests/${id}/approve`, body);
const decline = (seller: Actor, id: number, body: Record<string, unknown> = { buyer_message: 'The seal was broken by use' }) =>
  seller.client.post<{ return_request: ReturnRequestBody }>(`/api/seller/return-requests/${id}/decline`, body);

const orderRow = (orderId: number) => server.db.get<{ order_status: string; version: number }>('SELECT order_status, version FROM orders WHERE order_id = ?', orderId);
const stocks = async (...ids: number[]) => Promise.all(ids.map((id) => server.db.stockOf(id)));

describe('the buyer asks for a return', () => {
  it('gets 201 with the request, trimmed, and the order is untouched', async () => {
    const { buyer, orderId, orderNumber } = await deliveredOrder();
    const before = await orderRow(orderId);
    const request = await requested(buyer, orderId);
    expect(request).toMatchObject({
      order_id: orderId,
      order_number: orderNumber,
      status: 'requested',
      reason: 'damaged',
      message: 'The mug arrived cracked',
      decided_at: null,
      buyer_message: null,
      restock: null,
    });
    expect(await orderRow(orderId)).toEqual(before);
  });

  it('takes no message, and "" as no message', async () => {
    const first = await deliveredOrder();
    expect((await askReturn(first.buyer, first.orderId, { reason: 'no_longer_needed' })).body.return_request.message).toBeNull();
    const second = await deliveredOrder();
    expect((await askReturn(second.buyer, second.orderId, { reason: 'other', message: '   ' })).body.return_request.message).toBeNull();
  });

  it('is refused with 409 return_not_allowed while the order is not delivered', async () => {
    const { seller, buyer, orderId } = await deliveredOrder();
    const product = await createProduct(seller);
    const shipped = (await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }])).order_id;
    await advanceTo(seller, shipped, 'shipped');
    const refused = expectError(await askReturn(buyer, shipped), 409, 'return_not_allowed');
    expect(refused.error.message).toMatch(/delivered/);
    await setStatus(seller, orderId, 'returned');
    expectError(await askReturn(buyer, orderId), 409, 'return_not_allowed');
    expect(await server.db.get('SELECT count(*) AS n FROM return_requests WHERE order_id IN (?, ?)', shipped, orderId)).toEqual({ n: 0 });
  });

  it('is refused with 409 return_not_allowed more than 30 days after delivery, and allowed on the 30th day', async () => {
    const late = await deliveredOrder();
    const onTime = await deliveredOrder();
    try {
      shift = 30 * DAY_MS + 60_000;
      const refused = expectError(await askReturn(late.buyer, late.orderId), 409, 'return_not_allowed');
      expect(refused.error.message).toMatch(/30 days/);
      shift = 29 * DAY_MS;
      await requested(onTime.buyer, onTime.orderId);
    } finally {
      shift = 0;
    }
    expect(await server.db.get('SELECT count(*) AS n FROM return_requests WHERE order_id = ?', late.orderId)).toEqual({ n: 0 });
  });

  it('is refused with 409 return_already_requested while one is open, and allowed again once declined', async () => {
    const { seller, buyer, orderId } = await deliveredOrder();
    const first = await requested(buyer, orderId);
    expectError(await askReturn(buyer, orderId), 409, 'return_already_requested');
    expect((await decline(seller, first.id)).status).toBe(200);
    const second = await requested(buyer, orderId);
    expect(second.id).not.toBe(first.id);
  });

  it('lets only one of several requests made at once through', async () => {
    const { buyer, orderId } = await deliveredOrder();
    const replies = await Promise.all(Array.from({ length: 6 }, () => askReturn(buyer, orderId)));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const reply of replies.filter((r) => r.status === 409)) expectError(reply, 409, 'return_already_requested');
    expect(await server.db.get('SELECT count(*) AS n FROM return_requests WHERE order_id = ?', orderId)).toEqual({ n: 1 });
  });

  it("answers 404 for someone else's order or an unknown one, 400 for a bad body, 401 without a session", async () => {
    const { seller, buyer, orderId } = await deliveredOrder();
    const stranger = await registerBuyer(server.url);
    const before = await server.db.fingerprint();
    expectError(await askReturn(stranger, orderId), 404, 'not_found');
    expectError(await askReturn(seller, orderId), 404, 'not_found');
    expectError(await askReturn(buyer, 999_999_999), 404, 'not_found');
    expectError(await askReturn(buyer, orderId, { reason: 'changed_my_mind' }), 400, 'invalid_input');
    expectError(await askReturn(buyer, orderId, {}), 400, 'invalid_input');
    expectError(await askReturn(buyer, orderId, { reason: 'other', message: 'x'.repeat(1001) }), 400, 'invalid_input');
    expectError(await askReturn(buyer, orderId, { reason: 'other', extra: 1 }), 400, 'invalid_input');
    expectError(await buyer.client.post('/api/orders/abc/return-request', { reason: 'other' }), 400, 'invalid_input');
    expectError(await new TestClient(server.url).post(`/api/orders/${orderId}/return-request`, { reason: 'other' }), 401, 'unauthorized');
    expect(await server.db.fingerprint(), 'nothing written').toBe(before);
  });
});

describe('the seller decides', () => {
  it('approves with restock: the order is returned as a status change and the units go back', async () => {
    const { seller, buyer, shirt, mug, orderId } = await deliveredOrder();
    const logged = await server.db.get<{ position: number }>('SELECT max(position) AS position FROM events');
    const request = await requested(buyer, orderId);
    expect(await stocks(shirt.id, mug.id)).toEqual([8, 4]);
    const before = await orderRow(orderId);

    const res = await approve(seller, request.id, { restock: true, buyer_message: 'Refund on its way' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.return_request).toMatchObject({ id: request.id, status: 'approved', restock: true, buyer_message: 'Refund on its way' });
    expect(res.body.return_request.decided_at).not.toBeNull();
    expect(res.body.order).toMatchObject({ order_id: orderId, status: 'returned', version: (before?.version ?? 0) + 1 });
    expect(await stocks(shirt.id, mug.id)).toEqual([10, 5]);

    const history = await server.db.all<{ from_status: string; to_status: string; buyer_message: string | null }>(
      'SELECT from_status, to_status, buyer_message FROM order_status_history WHERE order_id = ? ORDER BY id',
      orderId,
    );
    expect(history.at(-1)).toEqual({ from_status: 'delivered', to_status: 'returned', buyer_message: 'Refund on its way' });
    // This file's tests run one at a time: what the log holds since is this order's.
    const events = await server.db.all<{ type: string }>('SELECT type FROM events WHERE position > ? ORDER BY position', logged?.position ?? 0);
    expect(events.map((e) => e.type)).toEqual(['return:requested', 'order:status', 'return:decided']);
  });

  it('approves without restock: the order is returned and the stock stays as it was', async () => {
    const { seller, buyer, shirt, mug, orderId } = await deliveredOrder();
    const request = await requested(buyer, orderId);
    const res = await approve(seller, request.id, { restock: false });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.return_request).toMatchObject({ status: 'approved', restock: false, buyer_message: null });
    expect(res.body.order.status).toBe('returned');
    expect(await stocks(shirt.id, mug.id)).toEqual([8, 4]);
  });

  it('declines: the request is closed and the order is exactly as it was', async () => {
    const { seller, buyer, shirt, orderId } = await deliveredOrder();
    const request = await requested(buyer, orderId);
    const before = await orderRow(orderId);
    const res = await decline(seller, request.id, { buyer_message: '  Worn items cannot be returned  ' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.return_request).toMatchObject({ status: 'declined', buyer_message: 'Worn items cannot be returned', restock: null });
    expect(await orderRow(orderId)).toEqual(before);
    expect(await server.db.stockOf(shirt.id)).toBe(8);
  });

  it('answers 409 return_already_decided to a second decision, and writes nothing', async () => {
    const { seller, buyer, orderId } = await deliveredOrder();
    const request = await requested(buyer, orderId);
    expect((await decline(seller, request.id)).status).toBe(200);
    const before = await server.db.fingerprint();
    expectError(await approve(seller, request.id, { restock: true }), 409, 'return_already_decided');
    expectError(await decline(seller, request.id), 409, 'return_already_decided');
    expect(await server.db.fingerprint()).toBe(before);
  });

 it('answers 403 to another seller and to a buyer, 404 for an unknown request, 400 for a bad body', async () => {
    const { seller, buyer, orderId } = await deliveredOrder();
    const request = await requested(buyer, orderId);
    const other = await registerSeller(server.url);
    const before = await server.db.fingerprint();
    expectError(await approve(other, request.id, { restock: true }), 403, 'forbidden');
    expectError(await decline(other, request.id), 403, 'forbidden');
    expectError(await approve(buyer, request.id, { restock: true }), 403, 'forbidden');
    expectError(await decline(buyer, request.id), 403, 'forbidden');
    expectError(await approve(seller, 999_999_999, { restock: true }), 404, 'not_found');
    expectError(await approve(seller, request.id, {}), 400, 'invalid_input');
    expectError(await approve(seller, request.id, { restock: 'yes' }), 400, 'invalid_input');
    expectError(await approve(seller, request.id, { restock: true, buyer_message: 'x'.repeat(501) }), 400, 'invalid_input');
    expectError(await decline(seller, request.id, {}), 400, 'invalid_input');
    expectError(await decline(seller, request.id, { buyer_message: '   ' }), 400, 'invalid_input');
    expectError(await new TestClient(server.url).post(`/api/seller/return-requests/${request.id}/approve`, { restock: true }), 401, 'unauthorized');
    expect(await server.db.fingerprint(), 'nothing written').toBe(before);
  });

  it('lets exactly one of an approval and a decline made at once win', async () => {
    for (let round = 0; round < 4; round++) {
      const { seller, buyer, shirt, orderId } = await deliveredOrder();
      const request = await requested(buyer, orderId);
      const [approved, declined] = await Promise.all([approve(seller, request.id, { restock: true }), decline(seller, request.id)]);
      expect([approved.status, declined.status].sort()).toEqual([200, 409]);
      const loser = approved.status === 409 ? approved : declined;
      expectError(loser, 409, 'return_already_decided');
      const row = await server.db.get<{ status: string }>('SELECT status FROM return_requests WHERE id = ?', request.id);
      const order = await orderRow(orderId);
      if (approved.status === 200) {
        expect(row?.status).toBe('approved');
        expect(order?.order_status).toBe('returned');
        expect(await server.db.stockOf(shirt.id)).toBe(10);
      } else {
        expect(row?.status).toBe('declined');
        expect(order?.order_status).toBe('delivered');
        expect(await server.db.stockOf(shirt.id)).toBe(8);
      }
      const decided = await server.db.get<{ n: number }>(
        `SELECT count(*) AS n FROM events WHERE type = 'return:decided' AND payload LIKE ?`,
        `%"id":${request.id},"orderId":${orderId},%`,
      );
      expect(Number(decided?.n)).toBe(1);
    }
  });
});

describe('a status change to returned, not an approval', () => {
  const requestRow = (id: number) =>
    server.db.get<{ status: string; decided_at: number | null; buyer_message: string | null; restock: number | boolean | null }>(
      'SELECT status, decided_at, buyer_message, restock FROM return_requests WHERE id = ?',
      id,
    );
  const decidedEvents = async (request: ReturnRequestBody) =>
    (
      await server.db.all<{ payload: string }>(`SELECT payload FROM events WHERE type = 'return:decided' AND payload LIKE ?`, `%"id":${request.id},"orderId":${request.order_id},%`)
    ).map((e) => JSON.parse(e.payload) as { returnRequest: { status: string; restock: boolean | null } });

  it('approves the open request in the same change: no restock, the change’s message, its return:decided after the order:status', async () => {
    const { seller, buyer, shirt, mug, orderId, orderNumber } = await deliveredOrder();
    const request = await requested(buyer, orderId);
    const logged = await server.db.get<{ position: number }>('SELECT max(position) AS position FROM events');

    const changed = await setStatus(seller, orderId, 'returned', { buyer_message: 'Refund on its way' });
    expect(changed).toMatchObject({ changed: true, order: { status: 'returned' } });

    expect(await requestRow(request.id)).toMatchObject({ status: 'approved', buyer_message: 'Refund on its way' });
    expect(Boolean((await requestRow(request.id))?.restock)).toBe(false);
    expect((await requestRow(request.id))?.decided_at).not.toBeNull();
    // The ordinary change to returned restocks nothing; settling the request does not either.
    expect(await stocks(shirt.id, mug.id)).toEqual([8, 4]);
    const events = await server.db.all<{ type: string }>('SELECT type FROM events WHERE position > ? ORDER BY position', logged?.position ?? 0);
    expect(events.map((e) => e.type)).toEqual(['order:status', 'return:decided']);
    expect((await decidedEvents(request)).map((e) => e.returnRequest)).toEqual([expect.objectContaining({ status: 'approved', restock: false })]);

    // What the buyer's page and the seller's Returns page read.
    const detail = await buyer.client.get<{ order: OrderDetailBody }>(`/api/orders/${orderNumber}`);
    expect(detail.body.order.return_request).toMatchObject({ id: request.id, status: 'approved', restock: false, buyer_message: 'Refund on its way' });
    const list = await seller.client.get<SellerReturnsBody>('/api/seller/return-requests');
    expect(list.body.counts).toEqual({ requested: 0, approved: 1, declined: 0 });
    expect(list.body.return_requests[0]).toMatchObject({ id: request.id, status: 'approved', order_status: 'returned' });

    // The request is decided: approving or declining it again is refused, and writes nothing.
    const before = await server.db.fingerprint();
    expectError(await approve(seller, request.id, { restock: true }), 409, 'return_already_decided');
    expectError(await decline(seller, request.id), 409, 'return_already_decided');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('leaves an order without an open request as it was (a declined one stays declined)', async () => {
    const { seller, buyer, orderId } = await deliveredOrder();
    const request = await requested(buyer, orderId);
    await decline(seller, request.id);
    const logged = await server.db.get<{ position: number }>('SELECT max(position) AS position FROM events');
    await setStatus(seller, orderId, 'returned');
    expect((await requestRow(request.id))?.status).toBe('declined');
    const events = await server.db.all<{ type: string }>('SELECT type FROM events WHERE position > ? ORDER BY position', logged?.position ?? 0);
    expect(events.map((e) => e.type)).toEqual(['order:status']);
  });

  it('approves each order’s open request in a bulk change', async () => {
    const first = await deliveredOrder();
    const seller = first.seller;
    const product = await createProduct(seller, { stock: 10 });
    const second = (await placeOrder(first.buyer, [{ product_id: product.id, quantity: 1 }])).order_id;
    await advanceTo(seller, second, 'delivered');
    const withoutRequest = (await placeOrder(first.buyer, [{ product_id: product.id, quantity: 1 }])).order_id;
    await advanceTo(seller, withoutRequest, 'delivered');
    const requests = [await requested(first.buyer, first.orderId), await requested(first.buyer, second)];

    const res = await seller.client.post<BulkStatusBody>('/api/seller/orders/bulk-status', {
      order_ids: [first.orderId, second, withoutRequest],
      new_status: 'returned',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((r) => r.ok)).toEqual([true, true, true]);
    for (const request of requests) {
      expect((await requestRow(request.id))?.status).toBe('approved');
      expect(await decidedEvents(request)).toHaveLength(1);
    }
    expect(await server.db.get('SELECT count(*) AS n FROM return_requests WHERE order_id = ?', withoutRequest)).toEqual({ n: 0 });
  });

  it('and an approval made at once: exactly one decides the request', async () => {
    for (let round = 0; round < 6; round++) {
      const { seller, buyer, shirt, orderId } = await deliveredOrder();
      const request = await requested(buyer, orderId);
      const [approved, changed] = await Promise.all([
        approve(seller, request.id, { restock: true, buyer_message: 'Approved' }),
        seller.client.post<UpdateStatusBody>('/seller/update-order-status', { order_id: orderId, new_status: 'returned' }),
      ]);
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      const row = await requestRow(request.id);
      expect(row?.status).toBe('approved');
      expect((await orderRow(orderId))?.order_status).toBe('returned');
      expect(await decidedEvents(request)).toHaveLength(1);
      if (approved.status === 200) {
        // The approval came first: the plain change found the order returned already.
        expect(changed.body.changed).toBe(false);
        expect(row).toMatchObject({ buyer_message: 'Approved' });
        expect(await server.db.stockOf(shirt.id)).toBe(10);
      } else {
        expectError(approved, 409, 'return_already_decided');
        expect(changed.body.changed).toBe(true);
        expect(row?.buyer_message).toBeNull();
        expect(await server.db.stockOf(shirt.id)).toBe(8);
      }
      const history = await server.db.get<{ n: number }>(`SELECT count(*) AS n FROM order_status_history WHERE order_id = ? AND to_status = 'returned'`, orderId);
      expect(Number(history?.n)).toBe(1);
    }
  });

  it('and a request made at once: the order never ends returned with an open request', async () => {
    for (let round = 0; round < 8; round++) {
      const { seller, buyer, orderId } = await deliveredOrder();
      const [asked, changed] = await Promise.all([
        askReturn(buyer, orderId),
        seller.client.post<UpdateStatusBody>('/seller/update-order-status', { order_id: orderId, new_status: 'returned' }),
      ]);
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      if (asked.status === 201) expect((await requestRow(asked.body.return_request.id))?.status).toBe('approved');
      else expectError(asked, 409, 'return_not_allowed');
      expect(await server.db.get(`SELECT count(*) AS n FROM return_requests WHERE order_id = ? AND status = 'requested'`, orderId)).toEqual({ n: 0 });
    }
  });

  it('and a decline made at once: one decision, and the order ends returned either way', async () => {
    for (let round = 0; round < 6; round++) {
      const { seller, buyer, orderId } = await deliveredOrder();
      const request = await requested(buyer, orderId);
      const [declined, changed] = await Promise.all([
        decline(seller, request.id),
        seller.client.post<UpdateStatusBody>('/seller/update-order-status', { order_id: orderId, new_status: 'returned' }),
      ]);
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect(changed.body.changed).toBe(true);
      expect((await orderRow(orderId))?.order_status).toBe('returned');
      const decided = await decidedEvents(request);
      expect(decided).toHaveLength(1);
      // The decline came first: the change returned the order without it; else the change settled it and the decline was refused.
      if (declined.status === 200) expect(decided[0]?.returnRequest.status).toBe('declined');
      else {
        expectError(declined, 409, 'return_already_decided');
        expect(decided[0]?.returnRequest.status).toBe('approved');
      }
      expect((await requestRow(request.id))?.status).toBe(decided[0]?.returnRequest.status);
    }
  });
});

describe("the seller's list", () => {
  it('shows only its own requests, newest first, filtered by status, with counts', async () => {
    const a = await deliveredOrder();
    const product = await createProduct(a.seller, { stock: 10 });
    const second = await placeOrder(a.buyer, [{ product_id: product.id, quantity: 3 }]);
    await advanceTo(a.seller, second.order_id, 'delivered');
    const stranger = await deliveredOrder();
    const first = await requested(a.buyer, a.orderId);
    const newer = await requested(a.buyer, second.order_id);
    await requested(stranger.buyer, stranger.orderId);
    await decline(a.seller, first.id);

    const all = await a.seller.client.get<SellerReturnsBody>('/api/seller/return-requests');
    expect(all.status).toBe(200);
    expect(all.body.return_requests.map((r) => r.id)).toEqual([newer.id, first.id]);
    expect(all.body.counts).toEqual({ requested: 1, approved: 0, declined: 1 });
    expect(all.body.total).toBe(2);
    expect(all.body.return_requests[0]).toMatchObject({
      order_id: second.order_id,
      customer_name: `${a.buyer.user.first_name} ${a.buyer.user.last_name}`,
      total_amount: second.orders[0]?.total_amount,
      currency: 'USD',
      order_status: 'delivered',
    });

    const open = await a.seller.client.get<SellerReturnsBody>('/api/seller/return-requests?status=requested&limit=1&page=1');
    expect(open.body.return_requests.map((r) => r.id)).toEqual([newer.id]);
    expect(open.body.total).toBe(1);
    const page2 = await a.seller.client.get<SellerReturnsBody>('/api/seller/return-requests?limit=1&page=2');
    expect(page2.body.return_requests.map((r) => r.id)).toEqual([first.id]);

    expectError(await a.seller.client.get('/api/seller/return-requests?status=lost'), 400, 'invalid_input');
    expectError(await a.buyer.client.get('/api/seller/return-requests'), 403, 'forbidden');
    expectError(await new TestClient(server.url).get('/api/seller/return-requests'), 401, 'unauthorized');
  });
});

describe('order bodies', () => {
  it('carry the latest return request, or null', async () => {
    const { seller, buyer, orderId, orderNumber, checkoutNumber } = await deliveredOrder();
    const none = await buyer.client.get<{ order: OrderDetailBody }>(`/api/orders/${orderNumber}`);
    expect(none.body.order.return_request).toBeNull();

    const first = await requested(buyer, orderId);
    await decline(seller, first.id);
    const latest = await requested(buyer, orderId);

    const detail = await buyer.client.get<{ order: OrderDetailBody }>(`/api/orders/${orderNumber}`);
    expect(detail.body.order.return_request).toEqual(latest);
    const sellerView = await seller.client.get<{ order: OrderDetailBody }>(`/api/orders/${orderNumber}`);
    expect(sellerView.body.order.return_request).toEqual(latest);
    const list = await buyer.client.get<{ orders: BuyerOrderSummary[] }>('/api/user-orders-detailed');
    expect(list.body.orders.find((o) => o.order_id === orderId)?.return_request).toEqual(latest);
    const checkout = await buyer.client.get<{ checkout: CheckoutBody }>(`/api/checkouts/${checkoutNumber}`);
    expect(checkout.body.checkout.orders.find((o) => o.order_id === orderId)?.return_request).toEqual(latest);
  });
});
