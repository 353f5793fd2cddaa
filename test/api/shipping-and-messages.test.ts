/**
 * Carriers, tracking links, estimated delivery and the buyer message on status changes; and
 * the seller's internal note, which no body the buyer reads ever carries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarriersBody, OrderDetailBody, OrderStatusBody, ShipmentBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { advanceTo, orderScenario, setStatus, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { connectedRecorder, watch } from '../support/socket-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const PATH = '/seller/update-order-status';
const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/** PRODUCT.md's carriers, with the site each one's tracking page must be on. */
const EXPECTED_CARRIERS: Record<string, RegExp> = {
  UPS: /^https:\/\/www\.ups\.com\//,
  USPS: /^https:\/\/tools\.usps\.com\//,
  FedEx: /^https:\/\/www\.fedex\.com\//,
  'DHL Express': /^https:\/\/www\.dhl\.com\//,
  'Royal Mail': /^https:\/\/www\.royalmail\.com\//,
  'La Poste Colissimo': /^https:\/\/www\.laposte\.fr\//,
  DPD: /^https:\/\/[a-z.]*dpd\.(com|de|co\.uk)\//,
  PostNL: /^https:\/\/[a-z.]*postnl\.nl\//,
  'Canada Post': /^https:\/\/www\.canadapost-postescanada\.ca\//,
  'Australia Post': /^https:\/\/auspost\.com\.au\//,
};

const statusOf = async (actor: Actor, orderId: number) => (await actor.client.get<OrderStatusBody>(`/api/order-status/${orderId}`)).body;
const detailOf = async (actor: Actor, orderNumber: string) =>
  (await actor.client.get<{ order: OrderDetailBody }>(`/api/orders/${orderNumber}`)).body.order;

/** An order at processing, ready to ship. */
async function readyToShip() {
  const scenario = await orderScenario(server.url);
  await advanceTo(scenario.seller, scenario.orderId, 'processing');
  return scenario;
}

/** `days` business days after the UTC date of `iso` (restated here, so a wrong rule fails). */
function businessDaysAfter(iso: string, days: number): string {
  const at = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    if (at.getUTCDay() !== 0 && at.getUTCDay() !== 6) left -= 1;
  }
  return at.toISOString().slice(0, 10);
}

describe('GET /api/carriers', () => {
  it('lists the built-in carriers by code and name, for anyone', async () => {
    const res = await new TestClient(server.url).get<CarriersBody>('/api/carriers');
    expect(res.status).toBe(200);
    const names = res.body.carriers.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(Object.keys(EXPECTED_CARRIERS)));
    expect(new Set(res.body.carriers.map((c) => c.code)).size).toBe(res.body.carriers.length);
    for (const carrier of res.body.carriers) expect(Object.keys(carrier).sort()).toEqual(['code', 'name']);
  });
});

describe('shipping with a carrier of the list', () => {
  it('gives every carrier’s shipment its tracking link, the number URL-encoded', async () => {
    const { carriers } = (await new TestClient(server.url).get<CarriersBody>('/api/carriers')).body;
    const number = 'AB 12/34&5';
    for (const carrier of carriers) {
      const { seller, buyer, orderId } = await readyToShip();
      await setStatus(seller, orderId, 'shipped', { carrier_code: carrier.code, tracking_number: number });
      const { shipment } = await statusOf(buyer, orderId);
      expect(shipment).toMatchObject({ carrier: carrier.name, carrier_code: carrier.code, tracking_number: number, status: 'shipped' });
      const expectedSite = EXPECTED_CARRIERS[carrier.name];
      if (expectedSite) expect(shipment.tracking_url, carrier.code).toMatch(expectedSite);
      expect(shipment.tracking_url, carrier.code).toContain(encodeURIComponent(number));
      expect(shipment.tracking_url, carrier.code).not.toContain(' ');
    }
  });

  it('applies the carrier’s default window in business days from the ship date', async () => {
    const { seller, buyer, orderId } = await readyToShip();
    await setStatus(seller, orderId, 'shipped', { carrier_code: 'ups', tracking_number: '1Z999AA10123456784' });
    const { shipment } = await statusOf(buyer, orderId);
    expect(shipment.shipped_at).toEqual(expect.any(String));
    const shippedAt = shipment.shipped_at ?? '';
    // UPS: 1 to 5 business days.
    expect(shipment.estimated_delivery).toEqual({ earliest: businessDaysAfter(shippedAt, 1), latest: businessDaysAfter(shippedAt, 5) });
    expect(shipment.delivered_at).toBeNull();
  });

  it('keeps an explicit window as given, and everything shipped once delivered', async () => {
    const { seller, buyer, orderId, orderNumber } = await readyToShip();
    const window = { earliest: dateIn(2), latest: dateIn(4) };
    await setStatus(seller, orderId, 'shipped', { carrier_code: 'royal_mail', tracking_number: 'RM1', estimated_delivery: window });
    expect((await statusOf(buyer, orderId)).shipment.estimated_delivery).toEqual(window);
    await setStatus(seller, orderId, 'delivered');
    const shipment: ShipmentBody = (await detailOf(buyer, orderNumber)).shipment;
    expect(shipment).toMatchObject({ carrier: 'Royal Mail', carrier_code: 'royal_mail', tracking_number: 'RM1', status: 'delivered', estimated_delivery: window });
    expect(shipment.tracking_url).toMatch(/RM1$/);
    expect(Date.parse(shipment.delivered_at ?? '')).toBeGreaterThanOrEqual(Date.parse(shipment.shipped_at ?? ''));
  });

  it('takes the carrier, number and window from a form too', async () => {
    const { seller, buyer, orderId } = await readyToShip();
    const form = new URLSearchParams({
      order_id: String(orderId),
      new_status: 'shipped',
      carrier_code: 'fedex',
      tracking_number: '7777',
      'estimated_delivery[earliest]': dateIn(1),
      'estimated_delivery[latest]': dateIn(3),
      buyer_message: 'On its way!',
    });
    expect((await seller.client.post(PATH, form)).status).toBe(200);
    const body = await statusOf(buyer, orderId);
    expect(body.shipment).toMatchObject({ carrier: 'FedEx', carrier_code: 'fedex', estimated_delivery: { earliest: dateIn(1), latest: dateIn(3) } });
    expect(body.history.at(-1)).toMatchObject({ status: 'shipped', buyer_message: 'On its way!' });
  });
});

describe('shipping with another carrier (free text)', () => {
  it('has no tracking link and no default window', async () => {
    const { seller, buyer, orderId } = await readyToShip();
    await setStatus(seller, orderId, 'shipped', { carrier: 'Bike Courier Ltd', tracking_number: 'BC-9' });
    expect((await statusOf(buyer, orderId)).shipment).toMatchObject({
      carrier: 'Bike Courier Ltd',
      carrier_code: null,
      tracking_number: 'BC-9',
      tracking_url: null,
      estimated_delivery: null,
    });
  });

  it('takes a window the seller gives', async () => {
    const { seller, buyer, orderId } = await readyToShip();
    const window = { earliest: dateIn(1), latest: dateIn(1) };
    await setStatus(seller, orderId, 'shipped', { carrier: 'Bike Courier Ltd', estimated_delivery: window });
    expect((await statusOf(buyer, orderId)).shipment).toMatchObject({ tracking_url: null, estimated_delivery: window });
  });

  it('has no tracking link and no window when shipped with no carrier at all', async () => {
    const { seller, buyer, orderId } = await readyToShip();
    await setStatus(seller, orderId, 'shipped');
    expect((await statusOf(buyer, orderId)).shipment).toMatchObject({ carrier: null, carrier_code: null, tracking_url: null, estimated_delivery: null, status: 'shipped' });
  });
});

describe('bad shipping details → 400, nothing written', () => {
  it.each<[string, Record<string, unknown>]>([
    ['an unknown carrier_code', { carrier_code: 'pigeon_post' }],
    ['a carrier_code in capitals', { carrier_code: 'UPS' }],
    ['both carrier_code and carrier', { carrier_code: 'ups', carrier: 'UPS' }],
    ['earliest after latest', { estimated_delivery: { earliest: dateIn(4), latest: dateIn(2) } }],
    ['a date that does not exist', { estimated_delivery: { earliest: '2026-02-30', latest: '2026-03-02' } }],
    ['a date with a time', { estimated_delivery: { earliest: `${dateIn(1)}T10:00:00Z`, latest: dateIn(2) } }],
    ['a window without latest', { estimated_delivery: { earliest: dateIn(1) } }],
    ['a window with an unknown field', { estimated_delivery: { earliest: dateIn(1), latest: dateIn(2), eta: 'soon' } }],
    ['a window before the ship date', { estimated_delivery: { earliest: dateIn(-10), latest: dateIn(-8) } }],
    ['a window years ahead', { estimated_delivery: { earliest: dateIn(2), latest: dateIn(800) } }],
    ['a buyer message over 500 characters', { buyer_message: 'x'.repeat(501) }],
  ])('%s', async (_what, extra) => {
    const { seller, orderId } = await readyToShip();
    const before = await server.db.fingerprint();
    expectError(await seller.client.post(PATH, { order_id: orderId, new_status: 'shipped', ...extra }), 400, 'invalid_input');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('an estimated delivery when not shipping', async () => {
    const { seller, orderId } = await orderScenario(server.url);
    const before = await server.db.fingerprint();
    const body = { order_id: orderId, new_status: 'confirmed', estimated_delivery: { earliest: dateIn(2), latest: dateIn(3) } };
    const error = expectError(await seller.client.post(PATH, body), 400, 'invalid_input');
    expect(error.error.message).toMatch(/estimated_delivery/);
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('half a window in a form', async () => {
    const { seller, orderId } = await readyToShip();
    const before = await server.db.fingerprint();
    const form = new URLSearchParams({ order_id: String(orderId), new_status: 'shipped', 'estimated_delivery[earliest]': dateIn(1) });
    expectError(await seller.client.post(PATH, form), 400, 'invalid_input');
    expectError(await seller.client.post(PATH, new URLSearchParams({ order_id: String(orderId), new_status: 'shipped', carrier_code: 'nope' })), 400, 'invalid_input');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('a buyer message of exactly 500 characters is fine', async () => {
    const { seller, buyer, orderId } = await orderScenario(server.url);
    await setStatus(seller, orderId, 'confirmed', { buyer_message: 'y'.repeat(500) });
    expect((await statusOf(buyer, orderId)).history.at(-1)?.buyer_message).toBe('y'.repeat(500));
  });
});

describe('the bulk change', () => {
  it('ships every order with the carrier, window and buyer message, as the single change would', async () => {
    const first = await readyToShip();
    const window = { earliest: dateIn(2), latest: dateIn(5) };
    const res = await first.seller.client.post<{ results: { ok: boolean }[] }>('/api/seller/orders/bulk-status', {
      order_ids: [first.orderId],
      new_status: 'shipped',
      carrier_code: 'dpd',
      tracking_number: '0123',
      estimated_delivery: window,
      buyer_message: 'Shipped with DPD',
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([expect.objectContaining({ ok: true })]);
    const body = await statusOf(first.buyer, first.orderId);
    expect(body.shipment).toMatchObject({ carrier: 'DPD', carrier_code: 'dpd', tracking_number: '0123', estimated_delivery: window });
    expect(body.shipment.tracking_url).toContain('0123');
    expect(body.history.at(-1)).toMatchObject({ status: 'shipped', buyer_message: 'Shipped with DPD' });
  });

  it('refuses bad shipping details for the whole request (400), changing nothing', async () => {
    const { seller, orderId } = await readyToShip();
    const before = await server.db.fingerprint();
    for (const extra of [
      { carrier_code: 'pigeon_post' },
      { carrier_code: 'ups', carrier: 'UPS' },
      { estimated_delivery: { earliest: dateIn(3), latest: dateIn(1) } },
      { buyer_message: 'x'.repeat(501) },
    ]) {
      expectError(await seller.client.post('/api/seller/orders/bulk-status', { order_ids: [orderId], new_status: 'shipped', ...extra }), 400, 'invalid_input');
    }
    const notShipping = { order_ids: [orderId], new_status: 'cancelled', estimated_delivery: { earliest: dateIn(1), latest: dateIn(2) } };
    expectError(await seller.client.post('/api/seller/orders/bulk-status', notShipping), 400, 'invalid_input');
    expect(await server.db.fingerprint()).toBe(before);
  });
});

describe('the buyer message and the seller’s note', () => {
  const NOTE = 'INTERNAL-NOTE: customer was rude on the phone';

  it('shows the buyer message to both sides and the note to the seller only, in every body that has history', async () => {
    const { seller, buyer, orderId, orderNumber } = await orderScenario(server.url);
    await setStatus(seller, orderId, 'confirmed', { note: NOTE, buyer_message: 'Thank you! Packing it today.' });
    await setStatus(seller, orderId, 'processing', { note: NOTE });

    const watcher = await connectedRecorder(server.url, buyer.client);
    const ack = await watch(watcher.socket, orderId);
    watcher.socket.disconnect();
    const buyerBodies = {
      'order-status': await statusOf(buyer, orderId),
      'order detail': await detailOf(buyer, orderNumber),
      'order:watch ack': ack.ok ? ack.order : null,
      'my orders': (await buyer.client.get('/api/user-orders-detailed')).body,
    };
    for (const [what, body] of Object.entries(buyerBodies)) {
      expect(body, what).not.toBeNull();
      expect(JSON.stringify(body), what).not.toContain('INTERNAL-NOTE');
      expect(JSON.stringify(body), what).not.toContain('"note"');
    }
    const timeline = buyerBodies['order detail'].history.map((h) => [h.status, h.buyer_message]);
    expect(timeline).toEqual([
      ['pending', null],
      ['confirmed', 'Thank you! Packing it today.'],
      ['processing', null],
    ]);
    expect(buyerBodies['order-status'].history.map((h) => [h.status, h.buyer_message])).toEqual(timeline);

    const forSeller = await detailOf(seller, orderNumber);
    expect(forSeller.history.map((h) => [h.status, h.buyer_message, h.note])).toEqual([
      ['pending', null, null],
      ['confirmed', 'Thank you! Packing it today.', NOTE],
      ['processing', null, NOTE],
    ]);
  });

  it('keeps the note from the buyer after the buyer cancels too', async () => {
    const { seller, buyer, orderId } = await orderScenario(server.url);
    await setStatus(seller, orderId, 'confirmed', { note: NOTE });
    const res = await buyer.client.post(`/api/orders/${orderId}/cancel`);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('INTERNAL-NOTE');
  });
});
