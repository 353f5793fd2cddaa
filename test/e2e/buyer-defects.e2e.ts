/**
 * What a new buyer tripped on (issue 14's list), each reproduced as they met it, in Chromium
 * against a real node: the server's own 404s, stock refusals, validation and throttling.
 */
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { ProductBody } from '../../server/contract/api.js';
import { addToCart, createProduct, orderScenario, PASSWORD, registerBuyer, registerSeller, setStatus } from '../support/factories.js';
import { useWebServerAndBrowser } from './support/browser.js';
import { openPage, type OpenedPage } from './support/contexts.js';

/** Two failed logins lock an account for 15 minutes, so a throttled login is three clicks away. */
const web = useWebServerAndBrowser({ RATE_LIMIT_LOGIN: '2/15m' });

/** Uncaught errors and console errors of the page, as they happen. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  return errors;
}

/** Paths (with query) of the requests the page made to the API. */
function watchApiRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) paths.push(url.pathname + url.search);
  });
  return paths;
}

/**
 * How many places in `scope` a sighted user reads `pattern` at: text that is rendered and not
 * clipped away (a visually-hidden copy for screen readers does not count).
 */
function seenCount(scope: Locator, pattern: RegExp): Promise<number> {
  return scope.evaluate(
    (root, [source, flags]) => {
      const wanted = new RegExp(source, flags);
      const hiddenBy = (element: Element) => {
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        const clipped = style.clip === 'rect(0px, 0px, 0px, 0px)' || (style.overflow === 'hidden' && (box.width <= 1 || box.height <= 1));
        return clipped || !element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
      };
      const seen = (element: Element | null): boolean => {
        for (let at = element; at && at !== root.parentElement; at = at.parentElement) if (hiddenBy(at)) return false;
        return true;
      };
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let count = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (wanted.test(node.textContent ?? '') && seen(node.parentElement)) count++;
      }
      return count;
    },
    [pattern.source, pattern.flags] as const,
  );
}

/** A buyer whose cart holds all 10 in stock of a new product, on a page logged in as them. */
async function cartHoldingAllOf(name: string): Promise<OpenedPage & { product: ProductBody }> {
  const [seller, buyer] = await Promise.all([registerSeller(web.server.url), registerBuyer(web.server.url)]);
  const product = await createProduct(seller, { name, stock: 10 });
  await addToCart(buyer, { product_id: product.id, quantity: 10 });
  return { ...(await openPage(web.browser, web.server.url, { as: buyer })), product };
}

it('a product link to nothing says "Product not found", with no uncaught error', async () => {
  const { context, page } = await openPage(web.browser, web.server.url);
  const errors = watchErrors(page);
  await page.goto(`${web.server.url}/products/99999`);
  await page.getByRole('heading', { name: 'Product not found', level: 1 }).waitFor();
  await expect(page.getByText('Loading product…').count()).resolves.toBe(0);
  await expect(page.getByRole('link', { name: 'Back to the shop' }).getAttribute('href')).resolves.toBe('/');
  await expect.poll(() => page.title()).toContain('Product not found');
  // Chromium logs the API's 404 itself ("Failed to load resource"); that is the answer, not an error of the page.
  expect(errors.filter((error) => !error.includes('Failed to load resource') || !error.includes('/api/products/99999'))).toEqual([]);
  await context.close();
});

it('the cart refuses a quantity over the stock beside the field, keeping what was typed and the cart as it was', async () => {
  const { context, page } = await cartHoldingAllOf('Ten Left Teapot');
  await page.goto(`${web.server.url}/cart`);
  const field = page.getByLabel('Quantity of Ten Left Teapot');
  await expect.poll(() => field.inputValue()).toBe('10');
  await field.fill('999');
  await field.blur();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  await expect(alert.textContent()).resolves.toBe('Only 10 left. Enter a whole number from 1 to 10.');
  await expect(field.inputValue()).resolves.toBe('999');
  await expect(page.getByRole('complementary').textContent()).resolves.toMatch(/Items\s*10/);
  await context.close();
});

it('adding again a product whose whole stock is in the cart says the cart already has it', async () => {
  const { context, page, product } = await cartHoldingAllOf('All Mine Mug');
  await page.goto(`${web.server.url}/products/${product.id}`);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = await alert.textContent();
  expect(text).toContain('You already have 10 of All Mine Mug in your cart');
  expect(text).not.toContain('Only 10');
  await context.close();
});

it('a search over 100 characters is never sent, and is explained in plain words', async () => {
  const { context, page } = await openPage(web.browser, web.server.url);
  const requests = watchApiRequests(page);
  const pasted = 'handmade ceramic '.repeat(7); // 119 characters, from a pasted link
  await page.goto(`${web.server.url}/?q=${encodeURIComponent(pasted)}`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  await expect(alert.textContent()).resolves.toContain('Searches can be at most 100 characters');
  await expect(page.getByText(/query string/i).count()).resolves.toBe(0);
  expect(requests.filter((path) => path.startsWith('/api/products'))).toEqual([]);

  // Typed into the box, the search stops at 100 characters and is then answered.
  const box = page.getByLabel('Search products');
  await box.fill(pasted);
  await expect(box.inputValue()).resolves.toHaveLength(100);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /No products match/ }).waitFor();
  const sent = requests.filter((path) => path.startsWith('/api/products'));
  expect(sent).toHaveLength(1);
  expect(new URL(sent[0] ?? '', web.server.url).searchParams.get('q')).toBe(pasted.slice(0, 100).trim());
  await expect(page.getByText(/query string/i).count()).resolves.toBe(0);
  await context.close();
});

it('log in with an address that is not one is refused in the form, without asking the server', async () => {
  const { context, page } = await openPage(web.browser, web.server.url);
  await page.goto(`${web.server.url}/login`);
  const requests = watchApiRequests(page);
  await page.getByLabel('Email').fill('ada.example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByText('Enter an email address like name@example.com.').waitFor();
  await expect(page.getByText(/incorrect/).count()).resolves.toBe(0);
  expect(requests.filter((path) => path.startsWith('/api/auth/login'))).toEqual([]);
  await context.close();
});

it('a throttled login says how long to wait (the server’s Retry-After)', async () => {
  const buyer = await registerBuyer(web.server.url);
  const { context, page } = await openPage(web.browser, web.server.url);
  await page.goto(`${web.server.url}/login`);
  await page.getByLabel('Email').fill(buyer.user.email);
  await page.getByLabel('Password').fill('not the password');
  const logIn = page.getByRole('button', { name: 'Log in', exact: true });
  const alert = page.getByRole('alert');
  for (let attempt = 1; attempt <= 2; attempt++) {
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
    await logIn.click();
    expect((await answered).status()).toBe(401);
    await alert.waitFor();
  }
  const throttled = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
  await logIn.click();
  const reply = await throttled;
  expect(reply.status()).toBe(429);
  expect(Number(reply.headers()['retry-after'])).toBeGreaterThan(14 * 60);
  await expect.poll(() => alert.textContent()).toContain('Too many attempts. Please try again in 15 minutes.');
  await context.close();
});

it('register states the password rule once, before and after a too-short password', async () => {
  const { context, page } = await openPage(web.browser, web.server.url);
  await page.goto(`${web.server.url}/register`);
  const form = page.locator('form');
  await page.getByLabel('Password').waitFor();
  await expect(seenCount(form, /at least 8 characters/i)).resolves.toBe(1);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Please correct the highlighted fields.').waitFor();
  await expect(seenCount(page.locator('body'), /at least 8 characters/i)).resolves.toBe(1);
  await context.close();
});

it('"already registered" links to logging in, keeping where the buyer was going', async () => {
  const existing = await registerBuyer(web.server.url);
  const { context, page } = await openPage(web.browser, web.server.url);
  await page.goto(`${web.server.url}/register?next=%2Fcart`);
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Email').fill(existing.user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  const link = page.getByRole('alert').getByRole('link', { name: 'Log in instead' });
  await link.click();
  await page.waitForURL(`${web.server.url}/login?next=%2Fcart`);
  await page.getByRole('heading', { name: 'Log in', level: 1 }).waitFor();
  await context.close();
});

it('a search that found nothing offers the way back to every product', async () => {
  const seller = await registerSeller(web.server.url);
  const product = await createProduct(seller, { name: `Findable Fern ${randomUUID().slice(0, 6)}` });
  const { context, page } = await openPage(web.browser, web.server.url);
  await page.goto(`${web.server.url}/`);
  await page.getByLabel('Search products').fill('unicorn saddle');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const status = page.getByRole('status').filter({ hasText: 'No products match “unicorn saddle”.' });
  await status.waitFor();
  await status.getByRole('link', { name: 'See all products' }).click();
  await page.waitForURL(`${web.server.url}/`);
  await page.getByRole('link', { name: product.name }).first().waitFor();
  await expect(page.getByLabel('Search products').inputValue()).resolves.toBe('');
  await context.close();
});

it('a cancelled order’s page says it is cancelled once (screen readers still hear the message)', async () => {
  const { seller, buyer, orderId, orderNumber } = await orderScenario(web.server.url, { name: 'Called Off Candle' });
  await setStatus(seller, orderId, 'cancelled');
  const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
  await page.goto(`${web.server.url}/order-confirmation/${orderNumber}`);
  const tracker = page.getByRole('region', { name: 'Order progress' });
  await tracker.getByRole('status').filter({ hasText: 'This order was cancelled' }).waitFor({ state: 'attached' });
  await expect(seenCount(tracker, /cancel/i)).resolves.toBe(1);
  await expect(tracker.locator('[aria-current="step"]').textContent()).resolves.toContain('Cancelled');
  await context.close();
});
