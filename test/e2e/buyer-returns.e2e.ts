/**
 * Buyer returns in the browser: the buyer asks on the order's page, the seller sees the request
 * arrive on the Returns page (its count too) and decides in the dialog, and the buyer's page,
 * still open, shows the decision (and the tracker Returned after an approval) without a reload.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { ProductBody } from '../../server/contract/api.js';
import { advanceTo, createProduct, placeOrder, registerBuyer, registerSeller, type Actor } from '../support/factories.js';
import { axeViolations, BLOCKING_IMPACTS, describeFindings } from './support/axe.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { DESKTOP, MOBILE, countLoads, hasFocus, openPage, type Viewport } from './support/contexts.js';

const web = useWebServerAndBrowser();

/** A seller's product, and a buyer's order of two of it, delivered. */
async function deliveredOrder(productName: string) {
  const [seller, buyer] = await Promise.all([
    registerSeller(web.server.url, { store_name: 'Harbor Goods' }),
    registerBuyer(web.server.url, { first_name: 'Ada', last_name: 'Lovelace' }),
  ]);
  const product = await createProduct(seller, { name: productName, price: 3100, stock: 10 });
  const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 2 }]);
  await advanceTo(seller, placed.order_id, 'delivered');
  return { seller, buyer, product, orderNumber: placed.order_number };
}

/** A page of `who`'s at `path`, once it shows `heading` and its socket is live (pushes reach it from then on). */
async function openLive(who: Actor, path: string, heading: string, viewport: Viewport) {
  const { context, page } = await openPage(web.browser, web.server.url, { as: who, viewport, bypassCSP: true });
  const loads = countLoads(page);
  await page.goto(web.server.url + path);
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  await page.getByText('Live', { exact: true }).first().waitFor();
  return { page, loads, close: () => context.close() };
}

const returnsTab = (page: Page, label: string) => page.getByRole('navigation', { name: 'Filter return requests' }).getByRole('link', { name: new RegExp(`^${label}`) });

/** The number a Returns tab shows ("Open 2 requests" → 2). */
async function tabCount(page: Page, label: string): Promise<number> {
  const match = /(\d+)\s*requests?$/.exec(((await returnsTab(page, label).textContent()) ?? '').trim());
  return match ? Number(match[1]) : Number.NaN;
}

/** The sidebar's Returns link, which counts the open requests ("Returns 1 open"). */
const returnsLink = (page: Page) => page.getByRole('navigation', { name: 'Seller dashboard' }).getByRole('link', { name: /Returns/ });
const returnPanel = (page: Page) => page.locator('.return-panel');
const requestRow = (page: Page, orderNumber: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: orderNumber }) });

async function stockOf(product: ProductBody): Promise<number> {
  const res = await fetch(`${web.server.url}/api/products/${product.id}`);
  const body = (await res.json()) as { product: ProductBody };
  return body.product.stock;
}

async function expectNoBlockingAxeFindings(page: Page, what: string): Promise<void> {
  const blocking = (await axeViolations(page)).filter((finding) => BLOCKING_IMPACTS.includes(finding.impact));
  expect(blocking, `${what}:\n${describeFindings(blocking)}`).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page, viewport: Viewport, what: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${what} scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(viewport.width);
}

/** The buyer fills and sends the return form of the order page. */
async function askForReturn(page: Page, orderNumber: string, reason: string, message: string | null): Promise<void> {
  await page.getByRole('button', { name: 'Return this order' }).click();
  const form = page.getByRole('form', { name: `Return order ${orderNumber}` });
  await expect.poll(() => hasFocus(form.getByLabel('Reason')), { message: 'the form opens on its first field' }).toBe(true);
  await form.getByLabel('Reason').selectOption({ label: reason });
  if (message !== null) await form.getByLabel(/Message to the seller/).fill(message);
}

it('at 1440 px: the buyer asks, the seller sees it arrive with the count and approves with restock; the buyer’s open page shows Return approved and the tracker Returned', async () => {
  const { seller, buyer, product, orderNumber } = await deliveredOrder('Returnable Linen Shirt');
  expect(await stockOf(product)).toBe(8);
  const sellerPage = await openLive(seller, '/seller-dashboard/returns', 'Returns', DESKTOP);
  const buyerPage = await openLive(buyer, `/order-confirmation/${orderNumber}`, orderNumber, DESKTOP);
  await expect.poll(() => tabCount(sellerPage.page, 'Open')).toBe(0);

  await askForReturn(buyerPage.page, orderNumber, 'Arrived damaged', 'The collar was torn.');
  await screenshot(buyerPage.page, 'return-form-1440');
  await expectNoBlockingAxeFindings(buyerPage.page, 'the order page with the return form open');
  await buyerPage.page.getByRole('button', { name: 'Request return' }).click();
  await returnPanel(buyerPage.page).filter({ hasText: 'Return requested on' }).waitFor();
  await expect.poll(() => hasFocus(returnPanel(buyerPage.page)), { message: 'focus moves to the request’s status' }).toBe(true);
  await expect(buyerPage.page.getByRole('button', { name: 'Return this order' }).count()).resolves.toBe(0);

  // The seller's page, untouched: the request arrives by push, with the counts.
  const row = requestRow(sellerPage.page, orderNumber);
  await row.waitFor();
  await expect(row.textContent()).resolves.toMatch(/Ada Lovelace.*Arrived damaged.*The collar was torn\..*Open/);
  await expect.poll(() => tabCount(sellerPage.page, 'Open')).toBe(1);
  await expect.poll(() => returnsLink(sellerPage.page).textContent()).toContain('1 open');
  await screenshot(sellerPage.page, 'seller-returns-1440');
  await expectNoBlockingAxeFindings(sellerPage.page, 'the Returns page with an open request');

  // Approving, by keyboard: the dialog opens on the restock box.
  await row.getByRole('button', { name: `Approve return of ${orderNumber}` }).focus();
  await sellerPage.page.keyboard.press('Enter');
  const dialog = sellerPage.page.getByRole('dialog', { name: `Approve return of ${orderNumber}` });
  await dialog.waitFor();
  const restock = dialog.getByLabel('Put the order’s items back in stock');
  await expect.poll(() => hasFocus(restock)).toBe(true);
  await sellerPage.page.keyboard.press('Space');
  await expect(restock.isChecked()).resolves.toBe(true);
  await sellerPage.page.keyboard.press('Tab');
  await sellerPage.page.keyboard.type('Refund on its way.');
  await screenshot(sellerPage.page, 'return-approve-dialog-1440', { fullPage: false });
  await expectNoBlockingAxeFindings(sellerPage.page, 'the approve dialog');
  await dialog.getByRole('button', { name: 'Approve return' }).focus();
  await sellerPage.page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await sellerPage.page.getByText('No return requests are waiting for you.', { exact: false }).waitFor();
  await expect.poll(() => tabCount(sellerPage.page, 'Approved')).toBe(1);
  await expect.poll(() => returnsLink(sellerPage.page).textContent()).not.toContain('open');
  await expect.poll(() => hasFocus(sellerPage.page.getByRole('heading', { name: 'Returns', level: 1 }))).toBe(true);

  // The buyer's page, never reloaded, follows: the decision, then the tracker.
  const approved = returnPanel(buyerPage.page).filter({ hasText: 'Return approved' });
  await approved.waitFor();
  await expect(approved.textContent()).resolves.toContain('Message from the seller: Refund on its way.');
  await expect(approved.textContent()).resolves.not.toMatch(/stock/i);
  const tracker = buyerPage.page.getByRole('region', { name: 'Order progress' });
  await tracker.getByRole('status').filter({ hasText: 'This order was returned' }).waitFor();
  await expect(tracker.locator('[aria-current="step"]').textContent()).resolves.toContain('Returned');
  expect(buyerPage.loads()).toBe(1);
  expect(sellerPage.loads()).toBe(1);
  await screenshot(buyerPage.page, 'order-return-approved-1440');
  await expectNoBlockingAxeFindings(buyerPage.page, 'the order page with the approved return');

  expect(await stockOf(product)).toBe(10);
  await Promise.all([buyerPage.close(), sellerPage.close()]);
});

it('at 375 px: a declined return shows the seller’s message on the buyer’s open page; the order stays delivered and can be asked for again', async () => {
  const { seller, buyer, product, orderNumber } = await deliveredOrder('Returnable Wool Scarf');
  const sellerPage = await openLive(seller, '/seller-dashboard/returns', 'Returns', MOBILE);
  const buyerPage = await openLive(buyer, `/order-confirmation/${orderNumber}`, orderNumber, MOBILE);

  await askForReturn(buyerPage.page, orderNumber, 'No longer needed', null);
  await screenshot(buyerPage.page, 'return-form-375');
  await buyerPage.page.getByRole('button', { name: 'Request return' }).click();
  await returnPanel(buyerPage.page).filter({ hasText: 'Return requested on' }).waitFor();
  await expectNoSidewaysScroll(buyerPage.page, MOBILE, 'the order page with a request');

  const row = requestRow(sellerPage.page, orderNumber);
  await row.waitFor();
  await expect.poll(() => tabCount(sellerPage.page, 'Open')).toBe(1);
  await expectNoSidewaysScroll(sellerPage.page, MOBILE, 'the Returns page');
  await screenshot(sellerPage.page, 'seller-returns-375');
  await expectNoBlockingAxeFindings(sellerPage.page, 'the Returns page at 375 px');

  await row.getByRole('button', { name: `Decline return of ${orderNumber}` }).click();
  const dialog = sellerPage.page.getByRole('dialog', { name: `Decline return of ${orderNumber}` });
  const message = dialog.getByLabel(/Message to the buyer/);
  await expect.poll(() => hasFocus(message)).toBe(true);
  // Declining needs a reason for the buyer: without one nothing is sent.
  await dialog.getByRole('button', { name: 'Decline return' }).click();
  await dialog.getByText('Tell the buyer why you are declining their return.').waitFor();
  await expect(message.getAttribute('aria-invalid')).resolves.toBe('true');
  await message.fill('Scarves cannot be returned once worn.');
  await screenshot(sellerPage.page, 'return-decline-dialog-375', { fullPage: false });
  await expectNoBlockingAxeFindings(sellerPage.page, 'the decline dialog at 375 px');
  await dialog.getByRole('button', { name: 'Decline return' }).click();
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => tabCount(sellerPage.page, 'Declined')).toBe(1);
  await expect.poll(() => tabCount(sellerPage.page, 'Open')).toBe(0);

  const declined = returnPanel(buyerPage.page).filter({ hasText: 'Return declined' });
  await declined.waitFor();
  await expect(declined.textContent()).resolves.toContain('Message from the seller: Scarves cannot be returned once worn.');
  const tracker = buyerPage.page.getByRole('region', { name: 'Order progress' });
  await expect(tracker.getAttribute('data-status')).resolves.toBe('delivered');
  // A declined request leaves the window open: the buyer may ask again.
  await buyerPage.page.getByRole('button', { name: 'Return this order' }).waitFor();
  expect(buyerPage.loads()).toBe(1);
  await expectNoSidewaysScroll(buyerPage.page, MOBILE, 'the order page with the declined return');
  await screenshot(buyerPage.page, 'order-return-declined-375');
  await expectNoBlockingAxeFindings(buyerPage.page, 'the order page with the declined return at 375 px');

  expect(await stockOf(product)).toBe(8);
  await Promise.all([buyerPage.close(), sellerPage.close()]);
});
