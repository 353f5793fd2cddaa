/**
 * What a node replays after a Redis outage: the orders placed or changed since a moment,
 * found through the status history (orders keep no index on updated_at).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { advanceTo, createProduct, orderScenario, placeOrder, setStatus } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const tick = () => new Promise((r) => setTimeout(r, 5));
const summary = (events: Awaited<ReturnType<TestServer['services']['orders']['changesSince']>>) =>
  events.map((e) => `${e.type} ${e.order.orderId}${e.type === 'order:status' ? ` ${e.order.status} v${e.order.version}` : ''}`);

it('replays the orders changed or placed since a moment, each once with its current status, oldest change first', async () => {
  const { seller, buyer, orderId: before } = await orderScenario(server.url);
  const untouched = (await placeOrder(buyer, [{ product_id: (await createProduct(seller)).id, quantity: 1 }])).order_id;
  await advanceTo(seller, before, 'processing');
  await tick();
  const since = Date.now();
  await tick();

  await setStatus(seller, before, 'shipped');
  const placed = (await placeOrder(buyer, [{ product_id: (await createProduct(seller)).id, quantity: 1 }])).order_id;
  await advanceTo(seller, placed, 'processing');
  await setStatus(seller, before, 'delivered');

  const events = await server.services.orders.changesSince(since);
  expect(summary(events)).toEqual([
    `order:created ${placed}`,
    `order:status ${placed} processing v3`,
    `order:status ${before} delivered v5`,
  ]);
  expect(summary(events).join()).not.toContain(` ${untouched}`);
});

it('stops at the limit and finds nothing for a moment after the last change', async () => {
  const { seller, buyer, orderId } = await orderScenario(server.url);
  const other = (await placeOrder(buyer, [{ product_id: (await createProduct(seller)).id, quantity: 1 }])).order_id;
  await tick();
  const since = Date.now();
  await tick();
  await advanceTo(seller, orderId, 'confirmed');
  await advanceTo(seller, other, 'confirmed');
  expect(summary(await server.services.orders.changesSince(since, 1))).toEqual([`order:status ${orderId} confirmed v2`]);
  await tick();
  expect(await server.services.orders.changesSince(Date.now())).toEqual([]);
});
