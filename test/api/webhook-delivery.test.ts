/**
 * Webhook deliveries to real HTTP receivers on loopback ports (WEBHOOK_ALLOW_PRIVATE=on, a
 * short WEBHOOK_RETRY_SCHEDULE): what arrives, signed as Standard Webhooks says (checked with
 * the `standardwebhooks` package), retried with the same webhook-id, kept apart per seller and
 * per endpoint, and what 410, a rotation and private targets do.
 * (Restarts and several nodes: test/realtime/webhook-nodes.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReturnRequestBody, WebhookBody } from '../../server/contract/api.js';
import { passesEventually } from '../support/assertions.js';
import {
  advanceTo,
  createProduct,
  placeOrder,
  registerBuyer,
  registerSeller,
  registerWebhook,
  setStatus,
  webhookDeliveries,
  type Actor,
} from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { startWebhookReceiver, verified, type Answer, type ReceivedRequest, type WebhookReceiver } from '../support/webhook-receiver.js';

/** Short waits, and a schedule long enough in all (≈ 31 s) that no test here fails an endpoint for too long. */
const SCHEDULE = '200ms,400ms,800ms,30s';

let server: TestServer;
const receivers: WebhookReceiver[] = [];
beforeAll(async () => {
  server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'on', WEBHOOK_RETRY_SCHEDULE: SCHEDULE });
});
afterAll(async () => {
  await server?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(respond?: (n: number, request: ReceivedRequest) => Answer): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(respond);
  receivers.push(started);
  return started;
}



async function webhookOf(seller: Actor, id: number): Promise<WebhookBody | undefined> {
  return (await seller.client.get<{ webhooks: WebhookBody[] }>('/api/seller/webhooks')).body.webhooks.find((w) => w.id === id);
}


async function sellerWithProduct() {
  const seller = await registerSeller(server.url);
  const product = await createProduct(seller);
  return { seller, product };
}

describe('webhook deliveries', () => {
  it('sends order.created and order.status_changed, signed, verified by standardwebhooks', async () => {
    const target = await receiver();
    const { seller, product } = await sellerWithProduct();
    const endpoint = await registerWebhook(seller, target.url);
    const buyer = await registerBuyer(server.url);
    const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await setStatus(seller, placed.order_id, 'confirmed');

    const [created, changed] = await target.waitFor((r) => r.length >= 2, 15_000, 'order.created and order.status_changed');
    if (!created || !changed) throw new Error('two requests arrived');
    for (const request of [created, changed]) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/hook');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    }
    const first = verified(endpoint.secret, created);
    expect(first).toEqual({
      type: 'order.created',
      timestamp: expect.any(String),
      data: {
        order_id: placed.order_id,
        order_number: placed.order_number,
        status: 'pending',
        status_label: expect.any(String),
        status_emoji: expect.any(String),
        progress_step: 1,
        version: 1,
        updated_at: expect.any(String),
        seller_id: seller.user.seller_id,
      },
    });
    const second = verified(endpoint.secret, changed);
    expect(second).toMatchObject({
      type: 'order.status_changed',
      data: { order_id: placed.order_id, status: 'confirmed', previous_status: 'pending', version: 2, seller_id: seller.user.seller_id },
    });
    // A signature by another secret does not verify.
    expect(() => verified(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, created)).toThrow();
    expect(created.headers['webhook-id']).not.toBe(changed.headers['webhook-id']);

    const log = await passesEventually(async () => {
      const list = await webhookDeliveries(seller, endpoint.id);
      expect(list.map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
      return list;
    });
    expect(log.map((d) => d.event_type)).toEqual(['order.status_changed', 'order.created']);
    expect(log[1]).toMatchObject({ attempts: 1, last_status_code: 200, last_error: null, next_attempt_at: null, webhook_id_header: created.headers['webhook-id'] });
  });

  it('sends return.requested with the request, the order number and the seller, to the endpoints that asked for it', async () => {
    const [returns, orders] = [await receiver(), await receiver()];
    const { seller, product } = await sellerWithProduct();
    const endpoint = await registerWebhook(seller, returns.url, ['return.requested']);
    await registerWebhook(seller, orders.url, ['order.created']);
    const buyer = await registerBuyer(server.url);
    const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await advanceTo(seller, placed.order_id, 'delivered');
    const asked = await buyer.client.post<{ return_request: ReturnRequestBody }>(`/api/orders/${placed.order_id}/return-request`, {
      reason: 'not_as_described',
      message: 'Smaller than in the pictures',
    });
    expect(asked.status).toBe(201);

    const [request] = await returns.waitFor((r) => r.length >= 1, 15_000, 'return.requested');
    if (!request) throw new Error('return.requested arrived');
    expect(verified(endpoint.secret, request)).toEqual({
      type: 'return.requested',
      timestamp: expect.any(String),
      data: { return_request: asked.body.return_request, order_number: placed.order_number, seller_id: seller.user.seller_id },
    });
    // The other endpoint gets its order.created only; the first nothing but the return.
    await orders.waitFor((r) => r.length >= 1, 15_000, 'order.created');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(orders.received.map((r) => JSON.parse(r.body) as { type: string }).map((p) => p.type)).toEqual(['order.created']);
    expect(returns.received).toHaveLength(1);
    expect((await webhookDeliveries(seller, endpoint.id)).map((d) => d.event_type)).toEqual(['return.requested']);
  });

  it('sends only the events an endpoint asked for', async () => {
    const target = await receiver();
    const { seller, product } = await sellerWithProduct();
    const endpoint = await registerWebhook(seller, target.url, ['order.status_changed']);
    const placed = await placeOrder(await registerBuyer(server.url), [{ product_id: product.id, quantity: 1 }]);
    await setStatus(seller, placed.order_id, 'confirmed');
    await target.waitFor((r) => r.length >= 1);
    await setStatus(seller, placed.order_id, 'processing');
    const received = await target.waitFor((r) => r.length >= 2);
    expect(received.map((r) => verified(endpoint.secret, r).type)).toEqual(['order.status_changed', 'order.status_changed']);
    expect(received.map((r) => verified(endpoint.secret, r).data.status)).toEqual(['confirmed', 'processing']);
  });

  it('retries a 500 on the schedule: the 4th attempt delivers, with the same webhook-id', async () => {
    const target = await receiver((n) => (n <= 3 ? 500 : 200));
    const { seller, product } = await sellerWithProduct();
    const endpoint = await registerWebhook(seller, target.url, ['order.created']);
    await placeOrder(await registerBuyer(server.url), [{ product_id: product.id, quantity: 1 }]);
    const received = await target.waitFor((r) => r.length >= 4, 20_000, 'four attempts');
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    for (const request of received) verified(endpoint.secret, request);
    // Back-off: each wait at least the schedule's step less its jitter (200, 400, 800 ms, −20 %).
    const gaps = received.slice(1).map((r, i) => r.at - (received[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(150);
    expect(gaps[1]).toBeGreaterThanOrEqual(310);
    expect(gaps[2]).toBeGreaterThanOrEqual(630);
    const [delivery] = await passesEventually(async () => {
      const list = await webhookDeliveries(seller, endpoint.id);
      expect(list[0]?.status).toBe('succeeded');
      return list;
    });
    expect(delivery).toMatchObject({ attempts: 4, last_status_code: 200, webhook_id_header: received[0]?.headers['webhook-id'] });
    expect(received).toHaveLength(4);
    expect((await webhookOf(seller, endpoint.id))?.failing_since).toBeNull();
  });

  it('shows a pending retry in the log: status code, error, duration and next attempt', async () => {
    const target = await receiver(() => 503);
    const { seller, product } = await sellerWithProduct();
    const endpoint = await registerWebhook(seller, target.url, ['order.created']);
    await placeOrder(await registerBuyer(server.url), [{ product_id: product.id, quantity: 1 }]);
    const delivery = await passesEventually(async () => {
      const [d] = await webhookDeliveries(seller, endpoint.id);
      expect(d?.attempts).toBeGreaterThanOrEqual(1);
      return d;
    });
    expect(delivery).toMatchObject({ status: 'pending', last_status_code: 503, next_attempt_at: expect.any(String) });
    expect(delivery?.last_duration_ms).toBeGreaterThanOrEqual(0);
    expect((await webhookOf(seller, endpoint.id))?.failing_since).toEqual(expect.any(String));
    await seller.client.delete(`/api/seller/webhooks/${endpoint.id}`);
  });

  it('does not follow a redirect: the attempt fails and the other address hears nothing', async () => {
    const elsewhere = await receiver();
    const target = await receiver(() => ({ redirectTo: elsewhere.url }));
    const { seller, product } = await sellerWithProduct();
    const endpoint = await registerWebhook(seller, target.url, ['order.created']);
    await placeOrder(await registerBuyer(server.url), [{ product_id: product.id, quantity: 1 }]);
    const [delivery] = await passesEventually(async () => {
      const list = await webhookDeliveries(seller, endpoint.id);
      expect(list[0]?.attempts).toBeGreaterThanOrEqual(1);
      return list;
    });
    expect(delivery).toMatchObject({ status: 'pending', last_status_code: 307, last_error: expect.stringMatching(/redirect/i) });
    expect(elsewhere.received).toHaveLength(0);
    await seller.client.delete(`/api/seller/webhooks/${endpoint.id}`);
  });

  it("never shows a seller's webhook another seller's orders", async () => {
    const [one, two] = await Promise.all([receiver(), receiver()]);
    const a = await sellerWithProduct();
    const b = await sellerWithProduct();
    const hookA = await registerWebhook(a.seller, one.url);
    const hookB = await registerWebhook(b.seller, two.url);
    const buyer = await registerBuyer(server.url);
    // One checkout across both sellers: two orders, one each.
    const placed = await placeOrder(buyer, [
      { product_id: a.product.id, quantity: 1 },
      { product_id: b.product.id, quantity: 1 },
    ]);
    const orderOf = (sellerId: number | undefined) => placed.orders.find((o) => o.seller_id === sellerId)?.order_id ?? 0;
    await setStatus(b.seller, orderOf(b.seller.user.seller_id), 'confirmed');
    await one.waitFor((r) => r.length >= 1);
    await two.waitFor((r) => r.length >= 2);
    // Anything wrongly sent would have gone out with these; give a stray one a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(one.received.map((r) => verified(hookA.secret, r).data)).toEqual([
      expect.objectContaining({ order_id: orderOf(a.seller.user.seller_id), seller_id: a.seller.user.seller_id }),
    ]);
    expect(two.received.map((r) => verified(hookB.secret, r).data.order_id)).toEqual([orderOf(b.seller.user.seller_id), orderOf(b.seller.user.seller_id)]);
  });

  it("does not let an endpoint that hangs 10 s delay another endpoint's deliveries", async () => {
    const slow = await receiver(() => ({ hangMs: 10_000 }));
    const fast = await receiver();
    const { seller, product } = await sellerWithProduct();
    await registerWebhook(seller, slow.url, ['order.created']);
    const quick = await registerWebhook(seller, fast.url, ['order.created']);
    const buyer = await registerBuyer(server.url);
    // More orders than the slow endpoint has slots, each hanging there.
    const started = Date.now();
    for (let i = 0; i < 8; i++) await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await slow.waitFor((r) => r.length >= 1);
    const received = await fast.waitFor((r) => r.length >= 8, 5_000, 'all eight orders at the fast endpoint while the slow one hangs');
    expect(Math.max(...received.map((r) => r.at)) - started).toBeLessThan(5_000);
    expect(new Set(received.map((r) => verified(quick.secret, r).data.order_id)).size).toBe(8);
  });

  it('disables an endpoint that answers 410, says why, and sends it nothing more; retry after turning it on', async () => {
    const target = await receiver(() => 410);
    const { seller, product } = await sellerWithProduct();
    const endpoint = await registerWebhook(seller, target.url, ['order.created']);
    const buyer = await registerBuyer(server.url);
    await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    const disabled = await passesEventually(async () => {
      const now = await webhookOf(seller, endpoint.id);
      expect(now?.active).toBe(false);
      return now;
    });
    expect(disabled?.disabled_reason).toMatch(/410/);
    const [failed] = await webhookDeliveries(seller, endpoint.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 410, next_attempt_at: null });
    await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(target.received).toHaveLength(1);
    expect(await webhookDeliveries(seller, endpoint.id)).toHaveLength(1);

    // The receiver is back: the seller turns the endpoint on and retries the failed delivery.
    target.answer(() => 200);
    const on = await seller.client.patch<{ webhook: WebhookBody }>(`/api/seller/webhooks/${endpoint.id}`, { active: true });
    expect(on.body.webhook).toMatchObject({ active: true, disabled_reason: null, failing_since: null });
    const retry = await seller.client.post(`/api/seller/webhooks/${endpoint.id}/deliveries/${failed?.id}/retry`);
    expect(retry.status).toBe(202);
    await target.waitFor((r) => r.length >= 2);
    expect(target.received[1]?.headers['webhook-id']).toBe(target.received[0]?.headers['webhook-id']);
    await passesEventually(async () => {
      const [again] = await webhookDeliveries(seller, endpoint.id);
      expect(again).toMatchObject({ status: 'succeeded', attempts: 2, last_status_code: 200 });
    });
  });

  it('signs with the old secret too for a day after a rotation', async () => {
    const target = await receiver();
    const { seller, product } = await sellerWithProduct();
    const endpoint = await registerWebhook(seller, target.url, ['order.created']);
    const rotated = await seller.client.post<{ webhook: WebhookBody }>(`/api/seller/webhooks/${endpoint.id}/rotate-secret`);
    const secret = rotated.body.webhook.secret ?? '';
    expect(secret).not.toBe(endpoint.secret);
    await placeOrder(await registerBuyer(server.url), [{ product_id: product.id, quantity: 1 }]);
    const [request] = await target.waitFor((r) => r.length >= 1);
    if (!request) throw new Error('one request arrived');
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verified(secret, request).type).toBe('order.created');
    expect(verified(endpoint.secret, request).type).toBe('order.created');
  });

  it('counts attempts in webhook_deliveries_total and reports the delivery lag', async () => {
    const metrics = await new TestClient(server.url).get<string>('/metrics');
    expect(metrics.body).toMatch(/^webhook_deliveries_total\{result="succeeded"\} [1-9]/m);
    expect(metrics.body).toMatch(/^webhook_deliveries_total\{result="retrying"\} [1-9]/m);
    expect(metrics.body).toMatch(/^webhook_delivery_lag_seconds \d/m);
  });
});

describe('private targets with WEBHOOK_ALLOW_PRIVATE off', () => {
  it('refuses at delivery a target registered while they were allowed (localhost → 127.0.0.1)', async () => {
    const target = await receiver();
    const delivery = await firstAttemptOnStrictNode(`http://localhost:${target.port}/hook`);
    expect(delivery).toMatchObject({ status: 'pending', last_status_code: null });
    expect(delivery?.last_error).toMatch(/127\.0\.0\.1|::1/);
    expect(delivery?.last_error).toMatch(/loopback/);
    expect(target.received).toHaveLength(0);
  });

  it('refuses at delivery a literal private address registered while they were allowed (http://127.0.0.1)', async () => {
    const target = await receiver();
    const delivery = await firstAttemptOnStrictNode(`http://127.0.0.1:${target.port}/hook`);
    expect(delivery).toMatchObject({ status: 'pending', last_status_code: null });
    expect(delivery?.last_error).toMatch(/127\.0\.0\.1/);
    expect(delivery?.last_error).toMatch(/loopback/);
    expect(target.received).toHaveLength(0);
  });
});

/**
 * Registers `url` for order.created on a node that allows private targets, then, on the same
 * database, places an order through a node that refuses them, and returns the endpoint's
 * delivery once that node has attempted it.
 */
async function firstAttemptOnStrictNode(url: string) {
  const allowing = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'on' });
  let strict: TestServer | undefined;
  try {
    const seller = await registerSeller(allowing.url);
    const product = await createProduct(seller);
    const endpoint = await registerWebhook(seller, url, ['order.created']);
    await allowing.close();
    strict = await startTestServer({ DATABASE_URL: allowing.databaseUrl });
    const buyer = await registerBuyer(strict.url);
    // The seller's session lives in the database: the same cookie signs it in on the new node.
    const sellerOnStrict: Actor = { ...seller, client: new TestClient(strict.url) };
    sellerOnStrict.client.setCookie(...sessionCookie(seller.client.cookieHeader));
    await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    return await passesEventually(async () => {
      const [d] = await webhookDeliveries(sellerOnStrict, endpoint.id);
      expect(d?.attempts).toBeGreaterThanOrEqual(1);
      return d;
    });
  } finally {
    await strict?.stop();
    await allowing.stop();
  }
}

function sessionCookie(header: string): [string, string] {
  const [pair = ''] = header.split('; ');
  const eq = pair.indexOf('=');
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}
