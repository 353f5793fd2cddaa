/** My orders keeps every badge and mini progress bar current by push, without a reload. */
import { expect, it } from 'vitest';
import { advanceTo, createProduct, placeOrder, registerBuyer, registerSeller, requestReturn, setStatus } from '../support/factories.js';
import { useWebServerAndBrowser } from './support/browser.js';
import { countLoads, openPage } from './support/contexts.js';

const web = useWebServerAndBrowser();

it('a seller’s change moves the order’s badge and progress bar on My orders within 2 s', async () => {
  const [seller, buyer] = await Promise.all([registerSeller(web.server.url), registerBuyer(web.server.url)]);
  const product = await createProduct(seller, { name: 'Live List Lantern', price: 3900 });
  const older = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
  const newer = await placeOrder(buyer, [{ product_id: product.id, quantity: 3 }]);

  const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
  const loads = countLoads(page);
  await page.goto(`${web.server.url}/orders`);
  await page.getByRole('heading', { name: 'My orders', level: 1 }).waitFor();
  await page.getByText('Live', { exact: true }).waitFor();
  const cards = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) });
  await expect.poll(async () => (await cards.getByRole('heading', { level: 2 }).allTextContents()).map((text) => text.replace(/^Order\s*/, '').trim())).toEqual([
    newer.order_number,
    older.order_number,
  ]);
  const card = cards.filter({ hasText: older.order_number });
  await expect(card.textContent()).resolves.toContain('Pending');
  const progress = card.getByRole('progressbar', { name: 'Order progress' });
  await expect(progress.getAttribute('aria-valuetext')).resolves.toBe('Step 1 of 5: Pending');

  const changedAt = Date.now();
  await setStatus(seller, older.order_id, 'confirmed');
  await expect.poll(() => progress.getAttribute('aria-valuetext'), { timeout: 2_000 }).toBe('Step 2 of 5: Confirmed');
  expect(Date.now() - changedAt).toBeLessThan(2_000);
  await expect(card.textContent()).resolves.toContain('Confirmed');
  await page.getByRole('status').filter({ hasText: `Order ${older.order_number} is now Confirmed` }).waitFor();
  // The other order is untouched.
  await expect(cards.filter({ hasText: newer.order_number }).getByRole('progressbar').getAttribute('aria-valuetext')).resolves.toBe('Step 1 of 5: Pending');
  expect(loads()).toBe(1);
  await context.close();
});

it('flags an order whose return is open, and clears the flag when the seller returns the order by a plain status change', async () => {
  const [seller, buyer] = await Promise.all([registerSeller(web.server.url), registerBuyer(web.server.url)]);
  const product = await createProduct(seller, { name: 'Returnable Radio', price: 5900 });
  const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
  await advanceTo(seller, placed.order_id, 'delivered');
  await requestReturn(buyer, placed.order_id);

  const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
  const loads = countLoads(page);
  await page.goto(`${web.server.url}/orders`);
  await page.getByText('Live', { exact: true }).waitFor();
  const card = page.getByRole('listitem').filter({ hasText: placed.order_number });
  const flag = card.getByText('Return requested', { exact: true });
  await flag.waitFor();

  await setStatus(seller, placed.order_id, 'returned');
  await flag.waitFor({ state: 'detached', timeout: 2_000 });
  await expect.poll(() => card.getByRole('progressbar', { name: 'Order progress' }).getAttribute('aria-valuetext'), { timeout: 2_000 }).toMatch(/Returned/);
  expect(loads()).toBe(1);
  await context.close();
});
