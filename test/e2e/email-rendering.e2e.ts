/**
 * The order e-mails as a mail client shows them: each HTML part a real SMTP server received,
 * rendered in Chromium at a desktop and a phone width (screenshots under test-results/), its
 * links pointing at the order's page, nothing wider than the phone's screen.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProduct, placeOrder, registerBuyer, registerSeller, setStatus, advanceTo } from '../support/factories.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { launchBrowser, screenshot } from './support/browser.js';

const PUBLIC_URL = 'https://shop.orderpulse.test';

let smtp: SmtpReceiver;
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  smtp = await startSmtpReceiver();
  [server, browser] = await Promise.all([startTestServer({ SMTP_URL: smtp.url, PUBLIC_URL }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

it('renders the confirmation and the shipped e-mail readably at 600 and 375 px', { timeout: 60_000 }, async () => {
  const [linen, pottery] = [await registerSeller(server.url, { store_name: 'Linen & Co' }), await registerSeller(server.url, { store_name: 'Clay Works' })];
  const tee = await createProduct(linen, { name: 'Linen tee', price: 2_400, sizes: ['M'] });
  const mug = await createProduct(pottery, { name: 'Stoneware mug', price: 1_250 });
  const buyer = await registerBuyer(server.url);
  const placed = await placeOrder(buyer, [
    { product_id: tee.id, quantity: 2, size: 'M' },
    { product_id: mug.id, quantity: 1 },
  ]);
  const teeOrder = placed.orders.find((o) => o.seller_id === linen.user.seller_id);
  if (!teeOrder) throw new Error('no order for the linen seller');
  await advanceTo(linen, teeOrder.order_id, 'processing');
  await setStatus(linen, teeOrder.order_id, 'shipped', {
    carrier_code: 'dhl_express',
    tracking_number: 'JD014600006281230704',
    buyer_message: 'Thanks for your order — packed with care.',
  });
  const mails = await smtp.waitFor((m) => m.filter((x) => x.to === buyer.user.email).length >= 2, 20_000, 'the confirmation and the shipped e-mail');

  for (const [mail, name] of [
    [mails.find((m) => m.subject.startsWith('Your OrderPulse orders')), 'email-confirmation'],
    [mails.find((m) => m.subject.endsWith('is on its way')), 'email-shipped'],
  ] as const) {
    if (!mail) throw new Error(`no ${name}`);
    for (const width of [600, 375]) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      try {
        await page.setContent(mail.html, { waitUntil: 'load' });
        await screenshot(page, `${name}-${width}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px`).toBeLessThanOrEqual(width);
        const links = await page.$$eval('a', (anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
        expect(links.some((href) => href.startsWith(`${PUBLIC_URL}/order-confirmation/OP-`))).toBe(true);
        expect(links.some((href) => href.startsWith(`${PUBLIC_URL}/api/email/unsubscribe?token=`))).toBe(true);
      } finally {
        await page.close();
      }
    }
  }
});
