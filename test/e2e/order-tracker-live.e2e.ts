import { expect, it } from 'vitest';
import { createProduct, placeOrder, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { shareSession } from './support/sessions.js';

const web = useWebServerAndBrowser();

it('moves the tracker to Confirmed within 2 s of the seller’s change, without a reload', async () => {
  const seller = await registerSeller(web.server.url);
  const buyer = await registerBuyer(web.server.url);
  const product = await createProduct(seller, { name: 'Trail Runner Socks', price: 1450 });
  const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 2 }]);

  const context = await web.browser.newContext({ viewport: { width: 1440, height: 900 } });
  await shareSession(context, buyer.client, web.server.url);
  const page = await context.newPage();
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto(`${web.server.url}/order-confirmation/${placed.order_number}`);

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
