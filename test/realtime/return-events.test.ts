/**
 * `return:requested` and `return:decided` over real Socket.IO clients: they reach the order's
 * buyer and seller rooms, and nobody else's; and, like every logged event, they reach sockets
 * on another node through the event log alone (two nodes on one database, no shared bus).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetailBody, ReturnEventBody, ReturnRequestBody } from '../../server/contract/api.js';
import { advanceTo, createProduct, placeOrder, registerBuyer, registerSeller, setStatus, type Actor } from '../support/factories.js';
import { connected, eventually, openSocket, type ClientSocket } from '../support/socket-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
/** A second node on the same database: its own in-process bus, so only the log brings it other nodes' events. */
let other: TestServer;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  other = await startTestServer({ DATABASE_URL: server.databaseUrl });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await other.stop();
  await server.stop();
});

interface Listener {
  socket: ClientSocket;
  requested: ReturnEventBody[];
  decided: ReturnEventBody[];
  statuses: number[];
}

async function listen(node: TestServer, actor: Actor): Promise<Listener> {
  const socket = openSocket(node.url, actor.client);
  sockets.push(socket);
  const listener: Listener = { socket, requested: [], decided: [], statuses: [] };
  socket.on('return:requested', (e) => listener.requested.push(e));
  socket.on('return:decided', (e) => listener.decided.push(e));
  socket.on('order:status', (e) => listener.statuses.push(e.order_id));
  await connected(socket);
  return listener;
}

async function deliveredOrder(seller: Actor, buyer: Actor) {
  const product = await createProduct(seller);
  const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
  await advanceTo(seller, placed.order_id, 'delivered');
  return { orderId: placed.order_id, orderNumber: placed.order_number };
}

describe('return events', () => {
  it("reach the order's buyer and seller, and not another buyer or another seller", async () => {
    const [seller, buyer, otherSeller, otherBuyer] = await Promise.all([
      registerSeller(server.url),
      registerBuyer(server.url),
      registerSeller(server.url),
      registerBuyer(server.url),
    ]);
    const { orderId, orderNumber } = await deliveredOrder(seller, buyer);
    // The outsiders' own order: its change after the returns is their fence (events reach a socket in order).
    const fence = await placeOrder(otherBuyer, [{ product_id: (await createProduct(otherSeller)).id, quantity: 1 }]);
    const [buyerSocket, sellerSocket, otherBuyerSocket, otherSellerSocket] = await Promise.all([
      listen(server, buyer),
      listen(server, seller),
      listen(server, otherBuyer),
      listen(server, otherSeller),
    ]);

    const asked = await buyer.client.post<{ return_request: ReturnRequestBody }>(`/api/orders/${orderId}/return-request`, { reason: 'wrong_item' });
    expect(asked.status).toBe(201);
    const request = asked.body.return_request;
    await eventually(() => buyerSocket.requested.length === 1 && sellerSocket.requested.length === 1, 'both sides hear of the request');
    for (const side of [buyerSocket, sellerSocket]) {
      expect(side.requested).toEqual([{ order_id: orderId, order_number: orderNumber, return_request: request }]);
    }

    const approved = await seller.client.post<{ return_request: ReturnRequestBody }>(`/api/seller/return-requests/${request.id}/approve`, {
      restock: true,
      buyer_message: 'Sorry about that',
    });
    expect(approved.status).toBe(200);
    await eventually(() => buyerSocket.decided.length === 1 && sellerSocket.decided.length === 1, 'both sides hear of the decision');
    for (const side of [buyerSocket, sellerSocket]) {
      expect(side.decided).toEqual([{ order_id: orderId, order_number: orderNumber, return_request: approved.body.return_request }]);
      // The approval is also the order's status change.
      expect(side.statuses).toContain(orderId);
    }

    await setStatus(otherSeller, fence.order_id, 'confirmed');
    await eventually(
      () => otherBuyerSocket.statuses.includes(fence.order_id) && otherSellerSocket.statuses.includes(fence.order_id),
      'the outsiders get their own order’s change',
    );
    for (const outsider of [otherBuyerSocket, otherSellerSocket]) {
      expect(outsider.requested).toEqual([]);
      expect(outsider.decided).toEqual([]);
      expect(outsider.statuses).not.toContain(orderId);
    }
  });

  it('include the decision a plain status change to returned makes of the open request', async () => {
    const [seller, buyer] = await Promise.all([registerSeller(server.url), registerBuyer(server.url)]);
    const { orderId, orderNumber } = await deliveredOrder(seller, buyer);
    const [buyerSocket, sellerSocket] = await Promise.all([listen(server, buyer), listen(server, seller)]);
    const asked = await buyer.client.post<{ return_request: ReturnRequestBody }>(`/api/orders/${orderId}/return-request`, { reason: 'damaged' });
    expect(asked.status).toBe(201);

    await setStatus(seller, orderId, 'returned', { buyer_message: 'Refund on its way' });
    await eventually(() => buyerSocket.decided.length === 1 && sellerSocket.decided.length === 1, 'both sides hear of the decision');
    const detail = await buyer.client.get<{ order: OrderDetailBody }>(`/api/orders/${orderNumber}`);
    const settled = detail.body.order.return_request;
    expect(settled).toMatchObject({ id: asked.body.return_request.id, status: 'approved', restock: false, buyer_message: 'Refund on its way' });
    for (const side of [buyerSocket, sellerSocket]) {
      expect(side.decided).toEqual([{ order_id: orderId, order_number: orderNumber, return_request: settled }]);
      expect(side.statuses).toContain(orderId);
    }
  });

  it('reach sockets on another node through the event log (a decline made on this one)', async () => {
    const [seller, buyer] = await Promise.all([registerSeller(server.url), registerBuyer(server.url)]);
    const { orderId } = await deliveredOrder(seller, buyer);
    const [buyerThere, sellerThere] = await Promise.all([listen(other, buyer), listen(other, seller)]);

    const asked = await buyer.client.post<{ return_request: ReturnRequestBody }>(`/api/orders/${orderId}/return-request`, { reason: 'damaged' });
    expect(asked.status).toBe(201);
    const declined = await seller.client.post<{ return_request: ReturnRequestBody }>(
      `/api/seller/return-requests/${asked.body.return_request.id}/decline`,
      { buyer_message: 'Please send a photo first' },
    );
    expect(declined.status).toBe(200);
    await eventually(
      () => [buyerThere, sellerThere].every((side) => side.requested.length === 1 && side.decided.length === 1),
      'the other node relays both events from the log',
      10_000,
    );
    for (const side of [buyerThere, sellerThere]) {
      expect(side.requested.map((e) => e.return_request)).toEqual([asked.body.return_request]);
      expect(side.decided.map((e) => e.return_request)).toEqual([declined.body.return_request]);
    }
  });
});
