import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProduct, placeOrder, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import type { TestServer } from '../support/test-server.js';
import { launchBrowser, screenshot, startWebServer } from './support/browser.js';
import { shareSession } from './support/sessions.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('moves the tracker to Confirmed within 2 s of the seller’s change, without a reload', async () => {
  const seller = await registerSeller(server.url);
  const buyer = await registerBuyer(server.url);
  const product = await createProduct(seller, { name: 'Trail Runner Socks', price: 1450 });
  const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 2 }]);

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await shareSession(context, buyer.client, server.url);
  const page = await context.newPage();
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto(`${server.url}/order-confirmation/${placed.order_number}`);

  const status = page.getByRole('status').filter({ hasText: /Pending|Waiting/ });
  await status.waitFor({ timeout: 10_000 });
  await page.getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
  await expect(page.locator('[aria-current="step"]').first().textContent()).resolves.toContain('Pending');

  const changedAt = Date.now();
  await setStatus(seller, placed.order_id, 'confirmed');
  await page.getByRole('status').filter({ hasText: 'Seller confirmed your order' }).waitFor({ timeout: 2_000 });
  const elapsed = Date.now() - changedAt;
  expect(elapsed).toBeLessThan(2_000);
  await expect(page.locator('[aria-current="step"]').first().textContent()).resolves.toContain('Confirmed');
  expect(loads).toBe(1);
  await screenshot(page, 'order-confirmation-confirmed');
  await context.close();
});
