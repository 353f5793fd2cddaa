/**
 * A buyer's whole visit in the browser: register, find a product, choose its options, fill
 * the cart, check out, and land on the order's live tracker; plus screenshots of every page.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuyerOrderSummary } from '../../server/contract/api.js';
import { addToCart, createProduct, PASSWORD, registerBuyer, registerSeller } from '../support/factories.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { countLoads, deferred, openPage, VIEWPORTS } from './support/contexts.js';
import { buildTourScenario, TOUR_STOPS, walkTour, type TourScenario } from './support/page-tour.js';

const web = useWebServerAndBrowser();

/** The buyer's orders as the API has them, asked with the browser's own session cookie. */
async function ordersOfBrowserUser(page: Page): Promise<BuyerOrderSummary[]> {
  const res = await page.context().request.get(`${web.server.url}/api/user-orders-detailed`);
  expect(res.status(), await res.text()).toBe(200);
  const body: { orders: BuyerOrderSummary[] } = await res.json();
  return body.orders;
}

/** The header's cart link: its text says how many items the cart holds. */
const cartLink = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /cart/i });

async function fillShippingAddress(page: Page): Promise<void> {
  await page.getByLabel('Street address').fill('12 Harbour Lane');
  await page.getByLabel('City').fill('Portsmouth');
  await page.getByLabel('Postal code').fill('PO1 3AX');
  await page.getByLabel('Country').fill('United Kingdom');
}

describe('buyer journey', () => {
  it('registers, finds a product, fills the cart, checks out and sees the order at Pending', async () => {
    const tag = randomUUID().slice(0, 6);
    const seller = await registerSeller(web.server.url, { store_name: `Northwind ${tag}` });
    const jacketName = `Aurora Rain Jacket ${tag}`;
    const jacket = await createProduct(seller, {
      name: jacketName,
      description: 'Light, packable and properly waterproof.',
      price: 8900,
      stock: 10,
      sizes: ['S', 'M', 'L'],
      colors: ['Red', 'Blue'],
    });
    const mugName = `Harbor Enamel Mug ${tag}`;
    await createProduct(seller, { name: mugName, price: 1200, stock: 10 });

    const { context, page } = await openPage(web.browser, web.server.url);
    const loads = countLoads(page);

    // Register through the form.
    await page.goto(`${web.server.url}/register`);
    await page.getByRole('heading', { name: 'Create an account', level: 1 }).waitFor();
    await expect(page.getByRole('radio', { name: 'Buy products' }).isChecked()).resolves.toBe(true);
    await page.getByLabel('First name').fill('Bea');
    await page.getByLabel('Last name').fill('Journey');
    await page.getByLabel('Email').fill(`bea-${tag}@example.test`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();

    // A new buyer lands in the shop, logged in, with an empty cart.
    await page.waitForURL(`${web.server.url}/`);
    await page.getByRole('heading', { name: 'Shop', level: 1 }).waitFor();
    await page.getByRole('button', { name: /Bea.*account menu/ }).waitFor();
    await expect.poll(() => cartLink(page).textContent()).toMatch(/Cart\s*0/);

    // Straight from the catalog card: a mug (changed mind about it later, in the cart).
    const mugCard = page.getByRole('article', { name: mugName });
    await mugCard.getByRole('button', { name: 'Add to cart' }).click();
    await mugCard.getByRole('status').filter({ hasText: `Added 1 × ${mugName} to your cart.` }).waitFor();
    await expect.poll(() => cartLink(page).textContent()).toMatch(/Cart\s*1\s*item\b/);

    // Search the catalog.
    const search = page.getByRole('searchbox', { name: 'Search products' });
    await search.fill('Aurora');
    await search.press('Enter');
    await page.waitForURL(`${web.server.url}/?q=Aurora`);
    await page.getByRole('status').filter({ hasText: '1 product for “Aurora”' }).waitFor();
    const results = page.getByRole('article');
    await expect.poll(() => results.count()).toBe(1);
    await expect(results.first().getByRole('heading', { level: 2 }).textContent()).resolves.toBe(jacketName);
    await expect(page.getByText(mugName).count()).resolves.toBe(0);

    // Product detail: choose size and colour, add to cart.
    await page.getByRole('link', { name: jacketName }).click();
    await page.waitForURL(`${web.server.url}/products/${jacket.id}`);
    await page.getByRole('heading', { name: jacketName, level: 1 }).waitFor();
    await page.getByText('$89.00').first().waitFor();
    await page.getByText(`Sold by Northwind ${tag}`).waitFor();
    await page.getByLabel('Size').selectOption('M');
    await page.getByLabel('Colour').selectOption('Blue');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('status').filter({ hasText: `Added 1 × ${jacketName} to your cart.` }).waitFor();
    await expect.poll(() => cartLink(page).textContent()).toMatch(/Cart\s*2\s*items/);

    // Cart: the mug goes; the jacket, with its options, goes up to 2.
    await cartLink(page).click();
    await page.waitForURL(`${web.server.url}/cart`);
    await page.getByRole('heading', { name: 'Your cart', level: 1 }).waitFor();
    const lines = page.getByRole('list', { name: 'Items in your cart' }).getByRole('listitem');
    await expect.poll(() => lines.count()).toBe(2);
    await page.getByRole('button', { name: `Remove ${mugName}` }).click();
    await expect.poll(() => lines.count()).toBe(1);
    await expect.poll(() => cartLink(page).textContent()).toMatch(/Cart\s*1\s*item\b/);
    await expect(lines.first().textContent()).resolves.toContain(jacketName);
    await expect(lines.first().textContent()).resolves.toContain('Size M · Colour Blue');
    const quantity = page.getByRole('spinbutton', { name: `Quantity of ${jacketName}` });
    await expect(quantity.inputValue()).resolves.toBe('1');
    await quantity.fill('2');
    await quantity.press('Tab');
    await expect.poll(() => lines.first().textContent()).toContain('$178.00');
    await expect.poll(() => cartLink(page).textContent()).toMatch(/Cart\s*2\s*items/);
    const summary = page.getByRole('complementary', { name: 'Summary' });
    await expect.poll(() => summary.textContent()).toContain('$178.00');

    // Checkout: the address by its labels, PayPal, and the order summary.
    await page.getByRole('link', { name: 'Proceed to checkout' }).click();
    await page.waitForURL(`${web.server.url}/checkout`);
    await page.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
    await expect(page.getByLabel('Full name').inputValue()).resolves.toBe('Bea Journey');
    await fillShippingAddress(page);
    await page.getByRole('radio', { name: 'PayPal' }).check();
    const orderSummary = page.getByRole('complementary', { name: 'Order summary' });
    await expect(orderSummary.textContent()).resolves.toContain(`2 × ${jacketName} (M, Blue)`);

    // Hold the request on the wire, so the page's "sending" state can be seen.
    const release = deferred();
    let placeOrderRequests = 0;
    await page.route('**/api/place-order', async (route) => {
      placeOrderRequests++;
      await release.promise;
      await route.continue();
    });
    const placeButton = page.getByRole('button', { name: /Place order|Placing your order/ });
    await expect(placeButton.textContent()).resolves.toContain('Place order · $178.00');
    await placeButton.click();
    await expect.poll(() => placeButton.isDisabled()).toBe(true);
    await expect(placeButton.textContent()).resolves.toContain('Placing your order…');
    await expect(placeButton.getAttribute('aria-busy')).resolves.toBe('true');
    // A person clicking again while it sends: the disabled button takes no click.
    await placeButton.click({ force: true });
    await expect.poll(() => placeOrderRequests).toBe(1);
    release.resolve();

    // Confirmation: the checkout's page (no flag in its address), the order, items, total and the tracker at Pending.
    await page.waitForURL(/\/checkout-confirmation\/CO-[0-9A-Z]+$/);
    const orders = await ordersOfBrowserUser(page);
    expect(orders, 'exactly one order after checkout').toHaveLength(1);
    const [order] = orders;
    if (!order) throw new Error('no order');
    expect(page.url()).toBe(`${web.server.url}/checkout-confirmation/${order.checkout_number ?? ''}`);
    expect(placeOrderRequests).toBe(1);
    expect(order.total_amount).toBe(17_800);
    expect(order.items).toMatchObject([{ product_name: jacketName, quantity: 2, size: 'M', color: 'Blue', unit_price: 8900 }]);

    await page.getByRole('heading', { name: order.checkout_number ?? '', level: 1 }).waitFor();
    await page.getByRole('heading', { name: new RegExp(`Order ${order.order_number}`), level: 2 }).waitFor();
    await page.getByRole('status').filter({ hasText: `Your order ${order.order_number} has been placed` }).waitFor();
    const items = page.getByRole('table', { name: 'Items in this order' });
    const itemRow = items.getByRole('row').filter({ hasText: jacketName });
    await expect(itemRow.getByRole('cell').allTextContents()).resolves.toEqual([`${jacketName}Size M · Colour Blue$89.00 each`, '2', '$89.00', '$178.00']);
    await expect(items.getByRole('row', { name: /Total/ }).textContent()).resolves.toContain('$178.00');
    const tracker = page.getByRole('region', { name: 'Order progress' });
    await expect(tracker.locator('[aria-current="step"]').textContent()).resolves.toContain('Pending');
    await tracker.getByRole('status').filter({ hasText: /Pending — ⏳ Waiting for the seller to confirm your order/ }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    await expect(page.getByRole('region', { name: 'Summary' }).textContent()).resolves.toMatch(/1 order.*\$178\.00.*PayPal/);
    await expect.poll(() => cartLink(page).textContent()).toMatch(/Cart\s*0/);

    // My orders lists it.
    await page.getByRole('link', { name: 'All my orders' }).click();
    await page.waitForURL(`${web.server.url}/orders`);
    await page.getByRole('link', { name: `Order ${order.order_number}` }).waitFor();
    await expect(page.getByRole('listitem').filter({ hasText: order.order_number }).textContent()).resolves.toContain('Pending');

    // The whole journey ran in one page load: every step was client-side navigation.
    expect(loads()).toBe(1);
    await context.close();
  });

  it('a double-click on Place order places one order', async () => {
    const seller = await registerSeller(web.server.url);
    const buyer = await registerBuyer(web.server.url);
    const product = await createProduct(seller, { name: `Double Click Lamp ${randomUUID().slice(0, 6)}`, price: 3100, stock: 5 });
    await addToCart(buyer, { product_id: product.id, quantity: 1 });

    const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
    let placeOrderRequests = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/place-order') placeOrderRequests++;
    });
    await page.goto(`${web.server.url}/checkout`);
    await page.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
    await fillShippingAddress(page);
    await page.getByRole('button', { name: /Place order/ }).dblclick();
    await page.waitForURL(/\/checkout-confirmation\//);
    await page.getByRole('status').filter({ hasText: /has been placed/ }).waitFor();

    const orders = await ordersOfBrowserUser(page);
    expect(orders, 'a double-click must not place two orders').toHaveLength(1);
    expect(placeOrderRequests, 'the second click must not send a second request').toBe(1);
    const stock = await buyer.client.get<{ product: { stock: number } }>(`/api/products/${product.id}`);
    expect(stock.body.product.stock).toBe(4);
    await context.close();
  });
});

describe('screenshots', () => {
  let scenario: TourScenario;
  beforeAll(async () => {
    scenario = await buildTourScenario(web.server.url);
  });

  // Both widths side by side: two contexts in the one Chromium. The variants (error states,
  // other statuses) are left to the axe tour, to keep the run short.
  const pages = TOUR_STOPS.filter((stop) => !stop.variant);
  it.concurrent.for(VIEWPORTS)('of every page at $width px', { timeout: 180_000 }, async (viewport, { expect }) => {
    const taken: string[] = [];
    await walkTour(
      web.browser,
      web.server.url,
      scenario,
      viewport,
      async (page, stop) => {
        const name = `page-${stop.name}-${viewport.width}`;
        await screenshot(page, name, { fullPage: !stop.overlay });
        taken.push(name);
      },
      { stops: pages },
    );
    expect(taken.sort()).toEqual(pages.map((stop) => `page-${stop.name}-${viewport.width}`).sort());
  });
});
