/** The buyer cancels a pending order from its confirmation page. */
import { expect, it } from 'vitest';
import type { OrderStatusBody } from '../../server/contract/api.js';
import { orderScenario } from '../support/factories.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { countLoads, hasFocus, openPage } from './support/contexts.js';

const web = useWebServerAndBrowser();

it('Cancel order while pending: after confirming, the tracker shows Cancelled ❌ off the main track', async () => {
  const { seller, buyer, orderId, orderNumber } = await orderScenario(web.server.url, { name: 'Cancel Linen Apron' });
  const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
  const loads = countLoads(page);
  await page.goto(`${web.server.url}/order-confirmation/${orderNumber}`);
  await page.getByRole('heading', { name: orderNumber, level: 1 }).waitFor();
  const tracker = page.getByRole('region', { name: 'Order progress' });
  await tracker.getByRole('status').filter({ hasText: 'Waiting for the seller' }).waitFor();

  // Asking first: nothing happens until the buyer confirms.
  await page.getByRole('button', { name: 'Cancel order' }).click();
  const question = page.getByRole('group', { name: 'Cancel this order? This cannot be undone.' });
  await question.waitFor();
  await expect.poll(() => hasFocus(question.getByRole('button', { name: 'Keep order' })), { message: 'focus goes to the safe choice' }).toBe(true);
  await question.getByRole('button', { name: 'Keep order' }).click();
  await question.waitFor({ state: 'detached' });
  await expect.poll(() => hasFocus(page.getByRole('button', { name: 'Cancel order' }))).toBe(true);
  const untouched = await buyer.client.get<OrderStatusBody>(`/api/order-status/${orderId}`);
  expect(untouched.body.status).toBe('pending');

  await page.getByRole('button', { name: 'Cancel order' }).click();
  await question.getByRole('button', { name: 'Yes, cancel order' }).click();

  await tracker.getByRole('status').filter({ hasText: /Cancelled — ❌ This order was cancelled/ }).waitFor();
  // Off the main track: the current step is the Cancelled marker, not one of the five steps.
  const current = tracker.locator('[aria-current="step"]');
  await expect.poll(() => current.count()).toBe(1);
  await expect(current.textContent()).resolves.toContain('Cancelled');
  const steps = tracker.getByRole('list').getByRole('listitem');
  await expect(steps.count()).resolves.toBe(5);
  const stepTexts = (await steps.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
  expect(stepTexts[0]).toMatch(/Pending.*\(completed\)/);
  for (const text of stepTexts.slice(1)) expect(text).toMatch(/\(not reached\)/);
  await expect(page.getByRole('button', { name: 'Cancel order' }).count()).resolves.toBe(0);
  await screenshot(page, 'order-confirmation-cancelled');

  const after = await seller.client.get<OrderStatusBody>(`/api/order-status/${orderId}`);
  expect(after.body.status).toBe('cancelled');
  expect(loads()).toBe(1);
  await context.close();
});
