import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatusBody } from '../../server/contract/api.js';
import { createProduct, placeOrder, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('an order from placement to delivery', () => {
  it('moves through the flow and the tracker body follows', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 5, price: 999 });
    const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 2 }]);
    expect(placed.orders[0]?.total_amount).toBe(1998);

    for (const status of ['confirmed', 'processing', 'shipped', 'delivered']) {
      await setStatus(seller, placed.order_id, status, status === 'shipped' ? { carrier: 'UPS', tracking_number: '1Z999' } : {});
    }
    const res = await buyer.client.get<OrderStatusBody>(`/api/order-status/${placed.order_id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'delivered', status_emoji: '✅', progress_step: 5, version: 5 });
    expect(res.body.history.map((h) => h.status)).toEqual(['pending', 'confirmed', 'processing', 'shipped', 'delivered']);
    expect(res.body.shipment).toMatchObject({ carrier: 'UPS', tracking_number: '1Z999', status: 'delivered' });

    const again = await buyer.client.get(`/api/order-status/${placed.order_id}`, { 'if-none-match': res.headers.get('etag') ?? '' });
    expect(again.status).toBe(304);
  });
});
