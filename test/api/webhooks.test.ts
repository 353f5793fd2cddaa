/**
 * The webhook endpoints' API: registering, listing, changing, removing, rotating the secret,
 * the delivery log and its retry; who may touch which endpoint; and which URLs are refused.
 * (Deliveries themselves: webhook-delivery.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookBody, WebhookDeliveryBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { registerBuyer, registerSeller, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

let server: TestServer;
let strict: TestServer;
let receiver: WebhookReceiver;
let seller: Actor;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'on' });
  // The flag off, as in production (on a database of its own).
  strict = await startTestServer();
  seller = await registerSeller(server.url);
});
afterAll(async () => {
  await server?.stop();
  await strict?.stop();
  await receiver?.close();
});

const EVENTS = ['order.created', 'order.status_changed'];

async function register(actor: Actor, body: Record<string, unknown> = {}): Promise<WebhookBody> {
  const res = await actor.client.post<{ webhook: WebhookBody }>('/api/seller/webhooks', { url: receiver.url, events: EVENTS, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.webhook;
}

describe('POST /api/seller/webhooks', () => {
  it('registers an endpoint and shows its secret once', async () => {
    const res = await seller.client.post<{ webhook: WebhookBody }>('/api/seller/webhooks', {
      url: receiver.url,
      events: EVENTS,
      description: 'Warehouse',
    });
    expect(res.status).toBe(201);
    expect(res.body.webhook).toEqual({
      id: expect.any(Number),
      url: receiver.url,
      events: EVENTS,
      description: 'Warehouse',
      active: true,
      created_at: expect.any(String),
      disabled_reason: null,
      failing_since: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    expect(Buffer.from(res.body.webhook.secret?.slice(6) ?? '', 'base64').length).toBeGreaterThanOrEqual(24);
    const list = await seller.client.get<{ webhooks: WebhookBody[] }>('/api/seller/webhooks');
    const listed = list.body.webhooks.find((w) => w.id === res.body.webhook.id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty('secret');
  });

  it('refuses a bad body with 400 and writes nothing', async () => {
    const fresh = await registerSeller(server.url);
    for (const body of [
      {},
      { url: receiver.url },
      { url: receiver.url, events: [] },
      { url: receiver.url, events: ['order.deleted'] },
      { url: receiver.url, events: ['order.created', 'order.created'] },
      { url: 'ftp://example.com/hook', events: EVENTS },
      { url: 'not a url', events: EVENTS },
      { url: receiver.url, events: EVENTS, extra: 1 },
      { url: 'http://user:pw@127.0.0.1/hook', events: EVENTS },
      { url: `${receiver.url}\u0000`, events: EVENTS },
    ]) {
      expectError(await fresh.client.post('/api/seller/webhooks', body), 400, 'invalid_input');
    }
    expect((await fresh.client.get<{ webhooks: WebhookBody[] }>('/api/seller/webhooks')).body.webhooks).toEqual([]);
  });

  it('is for sellers: 401 anonymous, 403 for a buyer', async () => {
    expectError(await new TestClient(server.url).post('/api/seller/webhooks', { url: receiver.url, events: EVENTS }), 401, 'unauthorized');
    const buyer = await registerBuyer(server.url);
    expectError(await buyer.client.post('/api/seller/webhooks', { url: receiver.url, events: EVENTS }), 403, 'forbidden');
    expectError(await buyer.client.get('/api/seller/webhooks'), 403, 'forbidden');
  });
});

describe('target rules with WEBHOOK_ALLOW_PRIVATE off', () => {
  it.each([
    'http://127.0.0.1:9/hook',
    'http://localhost:9/hook',
    'http://10.1.2.3/hook',
    'http://192.168.0.10/hook',
    'http://172.16.5.4/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://0.0.0.0/hook',
    'http://[::1]/hook',
    'http://[::]/hook',
    'http://[fe80::1]/hook',
    'http://[fd00::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:10.0.0.1]/hook',
  ])('refuses %s with 400, and writes nothing', async (url) => {
    const owner = await registerSeller(strict.url);
    const res = await owner.client.post('/api/seller/webhooks', { url, events: EVENTS });
    expectError(res, 400, 'invalid_input');
    expect((await owner.client.get<{ webhooks: WebhookBody[] }>('/api/seller/webhooks')).body.webhooks).toEqual([]);
  });

  it('refuses a name that does not resolve', async () => {
    const owner = await registerSeller(strict.url);
    expectError(await owner.client.post('/api/seller/webhooks', { url: 'http://no-such-host.invalid/hook', events: EVENTS }), 400, 'invalid_input');
  });

  it('refuses a PATCH to a private URL as well', async () => {
    const owner = await registerSeller(strict.url);
    // A public address literal needs no DNS, and nothing is sent at registration.
    const created = await owner.client.post<{ webhook: WebhookBody }>('/api/seller/webhooks', { url: 'https://93.184.215.14/hook', events: EVENTS });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectError(await owner.client.patch(`/api/seller/webhooks/${created.body.webhook.id}`, { url: 'http://localhost/hook' }), 400, 'invalid_input');
    const listed = await owner.client.get<{ webhooks: WebhookBody[] }>('/api/seller/webhooks');
    expect(listed.body.webhooks.map((w) => w.url)).toEqual(['https://93.184.215.14/hook']);
  });
});

describe('https in production', () => {
  it('refuses http: URLs when NODE_ENV=production', async () => {
    const production = await startTestServer({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), WEBHOOK_ALLOW_PRIVATE: 'on' });
    try {
      // Production cookies are Secure and __Host-: the test client sends them over http anyway.
      const owner = await registerSeller(production.url);
      const res = await owner.client.post('/api/seller/webhooks', { url: receiver.url, events: EVENTS });
      const body = expectError(res, 400, 'invalid_input');
      expect(body.error.message).toMatch(/https/);
    } finally {
      await production.stop();
    }
  });
});

describe('PATCH, DELETE and rotate-secret', () => {
  it('changes the events, the description and active', async () => {
    const hook = await register(seller);
    const res = await seller.client.patch<{ webhook: WebhookBody }>(`/api/seller/webhooks/${hook.id}`, {
      events: ['order.status_changed'],
      description: 'Only changes',
      active: false,
    });
    expect(res.status).toBe(200);
    expect(res.body.webhook).toMatchObject({ id: hook.id, events: ['order.status_changed'], description: 'Only changes', active: false });
    expect(res.body.webhook).not.toHaveProperty('secret');
    expectError(await seller.client.patch(`/api/seller/webhooks/${hook.id}`, {}), 400, 'invalid_input');
  });

  it('rotates the secret: a new one, shown in the answer', async () => {
    const hook = await register(seller);
    const res = await seller.client.post<{ webhook: WebhookBody }>(`/api/seller/webhooks/${hook.id}/rotate-secret`);
    expect(res.status).toBe(200);
    expect(res.body.webhook.secret).toMatch(/^whsec_/);
    expect(res.body.webhook.secret).not.toBe(hook.secret);
  });

  it('deletes with 204, and the endpoint is gone', async () => {
    const hook = await register(seller);
    expect((await seller.client.delete(`/api/seller/webhooks/${hook.id}`)).status).toBe(204);
    expectError(await seller.client.delete(`/api/seller/webhooks/${hook.id}`), 404, 'not_found');
    expectError(await seller.client.get(`/api/seller/webhooks/${hook.id}/deliveries`), 404, 'not_found');
  });

  it("treats another seller's endpoint as missing (404), and changes nothing", async () => {
    const hook = await register(seller);
    const other = await registerSeller(server.url);
    const base = `/api/seller/webhooks/${hook.id}`;
    expectError(await other.client.patch(base, { active: false }), 404, 'not_found');
    expectError(await other.client.patch(base, { url: 'http://10.0.0.1/x' }), 404, 'not_found');
    expectError(await other.client.delete(base), 404, 'not_found');
    expectError(await other.client.post(`${base}/rotate-secret`), 404, 'not_found');
    expectError(await other.client.get(`${base}/deliveries`), 404, 'not_found');
    expectError(await other.client.post(`${base}/deliveries/1/retry`), 404, 'not_found');
    expect((await other.client.get<{ webhooks: WebhookBody[] }>('/api/seller/webhooks')).body.webhooks).toEqual([]);
    const mine = await seller.client.get<{ webhooks: WebhookBody[] }>('/api/seller/webhooks');
    expect(mine.body.webhooks.find((w) => w.id === hook.id)).toMatchObject({ active: true, url: receiver.url });
  });

  it('answers 404 for ids that name nothing, and 400 for ids that are not ids', async () => {
    for (const id of [999999999, 2 ** 40]) {
      expectError(await seller.client.patch(`/api/seller/webhooks/${id}`, { active: false }), 404, 'not_found');
      expectError(await seller.client.post(`/api/seller/webhooks/${id}/rotate-secret`), 404, 'not_found');
      expectError(await seller.client.post(`/api/seller/webhooks/${id}/deliveries/${id}/retry`), 404, 'not_found');
    }
    expectError(await seller.client.delete('/api/seller/webhooks/abc'), 400, 'invalid_input');
    expectError(await seller.client.get('/api/seller/webhooks/0/deliveries'), 400, 'invalid_input');
  });
});

describe('GET …/deliveries', () => {
  it('pages the log: {deliveries, total}, limit 1–100', async () => {
    const hook = await register(seller);
    const res = await seller.client.get<{ deliveries: WebhookDeliveryBody[]; total: number }>(`/api/seller/webhooks/${hook.id}/deliveries?page=1&limit=10`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deliveries: [], total: 0 });
    expectError(await seller.client.get(`/api/seller/webhooks/${hook.id}/deliveries?limit=101`), 400, 'invalid_input');
    expectError(await seller.client.get(`/api/seller/webhooks/${hook.id}/deliveries?page=0`), 400, 'invalid_input');
  });
});
