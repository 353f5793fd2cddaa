/**
 * The seller's workspace on many orders at once: three orders selected and confirmed in one
 * go, each buyer's open tracker moving without a reload; then the CSV export of what the
 * dashboard shows, downloaded as a file.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createProduct, placeOrder, registerBuyer, registerSeller } from '../support/factories.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { countLoads, openPage } from './support/contexts.js';
import { orderRow } from './support/seller-dashboard.js';

const web = useWebServerAndBrowser();

/** A buyer's confirmation page, live (its socket watching the order). */
async function openTracker(buyer: Awaited<ReturnType<typeof registerBuyer>>, orderNumber: string) {
  const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
  const loads = countLoads(page);
  await page.goto(`${web.server.url}/order-confirmation/${orderNumber}`);
  await page.getByText('Live', { exact: true }).waitFor();
  await expect(page.locator('[aria-current="step"]').first().textContent()).resolves.toContain('Pending');
  return { page, loads, close: () => context.close() };
}

const currentStep = (page: Page) => page.locator('[aria-current="step"]').first().textContent();

describe('seller bulk status change and CSV export', () => {
  it('confirms three selected orders at once: each buyer’s tracker moves without a reload; the export has those rows', async () => {
    const seller = await registerSeller(web.server.url);
    const buyers = await Promise.all(['Ada', 'Grace', 'Katherine'].map((first_name) => registerBuyer(web.server.url, { first_name, last_name: 'Tester' })));
    const product = await createProduct(seller, { name: 'Bulk Desk Lamp', price: 4200, stock: 50 });
    const placed = [];
    for (const [i, buyer] of buyers.entries()) placed.push(await placeOrder(buyer, [{ product_id: product.id, quantity: i + 1 }]));
    const untouched = await placeOrder(buyers[0] ?? buyers[1]!, [{ product_id: product.id, quantity: 1 }]);
    const trackers = await Promise.all(placed.map((order, i) => openTracker(buyers[i]!, order.order_number)));

    const { context, page } = await openPage(web.browser, web.server.url, { as: seller });
    try {
      const loads = countLoads(page);
      await page.goto(`${web.server.url}/seller-dashboard?sort=created_at`);
      await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
      expect(await orderRow(page, placed[2]!.order_number).locator('[data-label="Items"]').textContent()).toBe('3');

      // Keyboard: each row's checkbox is a labelled control; Space ticks it.
      for (const order of placed) {
        await page.getByLabel(`Select order ${order.order_number}`).focus();
        await page.keyboard.press('Space');
      }
      await page.getByText('3 selected').waitFor();
      await page.getByRole('button', { name: /Change status/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Change status of 3 orders' });
      await dialog.waitFor();
      await dialog.getByLabel('New status').selectOption('confirmed');
      await screenshot(page, 'seller-bulk-status-dialog');
      await dialog.getByRole('button', { name: 'Apply to 3 orders' }).click();
      await dialog.getByRole('status').filter({ hasText: '3 changed.' }).waitFor();
      const results = await dialog.getByRole('list', { name: 'Result for each order' }).getByRole('listitem').allTextContents();
      expect(results).toEqual(placed.map((order) => `✓ ${order.order_number}: now Confirmed ✔️`));
      await screenshot(page, 'seller-bulk-status-results');

      for (const tracker of trackers) {
        await tracker.page.getByRole('status').filter({ hasText: 'Seller confirmed your order' }).waitFor({ timeout: 5_000 });
        await expect(currentStep(tracker.page)).resolves.toContain('Confirmed');
        expect(tracker.loads(), 'the tracker moved without a reload').toBe(1);
      }
      await screenshot(trackers[0]!.page, 'buyer-tracker-after-bulk-confirm');

      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(async () => (await orderRow(page, untouched.order_number).textContent()) ?? '').toContain('Pending');
      for (const order of placed) await expect.poll(async () => (await orderRow(page, order.order_number).textContent()) ?? '').toContain('Confirmed');
      expect(loads()).toBe(1);

      // The export of the Confirmed tab: exactly the three orders just confirmed.
      await page.getByRole('navigation', { name: 'Filter orders by status' }).getByRole('link', { name: /Confirmed/ }).click();
      await page.waitForURL(/status=confirmed/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Export CSV/ }).click()]);
      const today = new Date().toISOString().slice(0, 10);
      expect(download.suggestedFilename()).toBe(`orders-${today}.csv`);
      const path = await download.path();
      const csv = await readFile(path, 'utf8');
      const lines = csv.trimEnd().split('\r\n');
      expect(lines[0]).toBe('order_number,created_at,customer_name,status,item_count,total,currency,carrier,tracking_number');
      expect(lines.slice(1).map((line) => line.split(',').filter((_, i) => [0, 2, 3, 4, 5].includes(i)))).toEqual(
        placed.map((order, i) => [order.order_number, `${['Ada', 'Grace', 'Katherine'][i]} Tester`, 'confirmed', String(i + 1), `${42 * (i + 1)}.00`]),
      );
      await screenshot(page, 'seller-dashboard-confirmed-filter');
    } finally {
      await context.close();
      for (const tracker of trackers) await tracker.close();
    }
  });
});
