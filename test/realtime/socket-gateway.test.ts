import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, placeOrder, registerBuyer, registerSeller, setStatus, type Actor } from '../support/factories.js';
import { connected, connectedRecorder, eventually, openSocket, watch, type ClientSocket } from '../support/socket-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
const sockets: ClientSocket[] = [];
const track = <T extends { socket: ClientSocket } | ClientSocket>(s: T): T => {
  sockets.push('socket' in s ? s.socket : s);
  return s;
};

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(() => server.stop());

async function scenario() {
  const seller = await registerSeller(server.url);
  const buyer = await registerBuyer(server.url);
  const product = await createProduct(seller);
  const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
  return { seller, buyer, product, orderId: placed.order_id, orderNumber: placed.order_number };
}

describe('socket handshake', () => {
  it('refuses a socket without a session with "unauthorized"', async () => {
    const socket = track(openSocket(server.url, null));
    await expect(connected(socket)).rejects.toThrow('unauthorized');
  });

  it('refuses a forged or logged-out cookie', async () => {
    const buyer = await registerBuyer(server.url);
    const cookie = buyer.client.cookieHeader;
    await buyer.client.post('/api/auth/logout');
    const socket = track(openSocket(server.url, null, { cookie }));
    await expect(connected(socket)).rejects.toThrow('unauthorized');
  });

  it('refuses a foreign Origin even with a valid session, and accepts its own', async () => {
    const buyer = await registerBuyer(server.url);
    const foreign = track(openSocket(server.url, buyer.client, { origin: 'https://evil.example' }));
    await expect(connected(foreign)).rejects.toThrow();
    expect(foreign.connected).toBe(false);
    const own = track(openSocket(server.url, buyer.client, { origin: server.url.replace('localhost', '127.0.0.1') }));
    await connected(own);
  });
});

describe('watching orders', () => {
  it('acks with the order-status body and pushes every change to the watcher', async () => {
    const { seller, buyer, orderId } = await scenario();
    const rec = track(await connectedRecorder(server.url, buyer.client));
    const ack = await watch(rec.socket, orderId);
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.order).toMatchObject({ order_id: orderId, status: 'pending', version: 1, progress_step: 1 });
    expect(ack.order.history.map((h) => h.status)).toEqual(['pending']);

    await setStatus(seller, orderId, 'confirmed');
    await eventually(() => rec.statuses.length === 1, 'the buyer receives order:status');
    expect(rec.statuses[0]).toMatchObject({
      order_id: orderId,
      status: 'confirmed',
      status_label: 'Confirmed',
      status_emoji: '✔️',
      progress_step: 2,
      version: 2,
    });
  });

  it('gives not_found for someone else’s order and delivers none of its events', async () => {
    const { seller, orderId } = await scenario();
    const stranger = await registerBuyer(server.url);
    const rec = track(await connectedRecorder(server.url, stranger.client));
    expect(await watch(rec.socket, orderId)).toEqual({ ok: false, error: 'not_found' });
    expect(await watch(rec.socket, 987654321)).toEqual({ ok: false, error: 'not_found' });

    // A watcher that is allowed proves the event went out before we check the stranger got nothing.
    const otherSeller = track(await connectedRecorder(server.url, seller.client));
    await setStatus(seller, orderId, 'confirmed');
    await eventually(() => otherSeller.statuses.length === 1, 'the seller receives the change');
    await new Promise((r) => setTimeout(r, 50));
    expect(rec.statuses).toEqual([]);
  });

  it('answers bad watch payloads with bad_request', async () => {
    const buyer = await registerBuyer(server.url);
    const rec = track(await connectedRecorder(server.url, buyer.client));
    for (const payload of [{}, { order_id: 'x' }, { order_id: -1 }, { order_id: 1.5 }, null]) {
      const ack = await rec.socket.timeout(5_000).emitWithAck('order:watch', payload as never);
      expect(ack).toEqual({ ok: false, error: 'bad_request' });
    }
  });

  it('stops pushing order-room events after order:unwatch', async () => {
    const { seller, orderId } = await scenario();
    const sellerRec = track(await connectedRecorder(server.url, seller.client));
    // A second seller account cannot watch it; the owning seller gets it by its seller room anyway.
    expect((await watch(sellerRec.socket, orderId)).ok).toBe(true);
    sellerRec.socket.emit('order:unwatch', { order_id: orderId });
    await setStatus(seller, orderId, 'confirmed');
    await eventually(() => sellerRec.statuses.length === 1, 'seller room still delivers');
    expect(sellerRec.statuses).toHaveLength(1);
  });
});

describe('rooms', () => {
  it('pushes status changes to the buyer room and new orders to the seller room without watching', async () => {
    const seller = await registerSeller(server.url);
    const buyer = await registerBuyer(server.url);
    const product = await createProduct(seller);
    const sellerRec = track(await connectedRecorder(server.url, seller.client));
    const buyerRec = track(await connectedRecorder(server.url, buyer.client));

    const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 2 }]);
    await eventually(() => sellerRec.created.length === 1, 'seller receives order:created');
    expect(sellerRec.created[0]).toMatchObject({
      order_id: placed.order_id,
      order_number: placed.order_number,
      customer_name: `${buyer.user.first_name} ${buyer.user.last_name}`,
      total_amount: product.price * 2,
      currency: 'USD',
      status: 'pending',
    });
    expect(buyerRec.created).toEqual([]);

    await setStatus(seller, placed.order_id, 'confirmed');
    await eventually(() => buyerRec.statuses.length === 1 && sellerRec.statuses.length === 1, 'both rooms get order:status');
  });

  it('delivers one event to a socket that is in several of the rooms', async () => {
    const { seller, buyer, orderId } = await scenario();
    const rec = track(await connectedRecorder(server.url, buyer.client));
    await watch(rec.socket, orderId);
    await setStatus(seller, orderId, 'confirmed');
    await setStatus(seller, orderId, 'processing');
    await eventually(() => rec.statuses.length >= 2, 'two changes arrive');
    await new Promise((r) => setTimeout(r, 50));
    expect(rec.statuses.map((e) => e.version)).toEqual([2, 3]);
  });
});

describe('session end', () => {
  it('disconnects the sockets of a session that logs out, and only those', async () => {
    const buyer: Actor = await registerBuyer(server.url);
    const other = await registerBuyer(server.url);
    const mine = track(await connectedRecorder(server.url, buyer.client));
    const theirs = track(await connectedRecorder(server.url, other.client));
    let reason = '';
    mine.socket.on('disconnect', (r) => (reason = r));
    await buyer.client.post('/api/auth/logout');
    await eventually(() => !mine.socket.connected, 'the logged-out session’s socket is dropped');
    expect(reason).toBe('io server disconnect');
    expect(theirs.socket.connected).toBe(true);
  });
});
