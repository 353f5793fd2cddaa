/**
 * One confirmation per checkout while many buyers check out at once, each from three sellers.
 * On PostgreSQL concurrent placements interleave their positions in the event log, and a
 * placement can be seen while another one inside its span has not committed yet: the e-mail
 * consumer must neither split a checkout into two confirmations nor confirm its rest again
 * (server/domain/mail.ts). 300 checkouts: fewer did not make the interleaving happen here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProduct, placeOrder, registerBuyer, registerSeller } from '../support/factories.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let smtp: SmtpReceiver;
let server: TestServer;
beforeAll(async () => {
  smtp = await startSmtpReceiver();
  server = await startTestServer({ SMTP_URL: smtp.url, MAIL_FROM: 'OrderPulse <orders@orderpulse.test>', PUBLIC_URL: 'https://shop.orderpulse.test' });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

it('one confirmation per checkout under many concurrent three-seller checkouts', { timeout: 300_000 }, async () => {
  const sellers = await Promise.all([0, 1, 2].map(() => registerSeller(server.url)));
  const products = await Promise.all(sellers.map((s) => createProduct(s, { stock: 100_000 })));
  const buyers = [];
  for (let i = 0; i < 300; i += 25) buyers.push(...(await Promise.all(Array.from({ length: 25 }, () => registerBuyer(server.url)))));
  await Promise.all(buyers.map((b) => placeOrder(b, products.map((p) => ({ product_id: p.id, quantity: 1 })))));
  await smtp.waitFor((m) => m.length >= 300, 120_000, '300 confirmations');
  // Time for a second confirmation of any of them to arrive.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const per = new Map<string, number>();
  for (const m of smtp.messages) per.set(m.to, (per.get(m.to) ?? 0) + 1);
  const notOnce = [...per].filter(([, n]) => n !== 1);
  expect(notOnce, 'buyers who got other than one confirmation').toEqual([]);
  expect(smtp.messages.length).toBe(300);
});
