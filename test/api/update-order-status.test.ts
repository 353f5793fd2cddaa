/** POST /seller/update-order-status: the seed's Security Flow, step by step, in its order. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatusBody, UpdateStatusBody } from '../../server/contract/api.js';
import { ORDER_STATUSES, type OrderStatus } from '../../server/domain/order-status.js';
import { expectError } from '../support/assertions.js';
import { advanceTo, createProduct, orderScenario, placeOrder, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { connectedRecorder, eventually, watch } from '../support/socket-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const PATH = '/seller/update-order-status';
const historyRows = (orderId: number) => server.db.count('order_status_history', 'order_id = ?', orderId);

describe('the validation chain, in order', () => {
  it('1. no session → 401, even for a body that is wrong in every other way', async () => {
    const { orderId } = await orderScenario(server.url);
    const anonymous = new TestClient(server.url);
    const before = await server.db.fingerprint();
    expectError(await anonymous.post(PATH, { order_id: orderId, new_status: 'confirmed' }), 401, 'unauthorized');
    expectError(await anonymous.post(PATH, {}), 401, 'unauthorized');
    expectError(await anonymous.post(PATH, { order_id: orderId, new_status: 'teleported' }), 401, 'unauthorized');
    expectError(await anonymous.post(PATH, '{"broken'), 401, 'unauthorized');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it.each([
    ['no order_id', { new_status: 'confirmed' }],
    ['no new_status', { order_id: 'ORDER' }],
    ['an empty body', {}],
    ['an order_id that is text', { order_id: 'abc', new_status: 'confirmed' }],
    ['a fractional order_id', { order_id: 1.5, new_status: 'confirmed' }],
    ['a negative order_id', { order_id: -1, new_status: 'confirmed' }],
    ['a new_status that is a number', { order_id: 'ORDER', new_status: 2 }],
    ['an unknown field', { order_id: 'ORDER', new_status: 'confirmed', version: 1 }],
    ['a bad expected_version', { order_id: 'ORDER', new_status: 'confirmed', expected_version: 'latest' }],
  ])('2. %s → 400', async (_what, body) => {
    const { seller, orderId } = await orderScenario(server.url);
    const resolved = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === 'ORDER' ? orderId : v]));
    const before = await server.db.fingerprint();
    expectError(await seller.client.post(PATH, resolved), 400, 'invalid_input');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('2. broken JSON → 400', async () => {
    const { seller } = await orderScenario(server.url);
    expectError(await seller.client.post(PATH, '{"order_id": 1,', { 'content-type': 'application/json' }), 400, 'invalid_input');
  });

  it('2. a body that is neither JSON nor a form → 400 saying what to send (never 415: the chain has none)', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    const before = await server.db.fingerprint();
    const body = JSON.stringify({ order_id: orderId, new_status: 'confirmed' });
    for (const contentType of ['text/plain', 'application/xml', 'application/octet-stream']) {
      const res = await seller.client.post(PATH, body, { 'content-type': contentType });
      expect(expectError(res, 400, 'invalid_input').error.message, contentType).toMatch(/send JSON or a form/);
    }
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('2. a multipart form is a form too', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    const form = new FormData();
    form.set('order_id', String(orderId));
    form.set('new_status', 'confirmed');
    expect((await seller.client.post<UpdateStatusBody>(PATH, form)).body).toMatchObject({ changed: true, order: { status: 'confirmed' } });
  });

  it('2 before 3 before 4: shape, then the status enum, then who may change it', async () => {
    const { orderId } = await orderScenario(server.url);
    const [buyer, otherSeller] = await Promise.all([registerBuyer(server.url), registerSeller(server.url)]);
    // A buyer with a malformed body hears about the body first, then about the status, then 403.
    expectError(await buyer.client.post(PATH, { new_status: 'teleported' }), 400, 'invalid_input');
    const badEnum = expectError(await buyer.client.post(PATH, { order_id: orderId, new_status: 'teleported' }), 400, 'invalid_input');
    expect(badEnum.error.message).toMatch(/new_status/);
    expectError(await otherSeller.client.post(PATH, { order_id: orderId, new_status: 'teleported' }), 400, 'invalid_input');
    expectError(await otherSeller.client.post(PATH, { order_id: orderId, new_status: 'delivered' }), 403, 'forbidden');
  });

  it.each(['teleported', 'PENDING', 'Confirmed', ' confirmed', 'all'])('3. new_status %j → 400', async (status) => {
    const { seller, orderId } = await orderScenario(server.url);
    const before = await server.db.fingerprint();
    expectError(await seller.client.post(PATH, { order_id: orderId, new_status: status }), 400, 'invalid_input');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('4. another seller → 403; a buyer (even the order’s own) → 403; an unknown order → 404', async () => {
    const { seller, buyer, orderId } = await orderScenario(server.url);
    const otherSeller = await registerSeller(server.url);
    const before = await server.db.fingerprint();
    expectError(await otherSeller.client.post(PATH, { order_id: orderId, new_status: 'confirmed' }), 403, 'forbidden');
    expectError(await buyer.client.post(PATH, { order_id: orderId, new_status: 'confirmed' }), 403, 'forbidden');
    expectError(await buyer.client.post(PATH, { order_id: orderId, new_status: 'cancelled' }), 403, 'forbidden');
    expectError(await seller.client.post(PATH, { order_id: 999999999, new_status: 'confirmed' }), 404, 'not_found');
    expectError(await seller.client.post(PATH, { order_id: 2 ** 53 - 1, new_status: 'confirmed' }), 404, 'not_found');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('5. an illegal move → 409 illegal_transition, changing nothing', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    const before = await server.db.fingerprint();
    for (const status of ['processing', 'shipped', 'delivered', 'returned']) {
      const body = expectError(await seller.client.post(PATH, { order_id: orderId, new_status: status }), 409, 'illegal_transition');
      expect(body.error.message).toMatch(/pending/i);
    }
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('5. a stale expected_version → 409 version_conflict, changing nothing', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    await setStatus(seller, orderId, 'confirmed');
    const before = await server.db.fingerprint();
    expectError(await seller.client.post(PATH, { order_id: orderId, new_status: 'processing', expected_version: 1 }), 409, 'version_conflict');
    expectError(await seller.client.post(PATH, { order_id: orderId, new_status: 'processing', expected_version: 3 }), 409, 'version_conflict');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('6. a legal move → 200 changed:true, version bumped, one history row, updated_at moved', async () => {
    const { seller, buyer, orderId } = await orderScenario(server.url);
    const initial = (await buyer.client.get<OrderStatusBody>(`/api/order-status/${orderId}`)).body;
    const rows = await historyRows(orderId);
    const res = await seller.client.post<UpdateStatusBody>(PATH, { order_id: orderId, new_status: 'confirmed', expected_version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      changed: true,
      order: { order_id: orderId, status: 'confirmed', version: 2, updated_at: expect.any(String) },
    });
    expect(Date.parse(res.body.order.updated_at)).toBeGreaterThanOrEqual(Date.parse(initial.updated_at));
    expect(await historyRows(orderId)).toBe(rows + 1);
    const history = await server.db.get<{ from_status: string; to_status: string; actor_role: string; actor_user_id: number }>(
      'SELECT from_status, to_status, actor_role, actor_user_id FROM order_status_history WHERE order_id = ? ORDER BY id DESC LIMIT 1',
      orderId,
    );
    expect(history).toEqual({ from_status: 'pending', to_status: 'confirmed', actor_role: 'seller', actor_user_id: seller.user.id });
    expect((await buyer.client.get<OrderStatusBody>(`/api/order-status/${orderId}`)).body).toMatchObject({ status: 'confirmed', version: 2 });
  });

  it('6. the status it already has → 200 changed:false, version unchanged, no history row', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    await setStatus(seller, orderId, 'confirmed');
    const before = await server.db.fingerprint();
    for (const extra of [{}, { expected_version: 2 }]) {
      const res = await seller.client.post<UpdateStatusBody>(PATH, { order_id: orderId, new_status: 'confirmed', ...extra });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, changed: false, order: { order_id: orderId, status: 'confirmed', version: 2 } });
    }
    expect(await server.db.fingerprint()).toBe(before);
  });
});

describe('6. an unexpected failure', () => {
  it('→ 500 internal_error with no detail, the order exactly as it was, no event', async () => {
    const { seller, buyer, orderId } = await orderScenario(server.url);
    const watcher = await connectedRecorder(server.url, buyer.client);
    // The history insert fails inside the write transaction, as a full disk or a corrupt page would.
    const restore = await server.db.failInserts('order_status_history', 'SECRET_SQL_DETAIL in order_status_history');
    try {
      expect((await watch(watcher.socket, orderId)).ok).toBe(true);
      const before = await server.db.fingerprint();
      const res = await seller.client.post(PATH, { order_id: orderId, new_status: 'confirmed' });
      const error = expectError(res, 500, 'internal_error');
      expect(error.error).not.toHaveProperty('details');
      expect(JSON.stringify(res.body)).not.toMatch(/SECRET_SQL_DETAIL|order_status_history|SQLITE|sqlite|PostgreSQL|postgres|plpgsql|P0001|INSERT|\bat\s.+:\d+:\d+/);
      expect(await server.db.fingerprint()).toBe(before);
      expect((await buyer.client.get<OrderStatusBody>(`/api/order-status/${orderId}`)).body).toMatchObject({ status: 'pending', version: 1 });
    } finally {
      await restore();
    }
    // No event went out for the change that did not happen; the next one goes through as usual.
    await setStatus(seller, orderId, 'confirmed');
    await eventually(() => watcher.statuses.length > 0, 'the real change is pushed');
    expect(watcher.statuses.map((e) => e.version)).toEqual([2]);
    watcher.socket.disconnect();
  });
});

describe('the chain walked on one order, each request wrong at two steps, the earlier step answering', () => {
  it('401 → 400 → 400 → 403 → 403 → 400 → 404 → 409 → 409 → 200 → 200', async () => {
    const { seller, buyer, orderId } = await orderScenario(server.url);
    const rival = await registerSeller(server.url);
    const anonymous = new TestClient(server.url);
    const before = await server.db.fingerprint();
    const steps: [string, TestClient, Record<string, unknown>, number, string][] = [
      ['no session, bad enum', anonymous, { order_id: orderId, new_status: 'teleported' }, 401, 'unauthorized'],
      ['missing new_status, not the seller', rival.client, { order_id: orderId }, 400, 'invalid_input'],
      ['bad enum, not the seller', rival.client, { order_id: orderId, new_status: 'teleported' }, 400, 'invalid_input'],
      ['not the seller, illegal move', rival.client, { order_id: orderId, new_status: 'delivered' }, 403, 'forbidden'],
      ['a buyer, illegal move', buyer.client, { order_id: orderId, new_status: 'delivered' }, 403, 'forbidden'],
      ['bad enum, unknown order', seller.client, { order_id: 999999999, new_status: 'teleported' }, 400, 'invalid_input'],
      ['unknown order, illegal move', seller.client, { order_id: 999999999, new_status: 'delivered' }, 404, 'not_found'],
      ['illegal move', seller.client, { order_id: orderId, new_status: 'delivered' }, 409, 'illegal_transition'],
      ['stale expected_version', seller.client, { order_id: orderId, new_status: 'confirmed', expected_version: 5 }, 409, 'version_conflict'],
    ];
    for (const [what, client, body, status, code] of steps) {
      const res = await client.post(PATH, body);
      expect(res.status, what).toBe(status);
      expectError(res, status, code);
    }
    expect(await server.db.fingerprint()).toBe(before);
    const moved = await seller.client.post<UpdateStatusBody>(PATH, { order_id: orderId, new_status: 'confirmed', expected_version: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ changed: true, order: { status: 'confirmed', version: 2 } });
    const again = await seller.client.post<UpdateStatusBody>(PATH, { order_id: orderId, new_status: 'confirmed', expected_version: 2 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false, order: { status: 'confirmed', version: 2 } });
  });
});

describe('every move of the flow', () => {
  it('accepts exactly the legal moves from each status and refuses the rest unchanged', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 1000 });
    const ROUTE: Record<OrderStatus, OrderStatus[]> = {
      pending: [],
      confirmed: ['confirmed'],
      processing: ['confirmed', 'processing'],
      shipped: ['confirmed', 'processing', 'shipped'],
      delivered: ['confirmed', 'processing', 'shipped', 'delivered'],
      cancelled: ['cancelled'],
      returned: ['confirmed', 'processing', 'shipped', 'returned'],
    };
    // PRODUCT.md's legal moves, restated here so that a wrong table in the code fails this test.
    const LEGAL: Record<OrderStatus, OrderStatus[]> = {
      pending: ['confirmed', 'cancelled'],
      confirmed: ['processing', 'cancelled'],
      processing: ['shipped', 'cancelled'],
      shipped: ['delivered', 'returned'],
      delivered: ['returned'],
      cancelled: [],
      returned: [],
    };
    const orderAt = async (status: OrderStatus) => {
      const { order_id } = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
      for (const step of ROUTE[status]) await setStatus(seller, order_id, step);
      return order_id;
    };
    for (const from of ORDER_STATUSES) {
      const orderId = await orderAt(from);
      const before = await server.db.fingerprint();
      for (const to of ORDER_STATUSES.filter((s) => s !== from && !LEGAL[from].includes(s))) {
        expectError(await seller.client.post(PATH, { order_id: orderId, new_status: to }), 409, 'illegal_transition');
      }
      expect(await server.db.fingerprint()).toBe(before);
      for (const to of LEGAL[from]) {
        const fresh = await orderAt(from);
        const res = await seller.client.post<UpdateStatusBody>(PATH, { order_id: fresh, new_status: to });
        expect(res.status, `${from} → ${to}`).toBe(200);
        expect(res.body.order).toMatchObject({ status: to, version: ROUTE[from].length + 2 });
      }
    }
  });
});

describe('form-encoded bodies', () => {
  it('work like JSON, an empty expected_version meaning "not given"', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    const form = new URLSearchParams({ order_id: String(orderId), new_status: 'confirmed', expected_version: '' });
    const res = await seller.client.post<UpdateStatusBody>(PATH, form);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changed: true, order: { status: 'confirmed', version: 2 } });
    const withVersion = new URLSearchParams({ order_id: String(orderId), new_status: 'processing', expected_version: '2', note: 'from a form' });
    expect((await seller.client.post<UpdateStatusBody>(PATH, withVersion)).body.order).toMatchObject({ status: 'processing', version: 3 });
  });

  it('run the same chain: 400 for a missing field or a bad status, 409 for a stale version', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    const before = await server.db.fingerprint();
    expectError(await seller.client.post(PATH, new URLSearchParams({ new_status: 'confirmed' })), 400, 'invalid_input');
    expectError(await seller.client.post(PATH, new URLSearchParams({ order_id: 'x', new_status: 'confirmed' })), 400, 'invalid_input');
    expectError(await seller.client.post(PATH, new URLSearchParams({ order_id: String(orderId), new_status: 'nope' })), 400, 'invalid_input');
    expectError(
      await seller.client.post(PATH, new URLSearchParams({ order_id: String(orderId), new_status: 'confirmed', expected_version: '7' })),
      409,
      'version_conflict',
    );
    expect(await server.db.fingerprint()).toBe(before);
  });
});

describe('shipping details', () => {
  it('records carrier and tracking number on the shipment when shipping', async () => {
    const { seller, buyer, orderId } = await orderScenario(server.url);
    await advanceTo(seller, orderId, 'processing');
    const res = await seller.client.post<UpdateStatusBody>(PATH, {
      order_id: orderId,
      new_status: 'shipped',
      carrier: '  UPS ',
      tracking_number: '1Z999AA10123456784',
    });
    expect(res.status).toBe(200);
    const status = (await buyer.client.get<OrderStatusBody>(`/api/order-status/${orderId}`)).body;
    expect(status.shipment).toMatchObject({ carrier: 'UPS', carrier_code: null, tracking_number: '1Z999AA10123456784', tracking_url: null, status: 'shipped' });
    const row = await server.db.get<{ shipped_at: number | null; delivered_at: number | null }>('SELECT shipped_at, delivered_at FROM shipments WHERE order_id = ?', orderId);
    expect(row?.shipped_at).toEqual(expect.any(Number));
    expect(row?.delivered_at).toBeNull();

    await setStatus(seller, orderId, 'delivered');
    const delivered = (await buyer.client.get<OrderStatusBody>(`/api/order-status/${orderId}`)).body;
    expect(delivered.shipment).toMatchObject({ carrier: 'UPS', tracking_number: '1Z999AA10123456784', status: 'delivered', delivered_at: expect.any(String) });
    expect((await server.db.get<{ delivered_at: number | null }>('SELECT delivered_at FROM shipments WHERE order_id = ?', orderId))?.delivered_at).toEqual(
      expect.any(Number),
    );
  });

  it('refuses a carrier longer than 80 characters', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    await advanceTo(seller, orderId, 'processing');
    expectError(await seller.client.post(PATH, { order_id: orderId, new_status: 'shipped', carrier: 'x'.repeat(81) }), 400, 'invalid_input');
  });
});
