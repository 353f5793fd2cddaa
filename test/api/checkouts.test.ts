/** The checkout group: one placement's orders under one CO- number, seen by their buyer only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuyerOrderSummary, CheckoutBody, OrderDetailBody, PlaceOrderBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { addToCart, createProduct, placeOrder, placeOrderFromCart, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const CHECKOUT_NUMBER = /^CO-[0-9A-Z]{10}$/;

/** A buyer whose cart holds products of two sellers, checked out. */
async function twoSellerCheckout() {
  const [first, second, buyer] = await Promise.all([registerSeller(server.url), registerSeller(server.url), registerBuyer(server.url)]);
  const mug = await createProduct(first, { name: 'Mug', price: 4800 });
  const lamp = await createProduct(second, { name: 'Lamp', price: 2450 });
  await addToCart(buyer, { product_id: mug.id, quantity: 1 });
  await addToCart(buyer, { product_id: lamp.id, quantity: 2 });
  const placed = await placeOrderFromCart(buyer);
  return { first, second, buyer, placed };
}

describe('POST /api/place-order', () => {
  it('names the checkout every order of the placement belongs to', async () => {
    const { placed } = await twoSellerCheckout();
    expect(placed.checkout_number).toMatch(CHECKOUT_NUMBER);
    expect(placed.orders).toHaveLength(2);
    const numbers = await server.db.all<{ checkout_number: string }>(
      `SELECT checkout_number FROM orders WHERE order_id IN (${placed.orders.map((o) => o.order_id).join(', ')})`,
    );
    expect(numbers.map((row) => row.checkout_number)).toEqual([placed.checkout_number, placed.checkout_number]);
  });

  it('gives each placement its own checkout, and a replay the first one’s', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    const headers = { 'Idempotency-Key': 'checkout-replay-1' };
    const first = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }], headers);
    const replay = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }], headers);
    const other = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    expect(replay.checkout_number).toBe(first.checkout_number);
    expect(other.checkout_number).toMatch(CHECKOUT_NUMBER);
    expect(other.checkout_number).not.toBe(first.checkout_number);
  });
});

describe('GET /api/checkouts/:checkout_number', () => {
  it('gives the buyer every order of the checkout, each as its order page has it, and the combined total', async () => {
    const { first, buyer, placed } = await twoSellerCheckout();
    await setStatus(first, placed.orders[0]!.order_id, 'confirmed', { note: 'INTERNAL-NOTE', buyer_message: 'Thanks!' });
    const res = await buyer.client.get<{ checkout: CheckoutBody }>(`/api/checkouts/${placed.checkout_number}`);
    expect(res.status).toBe(200);
    const { checkout } = res.body;
    expect(checkout).toMatchObject({ checkout_number: placed.checkout_number, total_amount: 4800 + 2 * 2450, currency: 'USD' });
    expect(checkout.orders.map((o) => o.order_number)).toEqual(placed.orders.map((o) => o.order_number));
    for (const order of checkout.orders) {
      const page = await buyer.client.get<{ order: OrderDetailBody }>(`/api/orders/${order.order_number}`);
      expect(order).toEqual(page.body.order);
      expect(order.checkout_number).toBe(placed.checkout_number);
    }
    expect(Date.parse(checkout.created_at)).toBe(Date.parse(checkout.orders[0]!.created_at));
    expect(JSON.stringify(res.body)).not.toContain('INTERNAL-NOTE');
    expect(checkout.orders[0]!.history.at(-1)).toMatchObject({ status: 'confirmed', buyer_message: 'Thanks!' });
  });

  it('is 404 for anyone but its buyer — another buyer, either seller — and for unknown or malformed numbers; 401 anonymous', async () => {
    const { first, second, placed } = await twoSellerCheckout();
    const stranger = await registerBuyer(server.url);
    const path = `/api/checkouts/${placed.checkout_number}`;
    expectError(await stranger.client.get(path), 404, 'not_found');
    expectError(await first.client.get(path), 404, 'not_found');
    expectError(await second.client.get(path), 404, 'not_found');
    expectError(await stranger.client.get('/api/checkouts/CO-0000000000'), 404, 'not_found');
    expectError(await stranger.client.get('/api/checkouts/not-a-checkout'), 404, 'not_found');
    expectError(await stranger.client.get(`/api/checkouts/${placed.checkout_number.toLowerCase()}`), 404, 'not_found');
    expectError(await stranger.client.get(`/api/checkouts/${placed.orders[0]!.order_number}`), 404, 'not_found');
    expectError(await new TestClient(server.url).get(path), 401, 'unauthorized');
  });

  it('lists each order’s checkout in My Orders', async () => {
    const { buyer, placed } = await twoSellerCheckout();
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const single: PlaceOrderBody = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    const { orders } = (await buyer.client.get<{ orders: BuyerOrderSummary[] }>('/api/user-orders-detailed')).body;
    const checkoutOf = Object.fromEntries(orders.map((o) => [o.order_number, o.checkout_number]));
    for (const order of placed.orders) expect(checkoutOf[order.order_number]).toBe(placed.checkout_number);
    expect(checkoutOf[single.order_number]).toBe(single.checkout_number);
  });
});
