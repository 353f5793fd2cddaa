/**
 * Order e-mails to a real SMTP server (smtp-server on a loopback port, parsed by mailparser):
 * what a buyer gets for a checkout and for each later step, with its HTML and text parts, its
 * links and List-Unsubscribe; the opt-out through PATCH /api/auth/me and through the link;
 * retries when the server fails; and, without SMTP_URL in development, `.eml` files.
 * (Two nodes: one e-mail per event, test/realtime/email-nodes.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReturnRequestBody, UserBody } from '../../server/contract/api.js';
import { expectError, passesEventually } from '../support/assertions.js';
import { advanceTo, createProduct, placeOrder, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startSmtpReceiver, type ReceivedMail, type SmtpReceiver } from '../support/smtp-receiver.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PUBLIC_URL = 'https://shop.orderpulse.test';

let smtp: SmtpReceiver;
let server: TestServer;
beforeAll(async () => {
  smtp = await startSmtpReceiver();
  server = await startTestServer({ SMTP_URL: smtp.url, MAIL_FROM: 'OrderPulse <orders@orderpulse.test>', PUBLIC_URL, MAIL_RETRY_SCHEDULE: '300ms,300ms,300ms' });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const to = (address: string) => (messages: ReceivedMail[]) => messages.filter((m) => m.to === address);

/** The buyer asks to return the order; the request's id. */
async function askReturn(client: TestClient, orderId: number): Promise<number> {
  const res = await client.post<{ return_request: ReturnRequestBody }>(`/api/orders/${orderId}/return-request`, { reason: 'other' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.return_request.id;
}

async function mailsTo(address: string, count: number, what: string): Promise<ReceivedMail[]> {
  await smtp.waitFor((messages) => to(address)(messages).length >= count, 15_000, what);
  return to(address)(smtp.messages);
}

describe('order e-mails', () => {
  it('sends one confirmation per checkout naming every order in it, with HTML and text parts, links and List-Unsubscribe', async () => {
    const [first, second] = [await registerSeller(server.url), await registerSeller(server.url)];
    const tee = await createProduct(first, { name: 'Linen tee', price: 2_400 });
    const mug = await createProduct(second, { name: 'Stoneware mug', price: 1_250 });
    const buyer = await registerBuyer(server.url);
    const placed = await placeOrder(buyer, [
      { product_id: tee.id, quantity: 2 },
      { product_id: mug.id, quantity: 1 },
    ]);
    expect(placed.orders).toHaveLength(2);

    const [mail] = await mailsTo(buyer.user.email, 1, 'the confirmation');
    if (!mail) throw new Error('no confirmation');
    for (const order of placed.orders) {
      expect(mail.subject).toContain(order.order_number);
      expect(mail.text).toContain(`${PUBLIC_URL}/order-confirmation/${order.order_number}`);
      expect(mail.html).toContain(`${PUBLIC_URL}/order-confirmation/${order.order_number}`);
    }
    expect(mail.text).toContain(`Track your orders: ${PUBLIC_URL}/checkout-confirmation/${placed.checkout_number}`);
    expect(mail.html).toContain(`${PUBLIC_URL}/checkout-confirmation/${placed.checkout_number}`);
    expect(mail.text).toContain('2 × Linen tee');
    expect(mail.text).toContain('$60.50');
    expect(mail.html).toContain('Stoneware mug');
    expect(mail.header('from')).toBe('OrderPulse <orders@orderpulse.test>');
    const unsubscribe = String(mail.header('list-unsubscribe'));
    expect(unsubscribe).toMatch(new RegExp(`^<${PUBLIC_URL}/api/email/unsubscribe\\?token=[A-Za-z0-9_-]{32}>$`));
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.html).toContain(unsubscribe.slice(1, -1).replace(/&/g, '&amp;'));
    // Nothing more for that checkout: one e-mail, not one per order.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(to(buyer.user.email)(smtp.messages)).toHaveLength(1);
  });

  it('writes when the order ships (carrier, tracking number), is delivered, and is cancelled; not for the steps between', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller, { name: 'Walnut board' });
    const buyer = await registerBuyer(server.url);
    const shipped = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await advanceTo(seller, shipped.order_id, 'processing');
    await setStatus(seller, shipped.order_id, 'shipped', {
      carrier_code: 'ups',
      tracking_number: '1Z999AA10123456784',
      estimated_delivery: { earliest: '2026-12-15', latest: '2026-12-17' },
      buyer_message: 'Packed it with extra care.',
      note: 'internal: box 3',
    });
    await setStatus(seller, shipped.order_id, 'delivered');
    const cancelled = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await setStatus(seller, cancelled.order_id, 'cancelled');

    const mails = await mailsTo(buyer.user.email, 5, 'two confirmations, shipped, delivered, cancelled');
    const subjects = mails.map((m) => m.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        `Your OrderPulse order ${shipped.order_number}`,
        `Your order ${shipped.order_number} is on its way`,
        `Your order ${shipped.order_number} was delivered`,
        `Your OrderPulse order ${cancelled.order_number}`,
        `Your order ${cancelled.order_number} was cancelled`,
      ]),
    );
    const onItsWay = mails.find((m) => m.subject.endsWith('is on its way'));
    expect(onItsWay?.text).toContain('Carrier: UPS');
    expect(onItsWay?.text).toMatch(/Tracking number: 1Z999AA10123456784 \(https:\/\/[^)]*1Z999AA10123456784[^)]*\)/);
    expect(onItsWay?.text).toContain('Arriving: Tue, Dec 15 – Thu, Dec 17');
    expect(onItsWay?.text).toContain('“Packed it with extra care.”');
    expect(onItsWay?.html).toContain('Packed it with extra care.');
    expect(`${onItsWay?.text}${onItsWay?.html}`).not.toContain('internal: box 3');
    // Each step's e-mail links to its own order's page, in both parts.
    for (const [subject, orderNumber] of [
      [`Your order ${shipped.order_number} is on its way`, shipped.order_number],
      [`Your order ${shipped.order_number} was delivered`, shipped.order_number],
      [`Your order ${cancelled.order_number} was cancelled`, cancelled.order_number],
    ]) {
      const mail = mails.find((m) => m.subject === subject);
      if (!mail) throw new Error(`no e-mail "${subject}"`);
      expect(mail.text, subject).toContain(`${PUBLIC_URL}/order-confirmation/${orderNumber}`);
      expect(mail.html, subject).toContain(`${PUBLIC_URL}/order-confirmation/${orderNumber}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(to(buyer.user.email)(smtp.messages)).toHaveLength(5);
  });

  it('writes when a return request is decided, approved or declined, with the seller’s message and a link to the order', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller, { name: 'Wool scarf' });
    const buyer = await registerBuyer(server.url);
    const [kept, returned] = [
      await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]),
      await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]),
    ];
    for (const order of [kept, returned]) await advanceTo(seller, order.order_id, 'delivered');
    // A confirmation, a shipped and a delivered e-mail each.
    await mailsTo(buyer.user.email, 6, 'the e-mails before the returns');
    const about = async (subject: string) =>
      (await smtp.waitFor((messages) => to(buyer.user.email)(messages).some((m) => m.subject === subject), 15_000, subject)).find(
        (m) => m.to === buyer.user.email && m.subject === subject,
      );

    const declinedRequest = await askReturn(buyer.client, kept.order_id);
    expect((await seller.client.post(`/api/seller/return-requests/${declinedRequest}/decline`, { buyer_message: 'Worn scarves cannot go back' })).status).toBe(200);
    const declined = await about(`Your return request for order ${kept.order_number} was declined`);
    expect(declined?.text).toContain('Worn scarves cannot go back');
    expect(declined?.html).toContain('Worn scarves cannot go back');
    expect(declined?.text).toContain(`See your order: ${PUBLIC_URL}/order-confirmation/${kept.order_number}`);
    expect(declined?.html).toContain(`${PUBLIC_URL}/order-confirmation/${kept.order_number}`);

    const approvedRequest = await askReturn(buyer.client, returned.order_id);
    const approval = await seller.client.post(`/api/seller/return-requests/${approvedRequest}/approve`, { restock: true, buyer_message: 'Refunded today' });
    expect(approval.status).toBe(200);
    const approved = await about(`Your return of order ${returned.order_number} was approved`);
    expect(approved?.text).toContain('Refunded today');
    expect(approved?.text).toContain(`${PUBLIC_URL}/order-confirmation/${returned.order_number}`);
    expect(approved?.header('list-unsubscribe')).toMatch(/unsubscribe\?token=/);
    // The approval's move to returned writes nothing more than the decision's e-mail.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(to(buyer.user.email)(smtp.messages)).toHaveLength(8);
  });

  it('writes no return decision to a buyer who turned order e-mails off', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const buyer = await registerBuyer(server.url);
    const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await advanceTo(seller, placed.order_id, 'delivered');
    await mailsTo(buyer.user.email, 3, 'the confirmation, shipped and delivered e-mails');
    expect((await buyer.client.patch('/api/auth/me', { email_notifications: false })).status).toBe(200);
    const id = await askReturn(buyer.client, placed.order_id);
    expect((await seller.client.post(`/api/seller/return-requests/${id}/decline`, { buyer_message: 'No' })).status).toBe(200);
    await passesEventually(async () => {
      const skipped = await server.db.get<{ n: number }>(`SELECT count(*) AS n FROM emails WHERE user_id = ? AND kind = 'return_decided' AND status = 'skipped'`, buyer.user.id);
      expect(Number(skipped?.n)).toBe(1);
    });
    expect(to(buyer.user.email)(smtp.messages)).toHaveLength(3);
  });

  it('sends nothing once the buyer turns order e-mails off (PATCH /api/auth/me), and again once on', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const buyer = await registerBuyer(server.url);
    expect((await buyer.client.get<{ user: UserBody }>('/api/auth/me')).body.user.email_notifications).toBe(true);
    const off = await buyer.client.patch<{ user: UserBody }>('/api/auth/me', { email_notifications: false });
    expect(off.status).toBe(200);
    expect(off.body.user).toEqual({ ...buyer.user, email_notifications: false });
    expect((await buyer.client.get<{ user: UserBody }>('/api/auth/me')).body.user.email_notifications).toBe(false);

    await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(to(buyer.user.email)(smtp.messages)).toEqual([]);

    await buyer.client.patch('/api/auth/me', { email_notifications: true });
    const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    const [mail] = await mailsTo(buyer.user.email, 1, 'the confirmation after turning e-mails back on');
    expect(mail?.subject).toContain(placed.order_number);
  });

  it('refuses a bad PATCH /api/auth/me with 400 and changes nothing; 401 when signed out', async () => {
    const buyer = await registerBuyer(server.url);
    for (const body of [{}, { email_notifications: 'no' }, { email_notifications: false, email: 'x@y.z' }]) {
      expectError(await buyer.client.patch('/api/auth/me', body), 400, 'invalid_input');
    }
    expect((await buyer.client.get<{ user: UserBody }>('/api/auth/me')).body.user.email_notifications).toBe(true);
    expectError(await new TestClient(server.url).patch('/api/auth/me', { email_notifications: false }), 401, 'unauthorized');
  });

  it("turns them off from the e-mail's link: a page with a button (GET changes nothing), then one-click POST", async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const buyer = await registerBuyer(server.url);
    await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    const [mail] = await mailsTo(buyer.user.email, 1, 'the confirmation');
    const link = new URL(String(mail?.header('list-unsubscribe')).slice(1, -1));
    const local = `${server.url}${link.pathname}${link.search}`;

    const page = await fetch(local);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<form method="post"');
    expect((await buyer.client.get<{ user: UserBody }>('/api/auth/me')).body.user.email_notifications).toBe(true);

    // As a mail client's one-click unsubscribe sends it (RFC 8058): no cookie, no Origin.
    const done = await fetch(local, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You are unsubscribed');
    expect((await buyer.client.get<{ user: UserBody }>('/api/auth/me')).body.user.email_notifications).toBe(false);

    const unknown = await fetch(`${server.url}/api/email/unsubscribe?token=${'x'.repeat(32)}`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect((await fetch(`${server.url}/api/email/unsubscribe`)).status).toBe(400);
  });

  it('retries when the mail server fails, and delivers the e-mail once', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const buyer = await registerBuyer(server.url);
    const refusedBefore = smtp.refused();
    smtp.refuse(2);
    const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    const [mail] = await mailsTo(buyer.user.email, 1, 'the confirmation after two refusals');
    expect(smtp.refused() - refusedBefore).toBe(2);
    expect(mail?.subject).toContain(placed.order_number);
    // Named by the e-mail and the deployment only: every attempt, from any node, carries the same one.
    expect(mail?.messageId).toMatch(/^<email-\d+@shop\.orderpulse\.test>$/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(to(buyer.user.email)(smtp.messages)).toHaveLength(1);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/emails_sent_total\{result="retrying"\} [1-9]/);
    expect(metrics).toMatch(/emails_sent_total\{result="sent"\} [1-9]/);
    expect(metrics).toMatch(/email_delivery_lag_seconds \d/);
  });
});

describe('a mail server that is down for a while', () => {
  it('gets the e-mail once it is back, exactly once', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const buyer = await registerBuyer(server.url);
    const retryingBefore = await retrying();
    await smtp.stop();
    try {
      const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
      // At least one attempt meets the closed port before the server is back.
      for (let i = 0; i < 100 && (await retrying()) === retryingBefore; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await retrying()).toBeGreaterThan(retryingBefore);
      expect(to(buyer.user.email)(smtp.messages)).toHaveLength(0);
      await smtp.start();
      const [mail] = await mailsTo(buyer.user.email, 1, 'the confirmation after the outage');
      expect(mail?.subject).toContain(placed.order_number);
    } finally {
      await smtp.start().catch(() => undefined); // already back unless the test failed early
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(to(buyer.user.email)(smtp.messages)).toHaveLength(1);
  });
});

/** How many e-mail attempts the node has counted as failed and to be retried. */
async function retrying(): Promise<number> {
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/emails_sent_total\{result="retrying"\} (\d+)/.exec(metrics)?.[1] ?? 0);
}

describe('without SMTP_URL, in development', () => {
  it('writes each e-mail as an .eml file under MAIL_DIR', async () => {
    const dev = await startTestServer({ NODE_ENV: 'development' });
    try {
      const seller = await registerSeller(dev.url);
      const product = await createProduct(seller);
      const buyer = await registerBuyer(dev.url);
      const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
      const dir = join(dev.dir, 'mail');
      let files: string[] = [];
      for (let i = 0; i < 200 && files.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        try {
          files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
        } catch {
          // not made yet
        }
      }
      expect(files).toHaveLength(1);
      const eml = readFileSync(join(dir, files[0]!), 'utf8');
      expect(eml).toContain(`To: ${buyer.user.email}`);
      expect(eml).toContain(placed.order_number);
      expect(eml).toContain('multipart/alternative');
    } finally {
      await dev.stop();
    }
  });
});
