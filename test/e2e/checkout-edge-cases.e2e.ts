/**
 * Checkout off the happy path, as people meet it: stock that ran out meanwhile, a link
 * opened while logged out, the Back button after ordering, someone else's order number.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { BuyerOrderSummary } from '../../server/contract/api.js';
import { addToCart, createProduct, orderScenario, PASSWORD, registerBuyer, registerSeller } from '../support/factories.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { openPage } from './support/contexts.js';

const web = useWebServerAndBrowser();

async function ordersOf(page: Page): Promise<BuyerOrderSummary[]> {
  const res = await page.context().request.get(`${web.server.url}/api/user-orders-detailed`);
  expect(res.status()).toBe(200);
  const body: { orders: BuyerOrderSummary[] } = await res.json();
  return body.orders;
}

async function fillAddress(page: Page): Promise<void> {
  await page.getByLabel('Street address').fill('5 Quay Street');
  await page.getByLabel('City').fill('Bristol');
  await page.getByLabel('Postal code').fill('BS1 4DJ');
  await page.getByLabel('Country').fill('United Kingdom');
}

it('stock gone while checking out: the page says so, places nothing, and a retry after a restock places the order', async () => {
  const seller = await registerSeller(web.server.url);
  const buyer = await registerBuyer(web.server.url);
  const product = await createProduct(seller, { name: 'Last Copper Kettle', price: 5600, stock: 5 });
  await addToCart(buyer, { product_id: product.id, quantity: 2 });

  const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
  await page.goto(`${web.server.url}/checkout`);
  await page.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
  await fillAddress(page);

  // Another buyer got there first: one left.
  const cut = await seller.client.patch(`/api/seller/products/${product.id}`, { stock: 1 });
  expect(cut.status, JSON.stringify(cut.body)).toBe(200);

  const place = page.getByRole('button', { name: /Place order/ });
  await place.click();
  const alert = page.getByRole('alert').filter({ hasText: 'Your order was not placed.' });
  await alert.waitFor();
  await expect(alert.textContent()).resolves.toMatch(/Only 1 of Last Copper Kettle left/);
  await expect(alert.getByRole('link', { name: 'Change the quantities in your cart' }).getAttribute('href')).resolves.toBe('/cart');
  await expect.poll(() => place.isEnabled()).toBe(true);
  expect(page.url()).toBe(`${web.server.url}/checkout`);
  expect(await ordersOf(page)).toHaveLength(0);
  await screenshot(page, 'checkout-out-of-stock');

  // The seller restocks; the same click now goes through.
  const restock = await seller.client.patch(`/api/seller/products/${product.id}`, { stock: 10 });
  expect(restock.status).toBe(200);
  await place.click();
  await page.waitForURL(/\/checkout-confirmation\//, { timeout: 15_000 });
  const orders = await ordersOf(page);
  expect(orders).toHaveLength(1);
  expect(orders[0]?.items).toMatchObject([{ product_name: 'Last Copper Kettle', quantity: 2 }]);
  await context.close();
});

it('a checkout link opened while logged out goes to Log in and comes back to the checkout', async () => {
  const seller = await registerSeller(web.server.url);
  const buyer = await registerBuyer(web.server.url);
  const product = await createProduct(seller, { name: 'Return Trip Thermos', price: 2300 });
  await addToCart(buyer, { product_id: product.id, quantity: 1 });

  const { context, page } = await openPage(web.browser, web.server.url);
  await page.goto(`${web.server.url}/checkout`);
  await page.waitForURL(/\/login\?next=%2Fcheckout/);
  await page.getByRole('heading', { name: 'Log in', level: 1 }).waitFor();
  await page.getByLabel('Email').fill(buyer.user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL(`${web.server.url}/checkout`);
  await page.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
  await expect(page.getByRole('complementary', { name: 'Order summary' }).textContent()).resolves.toContain('1 × Return Trip Thermos');
  await context.close();
});

it('Back after placing an order returns to where the buyer was before checking out (the cart), never to the checkout', async () => {
  const seller = await registerSeller(web.server.url);
  const buyer = await registerBuyer(web.server.url);
  const product = await createProduct(seller, { name: 'Back Button Basket', price: 1900 });
  await addToCart(buyer, { product_id: product.id, quantity: 1 });

  const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
  await page.goto(`${web.server.url}/cart`);
  await page.getByRole('link', { name: 'Proceed to checkout' }).click();
  await page.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
  await fillAddress(page);
  await page.getByRole('button', { name: /Place order/ }).click();
  await page.waitForURL(/\/checkout-confirmation\//);
  await page.getByRole('status').filter({ hasText: /has been placed/ }).waitFor();

  await page.goBack();
  await page.waitForURL(`${web.server.url}/cart`);
  await page.getByText('Your cart is empty.').waitFor();
  await expect(page.getByRole('button', { name: /Place order/ }).count()).resolves.toBe(0);
  expect(await ordersOf(page)).toHaveLength(1);
  await context.close();
});

it('someone else’s order number shows "Order not found", not their order', async () => {
  const { orderNumber } = await orderScenario(web.server.url, { name: 'Private Parcel' });
  const stranger = await registerBuyer(web.server.url);
  const { context, page } = await openPage(web.browser, web.server.url, { as: stranger });
  await page.goto(`${web.server.url}/order-confirmation/${orderNumber}`);
  await page.getByRole('heading', { name: 'Order not found', level: 1 }).waitFor();
  await expect(page.getByText('Private Parcel').count()).resolves.toBe(0);
  await context.close();
});
