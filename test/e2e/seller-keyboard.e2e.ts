/**
 * The seller's pages by keyboard alone: from the top of each page Tab reaches every control,
 * and what the keyboard opens or closes leaves focus somewhere useful, never on the page body.
 * (The update and bulk dialogs have their own keyboard tests.)
 */
import { describe, expect, it } from 'vitest';
import { createProduct, orderScenario } from '../support/factories.js';
import { useWebServerAndBrowser } from './support/browser.js';
import { DESKTOP, MOBILE, hasFocus, openPage } from './support/contexts.js';
import { describeFocus, expectTabReachesEveryControl, tabUntilFocused } from './support/keyboard.js';

const web = useWebServerAndBrowser();

describe.each([DESKTOP, MOBILE])('seller pages by keyboard at $width px', (viewport) => {
  it('dashboard and products: Tab reaches every control; a product is found and opened, then added, by keyboard', async () => {
    const { seller } = await orderScenario(web.server.url, { name: 'Keyboard Linen Apron' });
    await createProduct(seller, { name: 'Keyboard Oak Board', stock: 3 });
    const { context, page } = await openPage(web.browser, web.server.url, { as: seller, viewport });
    try {
      await page.goto(`${web.server.url}/seller-dashboard`);
      await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
      await page.getByRole('button', { name: /^Update/ }).first().waitFor();
      await expectTabReachesEveryControl(page);

      await page.goto(`${web.server.url}/seller/products`);
      await page.getByRole('heading', { name: 'Products', level: 1 }).waitFor();
      await page.getByRole('link', { name: /Edit Keyboard Oak Board/ }).waitFor();
      await expectTabReachesEveryControl(page);

      // Search narrows the list as one types; Tab then goes on to the product's Edit link.
      const search = page.getByRole('searchbox', { name: 'Search your products' });
      await tabUntilFocused(page, search);
      await page.keyboard.type('oak');
      await page.getByRole('link', { name: /Edit Keyboard Linen Apron/ }).waitFor({ state: 'detached' });
      const edit = page.getByRole('link', { name: /Edit Keyboard Oak Board/ });
      await tabUntilFocused(page, edit, 5);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Edit Keyboard Oak Board' }).waitFor();
      await expectTabReachesEveryControl(page);

      // A new product, every field filled and the form sent from the keyboard.
      await page.goto(`${web.server.url}/seller/products/new`);
      await page.getByRole('heading', { name: 'New product' }).waitFor();
      await expectTabReachesEveryControl(page);
      await tabUntilFocused(page, page.getByLabel('Name'));
      await page.keyboard.type('Keyboard Clay Cup');
      await tabUntilFocused(page, page.getByLabel('Price (USD)'), 5);
      await page.keyboard.type('9.50');
      await page.keyboard.press('Tab');
      await expect(hasFocus(page.getByLabel('In stock')), `after the price: ${await describeFocus(page)}`).resolves.toBe(true);
      await page.keyboard.type('12');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Edit Keyboard Clay Cup' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('webhooks: Tab reaches every control; an endpoint is added, its secret dismissed and its events edited, focus kept each time', async () => {
    const { seller } = await orderScenario(web.server.url);
    const { context, page } = await openPage(web.browser, web.server.url, { as: seller, viewport });
    try {
      await page.goto(`${web.server.url}/seller-dashboard/webhooks`);
      await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
      await page.getByText('No endpoints yet.').waitFor();
      await expectTabReachesEveryControl(page);

      const url = 'https://93.184.215.14/orderpulse/keyboard-hooks';
      await tabUntilFocused(page, page.getByLabel('Endpoint URL'));
      await page.keyboard.type(url);
      await page.keyboard.press('Enter');

      // The secret takes focus (it is shown once), and dismissing it hands focus to its endpoint.
      const done = page.getByRole('button', { name: 'I have copied it' });
      await done.waitFor();
      await expect.poll(() => hasFocus(done), { message: 'the secret notice takes focus' }).toBe(true);
      await page.keyboard.press('Enter');
      await done.waitFor({ state: 'detached' });
      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: url }) });
      await expect.poll(() => hasFocus(card.getByRole('heading', { name: url })), { message: 'focus goes to the endpoint' }).toBe(true);
      await expectTabReachesEveryControl(page);

      // Edit events: the form opens, Cancel (and Save) close it with focus back on "Edit events".
      const editEvents = card.getByRole('button', { name: 'Edit events' });
      await tabUntilFocused(page, editEvents);
      await page.keyboard.press('Enter');
      const cancel = card.getByRole('button', { name: 'Cancel' });
      await tabUntilFocused(page, cancel, 10);
      await page.keyboard.press('Enter');
      await expect.poll(() => hasFocus(editEvents), { message: `after Cancel: ${await describeFocus(page)}` }).toBe(true);
      await page.keyboard.press('Enter');
      await tabUntilFocused(page, card.getByRole('checkbox', { name: /Order status changed/ }), 5);
      await page.keyboard.press('Space');
      await tabUntilFocused(page, card.getByRole('button', { name: 'Save events' }), 5);
      await page.keyboard.press('Enter');
      await expect.poll(() => hasFocus(editEvents), { message: 'after Save events' }).toBe(true);
      await expect.poll(async () => (await card.textContent()) ?? '').not.toMatch(/Events:.*Order status changed/);

      // Disable keeps focus on its button, which then says Enable.
      const disable = card.getByRole('button', { name: 'Disable' });
      await tabUntilFocused(page, disable, 5);
      await page.keyboard.press('Enter');
      const enable = card.getByRole('button', { name: 'Enable' });
      await enable.waitFor();
      await expect.poll(() => hasFocus(enable), { message: `after Disable: ${await describeFocus(page)}` }).toBe(true);

      // The delivery log opens and closes from its button, which keeps focus.
      const log = card.getByRole('button', { name: 'Delivery log' });
      await tabUntilFocused(page, log, 5);
      await page.keyboard.press('Enter');
      await expect.poll(() => card.getByRole('button', { name: 'Hide deliveries' }).getAttribute('aria-expanded')).toBe('true');
      await expect(hasFocus(card.getByRole('button', { name: 'Hide deliveries' }))).resolves.toBe(true);

      // Remove, confirmed: the card goes and focus starts again at the page's heading.
      page.once('dialog', (dialog) => void dialog.accept());
      await tabUntilFocused(page, card.getByRole('button', { name: 'Remove' }), 40);
      await page.keyboard.press('Enter');
      await page.getByText('No endpoints yet.').waitFor();
      await expect.poll(() => hasFocus(page.getByRole('heading', { name: 'Webhooks', level: 1 })), { message: 'after Remove' }).toBe(true);
    } finally {
      await context.close();
    }
  });
});
