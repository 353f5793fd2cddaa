/**
 * Order e-mails from node processes sharing one database (on the store TEST_STORE names) and
 * one SMTP server: both nodes read the event log and both send, yet each event's e-mail is
 * written once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, placeOrder, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { startNodeProcess, type NodeProcess } from '../support/node-process.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { createTestStoreUrl, type TestStoreUrl } from '../support/test-store.js';

/** A tsx process starts in about a second, but a loaded two-core machine can take far longer. */
const STARTUP_MS = 60_000;

let database: TestStoreUrl;
let smtp: SmtpReceiver;
const nodes: NodeProcess[] = [];
beforeAll(async () => {
  database = await createTestStoreUrl();
  smtp = await startSmtpReceiver();
  // One after the other: the first migrates the new database.
  for (let i = 0; i < 2; i++) nodes.push(await startNodeProcess({ DATABASE_URL: database.url, SMTP_URL: smtp.url }, STARTUP_MS));
});
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.kill('SIGKILL')));
  await smtp?.close();
  await database?.drop();
});

describe('e-mail across nodes', () => {
  it('sends each event’s e-mail once while two nodes read the log and send', async () => {
    const [a, b] = nodes as [NodeProcess, NodeProcess];
    const seller = await registerSeller(a.url);
    const product = await createProduct(seller);
    const buyers = await Promise.all(Array.from({ length: 6 }, (_, i) => registerBuyer((i % 2 ? b : a).url)));
    // Each buyer: a confirmation, then a cancellation made through the other node.
    await Promise.all(
      buyers.map(async (buyer, i) => {
        const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
        await setStatus({ ...seller }, placed.order_id, 'cancelled');
        return i;
      }),
    );
    await smtp.waitFor((messages) => messages.length >= 12, 20_000, 'a confirmation and a cancellation for each of 6 buyers');
    // Both nodes poll the log every second: give a duplicate every chance to arrive.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const perBuyer = buyers.map((buyer) => smtp.messages.filter((m) => m.to === buyer.user.email).map((m) => m.subject.replace(/OP-\w+/, 'OP-…')).sort());
    for (const subjects of perBuyer) expect(subjects).toEqual(['Your OrderPulse order OP-…', 'Your order OP-… was cancelled']);
    expect(smtp.messages).toHaveLength(12);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(12);
  });
});
