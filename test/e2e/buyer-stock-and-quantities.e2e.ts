/**
 * The buyer pages' audit, in Chromium against a real node: a cart that never warned when the
 * stock fell under its quantities, quantity fields that quietly changed what was typed, a
 * catalog page past the last with nothing said, and a checkout page with no way to an
 * order's own page (its timeline, its cancel button).
 */
import { describe, expect, it } from 'vitest';
import type { ProductBody } from '../../server/contract/api.js';
import { addToCart, createProduct, placeOrderFromCart, registerBuyer, registerSeller, type Actor } from '../support/factories.js';
import { axeViolations, BLOCKING_IMPACTS, describeFindings } from './support/axe.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { openPage, VIEWPORTS } from './support/contexts.js';

const web = useWebServerAndBrowser();

/** A seller's new product and a buyer with `quantity` of it in their cart. */
async function cartHolding(name: string, quantity: number, stock: number): Promise<{ seller: Actor; buyer: Actor; product: ProductBody }> {
  const [seller, buyer] = await Promise.all([registerSeller(web.server.url), registerBuyer(web.server.url)]);
  const product = await createProduct(seller, { name, stock });
  await addToCart(buyer, { product_id: product.id, quantity });
  return { seller, buyer, product };
}

async function setStock(seller: Actor, productId: number, stock: number): Promise<void> {
  const answer = await seller.client.patch(`/api/seller/products/${productId}`, { stock });
  expect(answer.status).toBe(200);
}

async function expectAxeClean(page: import('playwright-core').Page): Promise<void> {
  const blocking = (await axeViolations(page)).filter((finding) => BLOCKING_IMPACTS.includes(finding.impact));
  expect(blocking, describeFindings(blocking)).toEqual([]);
}

describe('the cart against the stock', () => {
  it.each(VIEWPORTS)('marks a line over the stock, will not check out, and reduces it to what is left ($name)', async (viewport) => {
    const { seller, buyer, product } = await cartHolding(`Cut Stock Kettle ${viewport.name}`, 3, 10);
    await setStock(seller, product.id, 1);
    const { context, page } = await openPage(web.browser, web.server.url, { as: buyer, viewport, bypassCSP: true });
    await page.goto(`${web.server.url}/cart`);
    const problem = page.locator('.cart-line__problem');
    await expect.poll(() => problem.textContent()).toBe('Not enough stock: Only 1 left for this line, and it has 3. Reduce to 1 ' + product.name);
    await expect(page.getByRole('link', { name: 'Proceed to checkout' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Proceed to checkout' }).isDisabled()).resolves.toBe(true);
    await screenshot(page, `cart-over-stock-${viewport.name}`);
    await expectAxeClean(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

    // Going to the checkout anyway: it says why, and will not place the order.
    await page.goto(`${web.server.url}/checkout`);
    await page.getByRole('alert').filter({ hasText: 'Some items are not in stock in the quantity in your cart.' }).waitFor();
    await expect(page.getByRole('button', { name: /Place order/ }).isDisabled()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Change the quantities in your cart' }).click();

    // By keyboard: the offer to reduce, then the checkout.
    const reduce = page.getByRole('button', { name: `Reduce to 1 ${product.name}` });
    await reduce.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Proceed to checkout' }).waitFor();
    await expect(page.getByLabel(`Quantity of ${product.name}`).inputValue()).resolves.toBe('1');
    await expect(problem.count()).resolves.toBe(0);
    await context.close();
  });

  it('says "Out of stock" on a line whose product has none left', async () => {
    const { seller, buyer, product } = await cartHolding('Gone Glass', 3, 10);
    await setStock(seller, product.id, 0);
    const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
    await page.goto(`${web.server.url}/cart`);
    await expect.poll(() => page.locator('.cart-line__problem').textContent()).toBe('Out of stock: Remove it to check out.');
    await expect(page.getByRole('button', { name: 'Proceed to checkout' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: `Remove ${product.name}` }).click();
    await page.getByText('Your cart is empty.').waitFor();
    await context.close();
  });
});

describe('quantity fields', () => {
  it('the cart refuses 0, −2 and 99999 beside the field, keeps what was typed, and changes nothing', async () => {
    const { buyer, product } = await cartHolding('Counted Cup', 2, 115);
    const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
    const patches: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH') patches.push(request.url());
    });
    await page.goto(`${web.server.url}/cart`);
    const field = page.getByLabel(`Quantity of ${product.name}`);
    await expect.poll(() => field.inputValue()).toBe('2');
    for (const [typed, message] of [
      ['0', 'A quantity is at least 1. Enter a whole number from 1 to 115.'],
      ['-2', 'A quantity cannot be negative. Enter a whole number from 1 to 115.'],
      ['99999', 'Only 115 left. Enter a whole number from 1 to 115.'],
    ] as const) {
      await field.fill(typed);
      await field.press('Enter');
      await expect.poll(() => page.locator('.cart-line .field__error').textContent()).toBe(message);
      await expect(field.inputValue()).resolves.toBe(typed);
      await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    }
    await expect(page.getByText(/The request is not valid/).count()).resolves.toBe(0);
    expect(patches).toEqual([]);
    const cart = await buyer.client.get<{ items: { quantity: number }[] }>('/api/cart');
    expect(cart.body.items.map((item) => item.quantity)).toEqual([2]);

    // A good number is taken, and the refusal goes.
    await field.fill('5');
    await field.press('Enter');
    await expect.poll(() => page.getByRole('complementary').textContent()).toMatch(/Items\s*5/);
    await expect(page.locator('.cart-line .field__error').count()).resolves.toBe(0);
    await context.close();
  });

  it('the product page refuses −3, 1.5 and 99999 with the reason, adds nothing, then adds exactly what is typed', async () => {
    const seller = await registerSeller(web.server.url);
    const buyer = await registerBuyer(web.server.url);
    const product = await createProduct(seller, { name: 'Exact Espresso Cup', stock: 115 });
    const { context, page } = await openPage(web.browser, web.server.url, { as: buyer, bypassCSP: true });
    await page.goto(`${web.server.url}/products/${product.id}`);
    const field = page.getByLabel('Quantity');
    const add = page.getByRole('button', { name: 'Add to cart' });
    for (const [typed, message] of [
      ['-3', 'A quantity cannot be negative. Enter a whole number from 1 to 115.'],
      ['1.5', 'A quantity is a whole number. Enter a whole number from 1 to 115.'],
      ['99999', 'Only 115 left. Enter a whole number from 1 to 115.'],
    ] as const) {
      await field.fill(typed);
      await add.click();
      await expect.poll(() => page.locator('.add-to-cart .field__error').textContent()).toBe(message);
      await expect(field.inputValue()).resolves.toBe(typed);
    }
    await expectAxeClean(page);
    const empty = await buyer.client.get<{ items: unknown[] }>('/api/cart');
    expect(empty.body.items).toEqual([]);

    await field.fill('4');
    await field.press('Enter');
    await page.getByRole('status').filter({ hasText: `Added 4 × ${product.name} to your cart.` }).waitFor();
    const cart = await buyer.client.get<{ items: { quantity: number }[] }>('/api/cart');
    expect(cart.body.items.map((item) => item.quantity)).toEqual([4]);
    await context.close();
  });
});

it.each(VIEWPORTS)('a catalog page past the last says so and links to the first and last pages ($name)', async (viewport) => {
  const { context, page } = await openPage(web.browser, web.server.url, { viewport, bypassCSP: true });
  const { body } = await (await registerBuyer(web.server.url)).client.get<{ total: number }>('/api/products?limit=12');
  const lastPage = Math.max(1, Math.ceil(body.total / 12));
  await page.goto(`${web.server.url}/?page=99`);
  await page.getByText(`There is no page 99:`).waitFor();
  await expect(page.getByText(/Page 99 of/).count()).resolves.toBe(0);
  await screenshot(page, `catalog-page-99-${viewport.name}`);
  await expectAxeClean(page);
  await page.getByRole('link', { name: 'Go to the first page' }).click();
  await page.waitForURL(`${web.server.url}/`);
  await page.locator('.product-card').first().waitFor();
  if (lastPage > 1) {
    await page.goto(`${web.server.url}/?page=99`);
    await page.getByRole('link', { name: `Go to the last page (${lastPage})` }).click();
    await page.waitForURL(`${web.server.url}/?page=${lastPage}`);
    await page.getByText(`Page ${lastPage} of ${lastPage}`).waitFor();
  }
  await context.close();
});

it.each(VIEWPORTS)('the checkout page links each order to its own page, where the timeline and the cancel button are ($name)', async (viewport) => {
  const { buyer } = await cartHolding(`Linked Lamp ${viewport.name}`, 1, 5);
  const placed = await placeOrderFromCart(buyer);
  const { context, page } = await openPage(web.browser, web.server.url, { as: buyer, viewport, bypassCSP: true });
  await page.goto(`${web.server.url}/checkout-confirmation/${placed.checkout_number}`);
  const link = page.getByRole('link', { name: `Details, timeline and cancel of order ${placed.order_number}` });
  await link.waitFor();
  await expectAxeClean(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`${web.server.url}/order-confirmation/${placed.order_number}`);
  await page.getByRole('button', { name: 'Cancel order' }).waitFor();
  await context.close();
});
