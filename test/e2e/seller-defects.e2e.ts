/**
 * What a seller audit found on the seller pages, each reproduced as it was met, in Chromium
 * against a real node: a missing or another store's product in the editor, the menu below the
 * orders on a phone, a page number past the end, the sidebar totals lost off the orders list,
 * and an open update dialog blind to a change made elsewhere. The new states are axe-checked
 * at both widths.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createProduct, orderScenario, registerSeller, setStatus } from '../support/factories.js';
import { axeViolations, BLOCKING_IMPACTS, describeFindings } from './support/axe.js';
import { useWebServerAndBrowser } from './support/browser.js';
import { DESKTOP, MOBILE, hasFocus, openPage } from './support/contexts.js';
import { describeFocus } from './support/keyboard.js';
import { orderRow, statusOptions, updateButton, updateDialog } from './support/seller-dashboard.js';

const web = useWebServerAndBrowser();

/** Uncaught errors of the page, as they happen. */
function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function expectAxeClean(page: Page, what: string): Promise<void> {
  const blocking = (await axeViolations(page)).filter((finding) => BLOCKING_IMPACTS.includes(finding.impact));
  expect(blocking, `${what}:\n${describeFindings(blocking)}`).toEqual([]);
}

const sellerMenu = (page: Page) => page.getByRole('navigation', { name: 'Seller dashboard' });

describe.each([DESKTOP, MOBILE])('seller pages at $width px', (viewport) => {
  it('the editor says "Product not found", with a way back, for a missing product and for another store’s', async () => {
    const { seller } = await orderScenario(web.server.url);
    const other = await registerSeller(web.server.url);
    const theirs = await createProduct(other, { name: 'Someone Else’s Organic Tee' });
    const { context, page } = await openPage(web.browser, web.server.url, { as: seller, viewport, bypassCSP: true });
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${web.server.url}/seller/products/9999999`);
      await page.getByRole('heading', { name: 'Product not found', level: 1 }).waitFor();
      await expect(page.getByText('Loading product…').count()).resolves.toBe(0);
      await expectAxeClean(page, 'missing product');

      await page.goto(`${web.server.url}/seller/products/${theirs.id}`);
      await page.getByRole('heading', { name: 'Product not found', level: 1 }).waitFor();
      await expect(page.getByText(/Someone Else’s Organic Tee/).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Save changes' }).count()).resolves.toBe(0);
      await expect(page.title()).resolves.toMatch(/^Product not found/);

      await page.getByRole('link', { name: 'Back to your products' }).click();
      await page.getByRole('heading', { name: 'Products', level: 1 }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a page past the end says so and leads back; the sidebar keeps the seller’s totals everywhere', async () => {
    const { seller, orderNumber } = await orderScenario(web.server.url);
    const { context, page } = await openPage(web.browser, web.server.url, { as: seller, viewport, bypassCSP: true });
    const pendingLink = () => sellerMenu(page).getByRole('link', { name: /Orders/ });
    try {
      await page.goto(`${web.server.url}/seller-dashboard?page=99`);
      await page.getByText('There are no orders on page 99: this list has 1 order on 1 page.').waitFor();
      await expect(page.getByText(/No orders yet/).count()).resolves.toBe(0);
      await expectAxeClean(page, 'page past the end');
      await page.getByRole('link', { name: 'Go to the first page' }).click();
      await orderRow(page, orderNumber).waitFor();

      // The counts are the seller's, not the view's: a search with no match, then the other sections.
      await page.goto(`${web.server.url}/seller-dashboard?q=nothing-matches-this`);
      await page.getByText('No orders match “nothing-matches-this”.').waitFor();
      await expect.poll(() => pendingLink().textContent()).toContain('1 pending');
      for (const [path, heading] of [['/seller/products', 'Products'], ['/seller-dashboard/webhooks', 'Webhooks']] as const) {
        await page.goto(`${web.server.url}${path}`);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await expect.poll(() => pendingLink().textContent(), { message: heading }).toContain('1 pending');
      }
    } finally {
      await context.close();
    }
  });
});

it('at 375 px the seller menu comes before the orders, on the first screen, and first to the keyboard', async () => {
  const { seller, orderNumber } = await orderScenario(web.server.url);
  const { context, page } = await openPage(web.browser, web.server.url, { as: seller, viewport: MOBILE });
  try {
    await page.goto(`${web.server.url}/seller-dashboard`);
    await orderRow(page, orderNumber).waitFor();
    const menu = await sellerMenu(page).boundingBox();
    const table = await page.getByRole('table', { name: /orders/i }).boundingBox();
    if (!menu || !table) throw new Error('menu or table not laid out');
    expect(menu.y + menu.height, 'the whole menu is on the first screen').toBeLessThanOrEqual(MOBILE.height);
    expect(menu.y + menu.height).toBeLessThanOrEqual(table.y);

    // Tab from the top reaches every section of the menu before anything of the order list.
    const webhooks = sellerMenu(page).getByRole('link', { name: /Webhooks/ });
    for (let presses = 1; !(await hasFocus(webhooks)); presses++) {
      if (presses > 20) throw new Error(`Tab never reached the menu; focus on ${await describeFocus(page)}`);
      await page.keyboard.press('Tab');
      const inList = await page.evaluate(() => Boolean(document.activeElement?.closest('.dashboard__main')));
      expect(inList, `Tab ${presses} went into the orders before the menu: ${await describeFocus(page)}`).toBe(false);
    }
  } finally {
    await context.close();
  }
});

it('an open update dialog follows a change made elsewhere: the new status, its moves, and a save that works', async () => {
  const { seller, orderId, orderNumber } = await orderScenario(web.server.url);
  const { context, page } = await openPage(web.browser, web.server.url, { as: seller, viewport: DESKTOP });
  try {
    await page.goto(`${web.server.url}/seller-dashboard`);
    await page.getByText('Live', { exact: true }).waitFor();
    await updateButton(page, orderNumber).click();
    const dialog = updateDialog(page, orderNumber);
    await expect(statusOptions(dialog).then((o) => o.values)).resolves.toEqual(['confirmed', 'cancelled']);

    await setStatus(seller, orderId, 'confirmed');
    await expect.poll(() => dialog.getByText(/Current status:/).textContent()).toContain('Confirmed');
    await expect.poll(() => statusOptions(dialog).then((o) => o.values)).toEqual(['processing', 'cancelled']);
    await expect(dialog.getByRole('alert').textContent()).resolves.toContain('changed elsewhere');

    await dialog.getByRole('button', { name: 'Update status' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('is now Processing');
  } finally {
    await context.close();
  }
});
