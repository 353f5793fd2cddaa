/**
 * The event log seen through the API: each change appends its events in its own transaction
 * and a refused one appends none. (The log's port, on both stores: store-contract.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../server/domain/ports.js';
import { expectError } from '../support/assertions.js';
import { ADDRESS, addToCart, createProduct, orderScenario, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const logged = async (after: number) =>
  (
    await server.db.all<{ position: number; type: string; payload: string }>(
      'SELECT position, type, payload FROM events WHERE position > ? ORDER BY position',
      after,
    )
  ).map((row) => ({ ...row, event: JSON.parse(row.payload) as DomainEvent }));
const head = async () => (await server.db.get<{ p: number | null }>('SELECT max(position) AS p FROM events'))?.p ?? 0;

describe('what a change appends', () => {
  it('placing a cart of two sellers appends one order:created per order, with its head and the customer', async () => {
    const [a, b, buyer] = await Promise.all([registerSeller(server.url), registerSeller(server.url), registerBuyer(server.url)]);
    const [pa, pb] = await Promise.all([createProduct(a, { price: 1000 }), createProduct(b, { price: 2500 })]);
    await addToCart(buyer, { product_id: pa.id, quantity: 2 });
    await addToCart(buyer, { product_id: pb.id, quantity: 1 });
    const before = await head();
    const res = await buyer.client.post<{ orders: { order_id: number; seller_id: number; total_amount: number }[] }>('/api/place-order', {
      payment_method: 'card',
      shipping_address: ADDRESS,
    });
    expect(res.status).toBe(201);
    const events = await logged(before);
    expect(events.map((e) => e.type)).toEqual(['order:created', 'order:created']);
    expect(events.map((e) => e.event)).toEqual(
      res.body.orders.map((o) =>
        expect.objectContaining({
          type: 'order:created',
          customerName: `${buyer.user.first_name} ${buyer.user.last_name}`,
          order: expect.objectContaining({ orderId: o.order_id, sellerId: o.seller_id, buyerId: buyer.user.id, status: 'pending', version: 1, totalAmount: o.total_amount }),
        }),
      ),
    );
  });

  it('a refused checkout appends nothing', async () => {
    const { seller, buyer } = await orderScenario(server.url);
    const product = await createProduct(seller, { stock: 1 });
    const before = await head();
    expectError(
      await buyer.client.post('/api/place-order', { payment_method: 'card', shipping_address: ADDRESS, items: [{ product_id: product.id, quantity: 2 }] }),
      409,
      'insufficient_stock',
    );
    expect(await logged(before)).toEqual([]);
  });

  it('a status change appends order:status with the new head; a no-op or an illegal move appends nothing', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    const before = await head();
    await setStatus(seller, orderId, 'confirmed');
    await setStatus(seller, orderId, 'confirmed');
    expectError(await seller.client.post('/seller/update-order-status', { order_id: orderId, new_status: 'delivered' }), 409, 'illegal_transition');
    const events = await logged(before);
    expect(events).toHaveLength(1);
    expect(events[0]?.event).toEqual({ type: 'order:status', order: expect.objectContaining({ orderId, status: 'confirmed', version: 2 }), previousStatus: 'pending' });
  });

  it('a logout appends session:ended with the session\'s id', async () => {
    const buyer = await registerBuyer(server.url);
    const before = await head();
    expect((await buyer.client.post('/api/auth/logout')).status).toBe(204);
    const events = await logged(before);
    expect(events.map((e) => e.event.type)).toEqual(['session:ended']);
    const sessionId = events[0]?.event.type === 'session:ended' ? events[0].event.sessionId : '';
    expect(await server.db.get('SELECT 1 FROM sessions WHERE id = ?', sessionId)).toBeUndefined();
    expect(sessionId).toMatch(/^[0-9a-f]{64}$/);
  });
});
