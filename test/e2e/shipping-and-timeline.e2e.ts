/**
 * Shipping as a seller does it in the update dialog (a carrier from the list or another one,
 * the tracking number, a message to the buyer) and what the buyer's open order page makes of
 * it without a reload: the carrier's tracking link, "Arriving …" until delivered, and the
 * timeline under the tracker, newest first with the seller's messages and never their notes.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { OrderStatusBody } from '../../server/contract/api.js';
import { advanceTo, createProduct, placeOrder, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { countLoads, DESKTOP, MOBILE, openPage, type Viewport } from './support/contexts.js';
import { updateButton, updateDialog } from './support/seller-dashboard.js';

const web = useWebServerAndBrowser();

/** A processing order, its seller's dashboard and its buyer's order page, both live. */
async function readyToShip(buyerViewport: Viewport) {
  const [seller, buyer] = await Promise.all([registerSeller(web.server.url), registerBuyer(web.server.url)]);
  const product = await createProduct(seller, { name: 'Parcel Test Kettle', price: 3900 });
  const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
  await advanceTo(seller, placed.order_id, 'processing');

  const sellerSide = await openPage(web.browser, web.server.url, { as: seller });
  await sellerSide.page.goto(`${web.server.url}/seller-dashboard`);
  await sellerSide.page.getByText('Live', { exact: true }).waitFor();

  const buyerSide = await openPage(web.browser, web.server.url, { as: buyer, viewport: buyerViewport });
  const loads = countLoads(buyerSide.page);
  await buyerSide.page.goto(`${web.server.url}/order-confirmation/${placed.order_number}`);
  await buyerSide.page.getByText('Live', { exact: true }).waitFor();

  const close = async () => {
    await sellerSide.context.close();
    await buyerSide.context.close();
  };
  return { seller, buyer, placed, sellerPage: sellerSide.page, buyerPage: buyerSide.page, loads, close };
}

async function openUpdateDialog(page: Page, orderNumber: string) {
  await updateButton(page, orderNumber).click();
  const dialog = updateDialog(page, orderNumber);
  await dialog.waitFor();
  await dialog.getByLabel('New status').selectOption('shipped');
  return dialog;
}

/** The tracker's live region: its status, message and expected arrival. */
const trackerStatus = (page: Page) => page.locator('.tracker').getByRole('status');

/** The timeline's entries, newest first, as their text. */
async function timeline(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: /newest first/ });
  return (await list.getByRole('listitem').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/** "Tue 15 – Thu 17 Dec" for a window in one month (the app's own phrase, restated). */
function arrivalPhrase(window: { earliest: string; latest: string }): RegExp {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
  const month = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'short', timeZone: 'UTC' });
  return new RegExp(`Arriving ${day(window.earliest)}( ${month(window.earliest)})? – ${day(window.latest)} ${month(window.latest)}`);
}

describe('shipping and the buyer’s timeline', () => {
  it.each([DESKTOP, MOBILE])('a listed carrier gives the buyer a working tracking link and an arrival window, live (%s)', async (viewport) => {
    const { seller, buyer, placed, sellerPage, buyerPage, loads, close } = await readyToShip(viewport);
    // The carrier's site is not reachable from a test machine: its page is stood in for here.
    await buyerPage.context().route('https://www.ups.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>UPS tracking</title><h1>UPS tracking</h1>' }),
    );

    const dialog = await openUpdateDialog(sellerPage, placed.order_number);
    const carrier = dialog.getByLabel('Carrier', { exact: true });
    await expect.poll(() => carrier.getByRole('option').allTextContents()).toEqual(expect.arrayContaining(['UPS', 'Royal Mail', 'Other carrier']));
    await carrier.selectOption({ label: 'UPS' });
    await dialog.getByLabel('Tracking number').fill('1Z 999/AA1');
    await dialog.getByLabel(/Message to the buyer/).fill('Your kettle is on its way!');
    await dialog.getByLabel(/Internal note/).fill('SECRET-NOTE fragile, double box');
    if (viewport === DESKTOP) await screenshot(sellerPage, 'shipping-update-modal-carrier', { fullPage: false });
    await dialog.getByRole('button', { name: 'Update status' }).click();
    await dialog.getByRole('status').filter({ hasText: 'is now Shipped' }).waitFor();

    // The buyer's page follows by push: tracker, link, window and timeline.
    await buyerPage.getByRole('status').filter({ hasText: 'Your order is on its way' }).waitFor();
    const body = (await buyer.client.get<OrderStatusBody>(`/api/order-status/${placed.order_id}`)).body;
    const window = body.shipment.estimated_delivery;
    if (!window) throw new Error('a listed carrier gives a default window');
    await expect.poll(() => trackerStatus(buyerPage).textContent()).toMatch(arrivalPhrase(window));
    const link = buyerPage.getByRole('link', { name: /1Z 999\/AA1/ });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(body.shipment.tracking_url);
    expect(await link.getAttribute('href')).toContain(encodeURIComponent('1Z 999/AA1'));
    await expect.poll(() => timeline(buyerPage)).toEqual([
      expect.stringMatching(/^\W*Shipped.*“Your kettle is on its way!”$/),
      expect.stringMatching(/^\W*Processing/),
      expect.stringMatching(/^\W*Confirmed/),
      expect.stringMatching(/^\W*Pending/),
    ]);
    expect(await buyerPage.content()).not.toContain('SECRET-NOTE');
    expect(loads()).toBe(1);
    await screenshot(buyerPage, `shipping-buyer-tracker-${viewport.name}`);

    // The link opens the carrier's page for this parcel, in a new tab.
    const [carrierTab] = await Promise.all([buyerPage.waitForEvent('popup'), link.click()]);
    await carrierTab.waitForLoadState();
    expect(carrierTab.url()).toBe(body.shipment.tracking_url);
    await carrierTab.getByRole('heading', { name: 'UPS tracking' }).waitFor();
    await carrierTab.close();

    // Delivered: the window goes, the link stays, the timeline grows.
    await setStatus(seller, placed.order_id, 'delivered', { buyer_message: 'Enjoy your tea' });
    await buyerPage.getByRole('status').filter({ hasText: 'delivered' }).waitFor();
    await expect.poll(() => trackerStatus(buyerPage).textContent()).not.toMatch(/Arriving/);
    await link.waitFor();
    await expect.poll(async () => (await timeline(buyerPage))[0]).toMatch(/^\W*Delivered.*“Enjoy your tea”$/);
    expect(loads()).toBe(1);
    await close();
  });

  it('asks before shipping without a tracking number; another carrier has no link', async () => {
    const { placed, sellerPage, buyerPage, close } = await readyToShip(DESKTOP);
    const dialog = await openUpdateDialog(sellerPage, placed.order_number);
    await dialog.getByLabel('Carrier', { exact: true }).selectOption({ label: 'Other carrier' });
    await dialog.getByLabel('Carrier name').fill('Village Bike Courier');
    await dialog.getByRole('button', { name: 'Update status' }).click();

    const question = dialog.getByRole('alert').filter({ hasText: 'No tracking number' });
    await question.waitFor();
    await expect.poll(() => dialog.getByRole('button', { name: 'Ship without tracking number' }).evaluate((b) => b === document.activeElement)).toBe(true);
    await screenshot(sellerPage, 'shipping-without-tracking-confirm', { fullPage: false });
    // Nothing was sent yet: the buyer's page still says processing.
    await buyerPage.getByRole('status').filter({ hasText: 'being prepared' }).waitFor();

    await dialog.getByRole('button', { name: 'Add a tracking number' }).click();
    await question.waitFor({ state: 'detached' });
    expect(await dialog.getByLabel('Tracking number').evaluate((input) => input === document.activeElement)).toBe(true);
    await dialog.getByRole('button', { name: 'Update status' }).click();
    await dialog.getByRole('button', { name: 'Ship without tracking number' }).click();
    await dialog.getByRole('status').filter({ hasText: 'is now Shipped' }).waitFor();

    await buyerPage.getByRole('status').filter({ hasText: 'Your order is on its way' }).waitFor();
    await buyerPage.getByText('Carrier: Village Bike Courier').waitFor();
    expect(await buyerPage.locator('.tracker').getByRole('link').count()).toBe(0);
    expect(await trackerStatus(buyerPage).textContent()).not.toMatch(/Arriving/);
    await close();
  });
});
