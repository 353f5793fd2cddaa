import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductBody } from '../../server/contract/api.js';
import { createProduct, placeOrder, registerBuyer, registerSeller, setStatus, type Actor } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function stockOf(seller: Actor, id: number): Promise<number> {
  return (await seller.client.get<{ product: ProductBody }>(`/api/products/${id}`)).body.product.stock;
}

describe('stock when an order is cancelled', () => {
  it('comes back when the buyer cancels, for every line of the product', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const shirt = await createProduct(seller, { stock: 10, sizes: ['S', 'M'] });
    const mug = await createProduct(seller, { stock: 5 });
    const placed = await placeOrder(buyer, [
      { product_id: shirt.id, quantity: 2, size: 'S' },
      { product_id: shirt.id, quantity: 3, size: 'M' },
      { product_id: mug.id, quantity: 1 },
    ]);
    expect([await stockOf(seller, shirt.id), await stockOf(seller, mug.id)]).toEqual([5, 4]);

    const res = await buyer.client.post(`/api/orders/${placed.order_id}/cancel`);
    expect(res.status).toBe(200);
    expect([await stockOf(seller, shirt.id), await stockOf(seller, mug.id)]).toEqual([10, 5]);

    // Cancelling again is a no-op and gives nothing back twice.
    expect((await buyer.client.post(`/api/orders/${placed.order_id}/cancel`)).status).toBe(200);
    expect(await stockOf(seller, shirt.id)).toBe(10);
  });

  it('comes back when the seller cancels while processing, but not when an order is returned', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller, { stock: 4 });
    const cancelled = await placeOrder(buyer, [{ product_id: product.id, quantity: 2 }]);
    const returned = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    expect(await stockOf(seller, product.id)).toBe(1);

    await setStatus(seller, cancelled.order_id, 'confirmed');
    await setStatus(seller, cancelled.order_id, 'processing');
    await setStatus(seller, cancelled.order_id, 'cancelled');
    expect(await stockOf(seller, product.id)).toBe(3);

    for (const status of ['confirmed', 'processing', 'shipped', 'returned']) await setStatus(seller, returned.order_id, status);
    // A returned parcel is inspected before it is sold again: the seller restocks it by hand.
    expect(await stockOf(seller, product.id)).toBe(3);
  });
});
