/**
 * A cart of two sellers, checked out in the browser: one page for the checkout with the
 * combined total and both orders, each with its own tracker moving live when its seller acts;
 * the thank-you is there for this visit only, not after a reload.
 */
import { describe, expect, it } from 'vitest';
import type { BuyerOrderSummary } from '../../server/contract/api.js';
import { addToCart, createProduct, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { axeViolations, BLOCKING_IMPACTS, describeFindings } from './support/axe.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { countLoads, DESKTOP, MOBILE, openPage } from './support/contexts.js';

const web = useWebServerAndBrowser();

describe('a two-seller checkout', () => {
  it.each([DESKTOP, MOBILE])('lands on one page with the combined total and a live tracker per order (%s)', async (viewport) => {
    const [threads, gadgets, buyer] = await Promise.all([registerSeller(web.server.url), registerSeller(web.server.url), registerBuyer(web.server.url)]);
    const shirt = await createProduct(threads, { name: 'Linen Shirt', price: 4800 });
    const cable = await createProduct(gadgets, { name: 'Braided Cable', price: 2450 });
    await addToCart(buyer, { product_id: shirt.id, quantity: 1 });
    await addToCart(buyer, { product_id: cable.id, quantity: 2 });

    // axe-core is injected as an inline script, which the app's CSP refuses: bypassed for this page.
    const { context, page } = await openPage(web.browser, web.server.url, { as: buyer, viewport, bypassCSP: true });
    const loads = countLoads(page);
    const sockets: { closed: boolean }[] = [];
    page.on('websocket', (ws) => {
      const socket = { closed: false };
      sockets.push(socket);
      ws.on('close', () => (socket.closed = true));
    });
    await page.goto(`${web.server.url}/checkout`);
    await page.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
    await page.getByLabel('Street address').fill('5 Quay Street');
    await page.getByLabel('City').fill('Bristol');
    await page.getByLabel('Postal code').fill('BS1 4DJ');
    await page.getByLabel('Country').fill('United Kingdom');
    await page.getByRole('button', { name: /Place order/ }).click();

    await page.waitForURL(/\/checkout-confirmation\/CO-[0-9A-Z]+$/);
    const { orders } = (await buyer.client.get<{ orders: BuyerOrderSummary[] }>('/api/user-orders-detailed')).body;
    expect(orders).toHaveLength(2);
    const checkoutNumber = orders[0]?.checkout_number ?? '';
    expect(orders.every((o) => o.checkout_number === checkoutNumber)).toBe(true);
    expect(page.url()).toBe(`${web.server.url}/checkout-confirmation/${checkoutNumber}`);

    await page.getByRole('heading', { name: checkoutNumber, level: 1 }).waitFor();
    await page.getByText('Thank you!').waitFor();
    await expect(page.getByRole('region', { name: 'Summary' }).textContent()).resolves.toMatch(/2 orders, one per seller.*\$97\.00/);
    const orderOf = (seller: typeof threads) => orders.find((o) => o.seller.seller_id === seller.user.seller_id);
    const shirtOrder = orderOf(threads);
    const cableOrder = orderOf(gadgets);
    if (!shirtOrder || !cableOrder) throw new Error('one order per seller');
    const card = (orderNumber: string) => page.locator(`.checkout-order[data-order-number="${orderNumber}"]`);
    const trackerStatus = (orderNumber: string) => card(orderNumber).locator('.tracker').getByRole('status');
    await expect.poll(() => card(shirtOrder.order_number).textContent()).toMatch(/Linen Shirt.*\$48\.00/);
    await expect.poll(() => card(cableOrder.order_number).textContent()).toMatch(/Braided Cable.*\$49\.00/);
    await expect.poll(() => page.getByText('Live', { exact: true }).count()).toBe(2);
    expect(sockets, 'both trackers on one socket').toHaveLength(1);

    // Each seller moves their own order; only that order's tracker follows, without a reload.
    await setStatus(threads, shirtOrder.order_id, 'confirmed');
    await trackerStatus(shirtOrder.order_number).filter({ hasText: 'Seller confirmed your order' }).waitFor();
    expect(await trackerStatus(cableOrder.order_number).textContent()).toMatch(/Waiting for the seller/);
    await setStatus(gadgets, cableOrder.order_id, 'confirmed');
    await setStatus(gadgets, cableOrder.order_id, 'processing');
    await trackerStatus(cableOrder.order_number).filter({ hasText: 'being prepared' }).waitFor();
    expect(await trackerStatus(shirtOrder.order_number).textContent()).toMatch(/Seller confirmed your order/);
    expect(loads()).toBe(1);
    await screenshot(page, `checkout-confirmation-two-sellers-${viewport.name}`);
    const blocking = (await axeViolations(page)).filter((finding) => BLOCKING_IMPACTS.includes(finding.impact));
    expect(blocking, describeFindings(blocking)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

    // The thank-you was this visit's: a reload shows the checkout without it.
    await page.reload();
    await page.getByRole('heading', { name: checkoutNumber, level: 1 }).waitFor();
    await page.locator('.checkout-order').nth(1).waitFor();
    expect(await page.getByText('Thank you!').count()).toBe(0);

    // My orders keeps the two together under their checkout.
    await expect.poll(() => page.getByText('Live', { exact: true }).count()).toBe(2);
    expect(sockets, 'one socket for the page, again after the reload').toHaveLength(2);
    await page.getByRole('link', { name: 'All my orders' }).click();
    const group = page.getByRole('list', { name: `Orders of checkout ${checkoutNumber}` });
    await expect.poll(async () => (await group.getByRole('heading', { level: 2 }).allTextContents()).map((t) => t.replace(/^Order\s*/, '').trim()).sort()).toEqual(
      [shirtOrder.order_number, cableOrder.order_number].sort(),
    );
    await expect(page.locator('.checkout-group__head').textContent()).resolves.toMatch(/2 orders.*\$97\.00/);
    // Leaving the checkout page closed its socket.
    await expect.poll(() => sockets[1]?.closed).toBe(true);
    await screenshot(page, `my-orders-checkout-group-${viewport.name}`);
    const blockingOnList = (await axeViolations(page)).filter((finding) => BLOCKING_IMPACTS.includes(finding.impact));
    expect(blockingOnList, describeFindings(blockingOnList)).toEqual([]);
    await context.close();
  });

  it('is not found for anyone but its buyer', async () => {
    const seller = await registerSeller(web.server.url);
    const buyer = await registerBuyer(web.server.url);
    const product = await createProduct(seller, { name: 'Private Teapot' });
    await addToCart(buyer, { product_id: product.id, quantity: 1 });
    const placed = await buyer.client.post<{ checkout_number: string }>('/api/place-order', {
      payment_method: 'card',
      shipping_address: { name: 'Bea', line1: '1 St', city: 'Town', postal_code: '1', country: 'Land' },
    });
    const { context, page } = await openPage(web.browser, web.server.url, { as: seller });
    await page.goto(`${web.server.url}/checkout-confirmation/${placed.body.checkout_number}`);
    await page.getByRole('heading', { name: 'Checkout not found', level: 1 }).waitFor();
    expect(await page.getByText('Private Teapot').count()).toBe(0);
    await context.close();
  });
});
