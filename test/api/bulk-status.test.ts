/**
 * POST /api/seller/orders/bulk-status: each order changed as the single change changes it (its
 * rules, its own transaction, history row, version, logged event, socket event), one result
 * per id in the request's order, and a refused order left exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkStatusBody, OrderStatusBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { advanceTo, createProduct, placeOrder, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { connectedRecorder, eventually, watch } from '../support/socket-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const PATH = '/api/seller/orders/bulk-status';

/** What a change touches of one order: its row, its history, its shipment. */
const stateOf = async (orderId: number) => ({
  order: await server.db.get('SELECT order_status, version, updated_at FROM orders WHERE order_id = ?', orderId),
  history: await server.db.all('SELECT * FROM order_status_history WHERE order_id = ? ORDER BY id', orderId),
  shipment: await server.db.get('SELECT * FROM shipments WHERE order_id = ?', orderId),
});
const logHead = async () => (await server.db.get<{ p: number | null }>('SELECT max(position) AS p FROM events'))?.p ?? 0;
const loggedSince = (position: number) =>
  server.db.all<{ type: string; payload: string }>('SELECT type, payload FROM events WHERE position > ? ORDER BY position', position);

describe('POST /api/seller/orders/bulk-status', () => {
  it('answers each order in the request’s order: legal, already there, illegal, foreign, missing, stale and fresh versions', async () => {
    const [seller, rival, ann, ben] = await Promise.all([
      registerSeller(server.url),
      registerSeller(server.url),
      registerBuyer(server.url),
      registerBuyer(server.url),
    ]);
    const [product, rivalProduct] = await Promise.all([createProduct(seller, { price: 1000 }), createProduct(rival)]);
    const order = async (buyer = ann) => (await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }])).order_id;
    const legal = await order(ann);
    const already = await order();
    await setStatus(seller, already, 'confirmed');
    const shipped = await order();
    await advanceTo(seller, shipped, 'shipped');
    const foreign = (await placeOrder(ann, [{ product_id: rivalProduct.id, quantity: 1 }])).order_id;
    const missing = 2 ** 40;
    const stale = await order();
    await ann.client.post(`/api/orders/${stale}/cancel`); // the seller saw version 1; it is 2 now
    const fresh = await order(ben);

    const [annSocket, benSocket, sellerSocket] = await Promise.all([
      connectedRecorder(server.url, ann.client),
      connectedRecorder(server.url, ben.client),
      connectedRecorder(server.url, seller.client),
    ]);
    try {
      expect((await watch(annSocket.socket, legal)).ok).toBe(true);
      expect((await watch(benSocket.socket, fresh)).ok).toBe(true);
      const refused = [shipped, foreign, stale];
      const before = await Promise.all(refused.map(stateOf));
      const position = await logHead();

      const ids = [legal, already, shipped, foreign, missing, stale, fresh];
      const res = await seller.client.post<BulkStatusBody>(PATH, {
        order_ids: ids,
        new_status: 'confirmed',
        expected_versions: { [stale]: 1, [fresh]: 1 },
        note: 'Batch of the morning',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const results = res.body.results;
      expect(results.map((r) => r.order_id)).toEqual(ids);
      expect(results.map((r) => (r.ok ? (r.changed ? 'changed' : 'unchanged') : r.error.code))).toEqual([
        'changed',
        'unchanged',
        'illegal_transition',
        'forbidden',
        'not_found',
        'version_conflict',
        'changed',
      ]);
      for (const r of results) {
        if (r.ok) expect(r.order).toMatchObject({ order_id: r.order_id, status: 'confirmed', version: 2 });
        else expect(r.error.message.length).toBeGreaterThan(0);
      }

      // The refused orders are exactly as they were; the changed ones went the single change's way.
      expect(await Promise.all(refused.map(stateOf))).toEqual(before);
      for (const id of [legal, fresh]) {
        const { order: row, history } = await stateOf(id);
        expect(row).toMatchObject({ order_status: 'confirmed', version: 2 });
        expect(history.at(-1)).toMatchObject({ from_status: 'pending', to_status: 'confirmed', actor_role: 'seller', note: 'Batch of the morning' });
      }
      const logged = await loggedSince(position);
      expect(logged.map((e) => [e.type, (JSON.parse(e.payload) as { order: { orderId: number } }).order.orderId])).toEqual([
        ['order:status', legal],
        ['order:status', fresh],
      ]);

      // Each buyer's watching socket hears its own order move; the seller's room hears both, and nothing else.
      await eventually(() => annSocket.statuses.some((e) => e.order_id === legal), 'ann hears her order confirmed');
      await eventually(() => benSocket.statuses.some((e) => e.order_id === fresh), 'ben hears his order confirmed');
      await eventually(() => sellerSocket.statuses.length >= 2, 'the seller’s room hears both');
      expect(annSocket.statuses.filter((e) => e.order_id === legal).map((e) => [e.status, e.version])).toEqual([['confirmed', 2]]);
      expect(benSocket.statuses.map((e) => [e.order_id, e.status, e.version])).toEqual([[fresh, 'confirmed', 2]]);
      expect(sellerSocket.statuses.map((e) => e.order_id)).toEqual([legal, fresh]);
    } finally {
      for (const s of [annSocket, benSocket, sellerSocket]) s.socket.disconnect();
    }
  });

  it('ships several orders with the carrier, tracking number and note the single change takes', async () => {
    const [seller, buyer] = await Promise.all([registerSeller(server.url), registerBuyer(server.url)]);
    const product = await createProduct(seller);
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const id = (await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }])).order_id;
      await advanceTo(seller, id, 'confirmed');
      await setStatus(seller, id, 'processing');
      ids.push(id);
    }
    const res = await seller.client.post<BulkStatusBody>(PATH, { order_ids: ids, new_status: 'shipped', carrier: 'UPS', tracking_number: '1Z999AA1' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.every((r) => r.ok && r.changed)).toBe(true);
    for (const id of ids) {
      const view = await buyer.client.get<OrderStatusBody>(`/api/order-status/${id}`);
      expect(view.body.status).toBe('shipped');
      expect(view.body.shipment).toMatchObject({ carrier: 'UPS', tracking_number: '1Z999AA1', status: 'shipped' });
    }
  });

  it('takes the single change’s other fields too: carrier_code, estimated_delivery and buyer_message reach every order', async () => {
    const [seller, buyer] = await Promise.all([registerSeller(server.url), registerBuyer(server.url)]);
    const product = await createProduct(seller);
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const id = (await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }])).order_id;
      await advanceTo(seller, id, 'processing');
      ids.push(id);
    }
    const day = (ahead: number) => new Date(Date.now() + ahead * 86_400_000).toISOString().slice(0, 10);
    const window = { earliest: day(3), latest: day(5) };
    const res = await seller.client.post<BulkStatusBody>(PATH, {
      order_ids: ids,
      new_status: 'shipped',
      carrier_code: 'ups',
      tracking_number: '1Z999AA2',
      estimated_delivery: window,
      buyer_message: 'Packed with care',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.every((r) => r.ok && r.changed), JSON.stringify(res.body)).toBe(true);
    for (const id of ids) {
      const view = await buyer.client.get<OrderStatusBody>(`/api/order-status/${id}`);
      expect(view.body.shipment).toMatchObject({ carrier_code: 'ups', tracking_number: '1Z999AA2', estimated_delivery: window });
      expect(view.body.history.at(-1)).toMatchObject({ status: 'shipped', buyer_message: 'Packed with care' });
    }
    expectError(await seller.client.post(PATH, { order_ids: ids, new_status: 'delivered', carrier_code: 'no-such-carrier' }), 400, 'invalid_input');
  });

  it('takes 100 ids (each answered), and refuses 101', async () => {
    const seller = await registerSeller(server.url);
    const hundred = Array.from({ length: 100 }, (_, i) => 2 ** 40 + i);
    const res = await seller.client.post<BulkStatusBody>(PATH, { order_ids: hundred, new_status: 'confirmed' });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    expect(res.body.results.map((r) => r.order_id)).toEqual(hundred);
    expect(res.body.results.every((r) => !r.ok && r.error.code === 'not_found')).toBe(true);
    expectError(await seller.client.post(PATH, { order_ids: [...hundred, 2 ** 41], new_status: 'confirmed' }), 400, 'invalid_input');
  });

  it.each([
    ['no ids', { order_ids: [], new_status: 'confirmed' }],
    ['an id twice', { order_ids: ['ORDER', 'ORDER'], new_status: 'confirmed' }],
    ['no order_ids', { new_status: 'confirmed' }],
    ['order_ids that is not a list', { order_ids: 'ORDER', new_status: 'confirmed' }],
    ['an id that is text', { order_ids: ['ORDER', 'x'], new_status: 'confirmed' }],
    ['a fractional id', { order_ids: [1.5], new_status: 'confirmed' }],
    ['no new_status', { order_ids: ['ORDER'] }],
    ['an unknown status', { order_ids: ['ORDER'], new_status: 'teleported' }],
    ['an unknown field', { order_ids: ['ORDER'], new_status: 'confirmed', order_id: 'ORDER' }],
    ['the single change’s expected_version', { order_ids: ['ORDER'], new_status: 'confirmed', expected_version: 1 }],
    ['expected_versions for an order not in the list', { order_ids: ['ORDER'], new_status: 'confirmed', expected_versions: { 999999: 1 } }],
    ['an expected version that is text', { order_ids: ['ORDER'], new_status: 'confirmed', expected_versions: { ORDER: 'latest' } }],
    ['an expected_versions key that is no id', { order_ids: ['ORDER'], new_status: 'confirmed', expected_versions: { first: 1 } }],
    ['a note over 500 characters', { order_ids: ['ORDER'], new_status: 'confirmed', note: 'x'.repeat(501) }],
  ])('refuses %s with 400 and changes nothing', async (_what, body) => {
    const [seller, buyer] = await Promise.all([registerSeller(server.url), registerBuyer(server.url)]);
    const product = await createProduct(seller);
    const id = (await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }])).order_id;
    const resolved = JSON.parse(JSON.stringify(body).replaceAll('"ORDER":', `"${id}":`).replaceAll('"ORDER"', String(id))) as unknown;
    const before = await server.db.fingerprint();
    expectError(await seller.client.post(PATH, resolved), 400, 'invalid_input');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('refuses broken JSON with 400 and a form with 415', async () => {
    const seller = await registerSeller(server.url);
    expectError(await seller.client.post(PATH, '{"order_ids": [1', { 'content-type': 'application/json' }), 400, 'invalid_input');
    const form = new URLSearchParams({ order_ids: '1', new_status: 'confirmed' });
    expectError(await seller.client.post(PATH, form), 415, 'unsupported_media_type');
  });

  it('answers 401 to no session and 403 to a buyer, whatever the body, writing nothing', async () => {
    const [seller, buyer] = await Promise.all([registerSeller(server.url), registerBuyer(server.url)]);
    const product = await createProduct(seller);
    const id = (await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }])).order_id;
    const before = await server.db.fingerprint();
    expectError(await new TestClient(server.url).post(PATH, { order_ids: [id], new_status: 'confirmed' }), 401, 'unauthorized');
    expectError(await new TestClient(server.url).post(PATH, {}), 401, 'unauthorized');
    expectError(await buyer.client.post(PATH, { order_ids: [id], new_status: 'cancelled' }), 403, 'forbidden');
    expectError(await seller.client.post(PATH, { order_ids: [id], new_status: 'confirmed' }, { origin: 'https://evil.example' }), 403, 'cross_site_request');
    expect(await server.db.fingerprint()).toBe(before);
  });
});
