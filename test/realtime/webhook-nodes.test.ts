/**
 * Webhook deliveries across node processes sharing one database (on the store TEST_STORE
 * names): a node SIGKILLed while a delivery waits for its retry leaves it to the node started
 * after it, which completes it with the same webhook-id; two nodes running at once deliver each
 * event to each endpoint once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passesEventually } from '../support/assertions.js';
import { createProduct, placeOrder, registerBuyer, registerSeller, registerWebhook, webhookDeliveries, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startNodeProcess, type NodeProcess } from '../support/node-process.js';
import { createTestStoreUrl, type TestStoreUrl } from '../support/test-store.js';
import { startWebhookReceiver, verified, type WebhookReceiver } from '../support/webhook-receiver.js';

/** A tsx process starts in about a second, but a loaded two-core machine can take far longer. */
const STARTUP_MS = 60_000;

let database: TestStoreUrl;
const nodes: NodeProcess[] = [];
const receivers: WebhookReceiver[] = [];
beforeAll(async () => {
  database = await createTestStoreUrl();
});
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.kill('SIGKILL')));
  await Promise.all(receivers.map((r) => r.close()));
  await database?.drop();
});

async function startNode(schedule: string): Promise<NodeProcess> {
  const node = await startNodeProcess(
    { DATABASE_URL: database.url, WEBHOOK_ALLOW_PRIVATE: 'on', WEBHOOK_RETRY_SCHEDULE: schedule },
    STARTUP_MS,
  );
  nodes.push(node);
  return node;
}

/** The same browser session, talking to another node. */
function sameSessionOn(actor: Actor, baseUrl: string): Actor {
  const client = new TestClient(baseUrl);
  const [pair = ''] = actor.client.cookieHeader.split('; ');
  const eq = pair.indexOf('=');
  client.setCookie(pair.slice(0, eq), pair.slice(eq + 1));
  return { ...actor, client };
}




describe('webhooks across nodes', () => {
  it('completes after a restart a delivery whose node was killed while it waited to retry', async () => {
    const receiver = await startWebhookReceiver((n) => (n === 1 ? 500 : 200));
    receivers.push(receiver);
    // A long first wait: the node dies inside it, with the retry written down but not yet due.
    const schedule = '4s,30s';
    const first = await startNode(schedule);
    const seller = await registerSeller(first.url);
    const product = await createProduct(seller);
    const endpoint = await registerWebhook(seller, receiver.url, ['order.created']);
    await placeOrder(await registerBuyer(first.url), [{ product_id: product.id, quantity: 1 }]);
    await receiver.waitFor((r) => r.length >= 1, 20_000, 'the first attempt');
    const failed = await passesEventually(async () => {
      const [d] = await webhookDeliveries(seller, endpoint.id);
      expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 });
      return d;
    });
    const dueAt = Date.parse(failed?.next_attempt_at ?? '');
    expect(await first.kill('SIGKILL')).toBeNull();

    const second = await startNode(schedule);
    const [, again] = await receiver.waitFor((r) => r.length >= 2, 30_000, 'the retry from the restarted node');
    if (!again) throw new Error('a second attempt arrived');
    expect(again.at).toBeGreaterThanOrEqual(dueAt - 50);
    expect(again.headers['webhook-id']).toBe(receiver.received[0]?.headers['webhook-id']);
    expect(verified(endpoint.secret, again).type).toBe('order.created');
    const onSecond = sameSessionOn(seller, second.url);
    await passesEventually(async () => {
      const [d] = await webhookDeliveries(onSecond, endpoint.id);
      expect(d).toMatchObject({ status: 'succeeded', attempts: 2, last_status_code: 200 });
    });
    expect(receiver.received).toHaveLength(2);
    await second.kill('SIGTERM');
  }, 120_000);

  it('delivers each event once per endpoint while two nodes run', async () => {
    const [one, two] = [await startWebhookReceiver(), await startWebhookReceiver()];
    receivers.push(one, two);
    const [a, b] = [await startNode('1s,2s'), await startNode('1s,2s')];
    const seller = await registerSeller(a.url);
    const product = await createProduct(seller, { stock: 1000 });
    const [hookOne, hookTwo] = [await registerWebhook(seller, one.url, ['order.created']), await registerWebhook(seller, two.url, ['order.created'])];
    const buyer = await registerBuyer(a.url);
    const buyerOnB = sameSessionOn(buyer, b.url);
    const ORDERS = 20;
    for (let i = 0; i < ORDERS; i++) await placeOrder(i % 2 === 0 ? buyer : buyerOnB, [{ product_id: product.id, quantity: 1 }]);
    for (const [receiver, endpoint] of [[one, hookOne], [two, hookTwo]] as const) {
      await receiver.waitFor((r) => r.length >= ORDERS, 30_000, `${ORDERS} deliveries`);
      for (const request of receiver.received) verified(endpoint.secret, request);
    }
    // Both nodes fan out and claim all along: give a second copy every chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const receiver of [one, two]) {
      const ids = receiver.received.map((r) => r.headers['webhook-id']);
      expect(ids).toHaveLength(ORDERS);
      expect(new Set(ids).size).toBe(ORDERS);
    }
    const log = await webhookDeliveries(seller, hookOne.id);
    expect(log).toHaveLength(ORDERS);
    expect(log.every((d) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);
  }, 120_000);
});
