/**
 * The seller's dashboard in the browser: tabs with live counts, new orders arriving by
 * push, the update dialog (legal moves only, shipment details, version conflicts) and the
 * order view with its history.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createProduct, placeOrder, registerBuyer, registerSeller, setStatus, type Actor } from '../support/factories.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { DESKTOP, MOBILE, countLoads, hasFocus, openPage, type Viewport } from './support/contexts.js';
import { filterTab, orderRow, statusOptions, tabCounts, updateButton, updateDialog } from './support/seller-dashboard.js';

const web = useWebServerAndBrowser();

const TABS = ['All', 'Pending', 'Confirmed', 'Processing', 'Shipped', 'Delivered', 'Cancelled', 'Returned'] as const;

/** A seller with one product, a buyer, and `orders` pending orders already placed. */
async function sellerWithOrders(orders: number) {
  const [seller, buyer] = await Promise.all([registerSeller(web.server.url), registerBuyer(web.server.url, { first_name: 'Ada', last_name: 'Lovelace' })]);
  const product = await createProduct(seller, { name: 'Dashboard Desk Lamp', price: 4200, stock: 50 });
  const placed = [];
  for (let i = 0; i < orders; i++) placed.push(await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]));
  return { seller, buyer, product, placed };
}

async function openDashboard(seller: Actor, viewport: Viewport = DESKTOP): Promise<{ page: Page; close: () => Promise<void>; loads: () => number }> {
  const { context, page } = await openPage(web.browser, web.server.url, { as: seller, viewport });
  const loads = countLoads(page);
  await page.goto(`${web.server.url}/seller-dashboard`);
  await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
  // Pushes reach the page once its socket is in the seller's room.
  await page.getByText('Live', { exact: true }).waitFor();
  return { page, close: () => context.close(), loads };
}

/**
 * The seller switches to another window: Chromium under Playwright keeps every page focused,
 * so the page is told so the way the browser would tell it (focus lost, a blur event).
 */
async function lookAway(page: Page): Promise<void> {
  await page.evaluate(() => {
    Document.prototype.hasFocus = () => false;
    window.dispatchEvent(new Event('blur'));
  });
}

async function lookBack(page: Page): Promise<void> {
  await page.evaluate(() => {
    Document.prototype.hasFocus = () => true;
    window.dispatchEvent(new Event('focus'));
  });
}

/** Everything a row says: number, customer, date, total, status and its buttons' names. */
async function rowText(page: Page, orderNumber: string): Promise<string> {
  return (await orderRow(page, orderNumber).textContent()) ?? '';
}

/** The order numbers the table lists, sorted (the row headers). */
async function orderNumbersShown(page: Page): Promise<string[]> {
  const numbers = await page.getByRole('table', { name: /orders/i }).getByRole('rowheader').allTextContents();
  return numbers.map((text) => text.trim()).sort();
}

describe('seller dashboard', () => {
  it('shows filter tabs with counts and the orders table; a new order appears without a reload', async () => {
    const { seller, buyer, product, placed } = await sellerWithOrders(1);
    const first = placed[0];
    if (!first) throw new Error('no order');
    const { page, close, loads } = await openDashboard(seller);

    await page.getByRole('navigation', { name: 'Seller dashboard' }).getByRole('link', { name: /Orders/ }).waitFor();
    await expect.poll(() => tabCounts(page, TABS)).toEqual({ All: 1, Pending: 1, Confirmed: 0, Processing: 0, Shipped: 0, Delivered: 0, Cancelled: 0, Returned: 0 });
    const headers = await page.getByRole('table', { name: /orders/i }).getByRole('columnheader').allTextContents();
    expect(headers.map((text) => text.trim())).toEqual(['Selected', 'Order #', 'Customer', 'Placed', 'Items', 'Total', 'Status', 'Actions']);
    const firstRow = await rowText(page, first.order_number);
    expect(firstRow).toContain('Ada Lovelace');
    expect(firstRow).toContain('$42.00');
    expect(firstRow).toContain('Pending');
    await orderRow(page, first.order_number).getByRole('link', { name: `View order ${first.order_number}` }).waitFor();
    await updateButton(page, first.order_number).waitFor();

    const second = await placeOrder(buyer, [{ product_id: product.id, quantity: 2 }]);
    await orderRow(page, second.order_number).waitFor({ timeout: 5_000 });
    await expect.poll(() => tabCounts(page, ['All', 'Pending'])).toEqual({ All: 2, Pending: 2 });
    expect(await rowText(page, second.order_number)).toContain('$84.00');
    await page.getByRole('status').filter({ hasText: `New order ${second.order_number}` }).waitFor();
    expect(loads(), 'the new order arrived without a reload').toBe(1);
    await close();
  });

  it('a buyer’s new order raises the count in the seller’s tab title while the seller is away, also across a reload; looking in another tab clears it', async () => {
    const { seller, buyer, product } = await sellerWithOrders(1);
    const { page, close, loads } = await openDashboard(seller);
    const listTitle = 'All orders · Seller dashboard · OrderPulse';
    await expect.poll(() => page.title()).toBe(listTitle);

    // Looking at the dashboard: a new order is seen as it arrives.
    const seen = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await orderRow(page, seen.order_number).waitFor();
    expect(await page.title()).toBe(listTitle);

    await lookAway(page);
    await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await expect.poll(() => page.title()).toBe('(1) Orders — OrderPulse');
    await placeOrder(buyer, [{ product_id: product.id, quantity: 2 }]);
    await expect.poll(() => page.title()).toBe('(2) Orders — OrderPulse');
    expect(loads(), 'counted without a reload').toBe(1);
    await screenshot(page, 'seller-dashboard-new-order-title', { fullPage: false });

    // Reloaded while still away (say the browser restored the tab in the background): the
    // count starts from when the seller last looked, not from zero.
    await page.context().addInitScript(() => {
      Document.prototype.hasFocus = () => false;
    });
    await page.reload();
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    await expect.poll(() => page.title()).toBe('(2) Orders — OrderPulse');

    await lookBack(page);
    await expect.poll(() => page.title()).toBe(listTitle);

    // Seen in another tab of the dashboard is seen: this tab's count clears too.
    await lookAway(page);
    await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await expect.poll(() => page.title()).toBe('(1) Orders — OrderPulse');
    const other = await page.context().newPage();
    await other.goto(`${web.server.url}/seller-dashboard`);
    await other.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    await lookBack(other);
    await expect.poll(() => page.title()).toBe(listTitle);
    await other.close();
    await lookBack(page);

    // The chime is off until the seller turns it on, and stays as they left it.
    const sound = page.getByRole('checkbox', { name: 'Sound for new orders' });
    expect(await sound.isChecked()).toBe(false);
    await sound.check();
    await page.reload();
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Sound for new orders' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: /Enable notifications/ }).waitFor();

    // With the sound on, a new order plays the chime (Web Audio) and the page carries on.
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Off and on again: the click is the gesture a browser wants before a page may play audio.
    await page.getByRole('checkbox', { name: 'Sound for new orders' }).uncheck();
    await page.getByRole('checkbox', { name: 'Sound for new orders' }).check();
    await lookAway(page);
    const chimed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
    await expect.poll(() => page.title()).toBe('(1) Orders — OrderPulse');
    await orderRow(page, chimed.order_number).waitFor();
    expect(errors).toEqual([]);
    await close();
  });

  it('at 375 px the first order is on the first screen; status and filters sit in a compact control, usable by keyboard', async () => {
    const { seller, product, placed } = await sellerWithOrders(2);
    const grace = await registerBuyer(web.server.url, { first_name: 'Grace', last_name: 'Hopper' });
    const graceOrder = await placeOrder(grace, [{ product_id: product.id, quantity: 1 }]);
    const [first] = placed;
    if (!first) throw new Error('no orders');
    await setStatus(seller, first.order_id, 'confirmed');
    const { page, close, loads } = await openDashboard(seller, MOBILE);

    // Newest first: Grace's order is the first row, and its top is inside the first screen.
    const firstRow = orderRow(page, graceOrder.order_number);
    await firstRow.waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const rowBox = await firstRow.boundingBox();
    expect(rowBox, 'the first order row has a box').not.toBeNull();
    expect(rowBox?.y ?? Infinity, 'the first order row starts within the first viewport').toBeLessThan(MOBILE.height);
    // The eight tab links are not shown on a phone; the section menu is a compact one above the orders.
    expect(await page.getByRole('navigation', { name: 'Filter orders by status' }).isVisible()).toBe(false);
    const sectionsBox = await page.getByRole('navigation', { name: 'Seller dashboard' }).boundingBox();
    expect((sectionsBox?.y ?? Infinity) + (sectionsBox?.height ?? 0)).toBeLessThan(rowBox?.y ?? -1);
    await screenshot(page, 'seller-dashboard-375', { fullPage: false });

    // The status select, by keyboard.
    const status = page.getByRole('combobox', { name: 'Status' });
    await status.focus();
    await expect(status.evaluate((select) => (select instanceof HTMLSelectElement ? [...select.options].map((o) => o.textContent) : []))).resolves.toEqual([
      'All (3)',
      'Pending (2)',
      'Confirmed (1)',
      'Processing (0)',
      'Shipped (0)',
      'Delivered (0)',
      'Cancelled (0)',
      'Returned (0)',
    ]);
    await status.selectOption('confirmed');
    await page.waitForURL(/\?status=confirmed$/);
    await expect.poll(() => orderNumbersShown(page)).toEqual([first.order_number]);
    await status.selectOption('all');
    await expect.poll(() => orderNumbersShown(page)).toHaveLength(3);

    // Search, sort and days wait behind one "Filters" button, opened from the keyboard.
    const toggle = page.getByRole('button', { name: 'Filters' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const search = page.getByRole('searchbox', { name: 'Search orders' });
    expect(await search.isVisible()).toBe(false);
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await hasFocus(search), 'Tab from the button goes into what it opened').toBe(true);
    await page.keyboard.type('Grace');
    await page.keyboard.press('Enter');
    await page.waitForURL(/[?&]q=Grace/);
    await expect.poll(() => orderNumbersShown(page)).toEqual([graceOrder.order_number]);
    await page.getByRole('combobox', { name: 'Sort' }).waitFor();
    await screenshot(page, 'seller-dashboard-375-filters', { fullPage: false });
    // The closed button still says a filter is on.
    await toggle.click();
    await expect.poll(() => toggle.textContent()).toMatch(/Filters\s*1 applied/);
    expect(loads()).toBe(1);
    await close();
  });

  it('[Update] offers only Confirmed and Cancelled for a pending order; Confirmed succeeds and the badge follows', async () => {
    const { seller, placed } = await sellerWithOrders(1);
    const order = placed[0];
    if (!order) throw new Error('no order');
    const { page, close, loads } = await openDashboard(seller);

    await updateButton(page, order.order_number).click();
    const dialog = updateDialog(page, order.order_number);
    await dialog.waitFor();
    await expect(dialog.getAttribute('aria-modal')).resolves.toBe('true');
    await expect(dialog.textContent()).resolves.toContain('Current status: Pending');
    await expect(statusOptions(dialog)).resolves.toEqual({ values: ['confirmed', 'cancelled'], labels: ['Confirmed', 'Cancelled'] });
    await expect(dialog.getByLabel('Carrier').count()).resolves.toBe(0);

    await dialog.getByLabel('New status').selectOption('confirmed');
    await dialog.getByRole('button', { name: 'Update status' }).click();
    await dialog.getByRole('status').filter({ hasText: `Order ${order.order_number} is now Confirmed` }).waitFor();
    await screenshot(page, 'seller-update-modal-success');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => rowText(page, order.order_number)).toMatch(/Confirmed/);
    expect(await rowText(page, order.order_number)).not.toMatch(/Pending/);
    await expect.poll(() => tabCounts(page, ['All', 'Pending', 'Confirmed'])).toEqual({ All: 1, Pending: 0, Confirmed: 1 });
    const api = await seller.client.get<{ order: { status: string } }>(`/api/orders/${order.order_number}`);
    expect(api.body.order.status).toBe('confirmed');
    expect(loads()).toBe(1);
    await close();
  });

  it('shipping asks for carrier and tracking number; View shows the order with its history, notes and messages', async () => {
    const { seller, placed } = await sellerWithOrders(1);
    const order = placed[0];
    if (!order) throw new Error('no order');
    await setStatus(seller, order.order_id, 'confirmed');
    await setStatus(seller, order.order_id, 'processing', { note: 'Packing it today' });
    const { page, close } = await openDashboard(seller);

    await expect.poll(() => rowText(page, order.order_number)).toMatch(/Processing/);
    await updateButton(page, order.order_number).click();
    const dialog = updateDialog(page, order.order_number);
    await dialog.waitFor();
    await expect(statusOptions(dialog)).resolves.toEqual({ values: ['shipped', 'cancelled'], labels: ['Shipped', 'Cancelled'] });
    await dialog.getByLabel('New status').selectOption('shipped');
    await dialog.getByRole('group', { name: 'Shipment' }).waitFor();
    await dialog.getByLabel('Carrier', { exact: true }).selectOption({ label: 'UPS' });
    await dialog.getByLabel('Tracking number').fill('1Z999AA10123456784');
    await dialog.getByLabel(/Internal note/).fill('Left the warehouse');
    await dialog.getByLabel(/Message to the buyer/).fill('On its way to you');
    await screenshot(page, 'seller-update-modal-shipping');
    await dialog.getByRole('button', { name: 'Update status' }).click();
    await dialog.getByRole('status').filter({ hasText: `Order ${order.order_number} is now Shipped` }).waitFor();
    // Now shipped, the dialog offers the next legal moves and no shipment fields.
    await expect.poll(() => statusOptions(dialog)).toEqual({ values: ['delivered', 'returned'], labels: ['Delivered', 'Returned'] });
    await expect(dialog.getByLabel('Carrier').count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => rowText(page, order.order_number)).toMatch(/Shipped/);

    await orderRow(page, order.order_number).getByRole('link', { name: `View order ${order.order_number}` }).click();
    await page.waitForURL(/[?&]view=/);
    await page.getByRole('heading', { name: order.order_number, level: 1 }).waitFor();
    const history = page.getByRole('region', { name: 'History' });
    await expect
      .poll(async () => (await history.getByRole('listitem').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim()))
      .toEqual([
        expect.stringMatching(/^\W*Shipped.*“On its way to you”\s*Internal note: Left the warehouse$/),
        expect.stringMatching(/^\W*Processing.*Internal note: Packing it today$/),
        expect.stringMatching(/^\W*Confirmed/),
        expect.stringMatching(/^\W*Pending/),
      ]);
    // The shipment as the buyer sees it: the carrier, and the tracking number linked to UPS.
    await page.getByText(/Carrier:\s*UPS/).waitFor();
    await expect(page.getByRole('link', { name: /1Z999AA10123456784/ }).getAttribute('href')).resolves.toBe(
      'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    );
    await expect(page.getByRole('table', { name: 'Items in this order' }).textContent()).resolves.toContain('Dashboard Desk Lamp');
    await expect(page.getByRole('region', { name: 'Items' }).textContent()).resolves.toContain('Ada Lovelace');
    await screenshot(page, 'seller-order-view');
    await page.getByRole('link', { name: 'Back to orders' }).click();
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    await close();
  });

  it('a filter tab shows only its orders and follows pushes; search finds a customer', async () => {
    const { seller, product, placed } = await sellerWithOrders(2);
    const grace = await registerBuyer(web.server.url, { first_name: 'Grace', last_name: 'Hopper' });
    const graceOrder = await placeOrder(grace, [{ product_id: product.id, quantity: 1 }]);
    const [first, second] = placed;
    if (!first || !second) throw new Error('no orders');
    await setStatus(seller, first.order_id, 'confirmed');
    const { page, close, loads } = await openDashboard(seller);

    await filterTab(page, 'Pending').click();
    await page.waitForURL(/\?status=pending$/);
    await page.getByRole('table', { name: 'Pending orders, page 1' }).waitFor();
    await expect(filterTab(page, 'Pending').getAttribute('aria-current')).resolves.toBe('page');
    await expect.poll(() => orderNumbersShown(page)).toEqual([graceOrder.order_number, second.order_number].sort());

    // Confirmed elsewhere: it leaves the Pending list by itself.
    await setStatus(seller, second.order_id, 'confirmed');
    await expect.poll(() => orderNumbersShown(page)).toEqual([graceOrder.order_number]);
    await expect.poll(() => tabCounts(page, ['All', 'Pending', 'Confirmed'])).toEqual({ All: 3, Pending: 1, Confirmed: 2 });

    await filterTab(page, 'All').click();
    await page.getByRole('table', { name: 'All orders, page 1' }).waitFor();
    const search = page.getByRole('searchbox', { name: 'Search orders' });
    await search.fill('Grace');
    await search.press('Enter');
    await page.waitForURL(/[?&]q=Grace/);
    await expect.poll(() => orderNumbersShown(page)).toEqual([graceOrder.order_number]);
    await page.getByRole('link', { name: 'Clear search' }).click();
    await expect.poll(() => orderNumbersShown(page)).toHaveLength(3);
    expect(loads()).toBe(1);
    await close();
  });

  it('a change made while the dialog is open (another tab, a colleague) shows in it at once, before the seller sends anything', async () => {
    const { seller, placed } = await sellerWithOrders(1);
    const order = placed[0];
    if (!order) throw new Error('no order');
    const { page, close } = await openDashboard(seller);

    await updateButton(page, order.order_number).click();
    const dialog = updateDialog(page, order.order_number);
    await dialog.waitFor();
    await expect(statusOptions(dialog)).resolves.toEqual({ values: ['confirmed', 'cancelled'], labels: ['Confirmed', 'Cancelled'] });

    // Another tab (or a colleague) confirms it meanwhile.
    await setStatus(seller, order.order_id, 'confirmed');
    await expect.poll(() => rowText(page, order.order_number)).toMatch(/Confirmed/);

    // The push reaches the dialog: it says what happened and its choices follow the new status.
    // (A change the dialog has not heard of yet still meets the server's version check: the
    // dialog's unit tests cover that conflict.)
    const alert = dialog.getByRole('alert');
    await alert.filter({ hasText: /changed elsewhere/i }).waitFor();
    await expect(alert.textContent()).resolves.toContain('it is now Confirmed');
    await screenshot(page, 'seller-update-modal-conflict');
    await expect.poll(() => statusOptions(dialog)).toEqual({ values: ['processing', 'cancelled'], labels: ['Processing', 'Cancelled'] });
    await expect(dialog.textContent()).resolves.toContain('Current status: Confirmed');
    await close();
  });
});
