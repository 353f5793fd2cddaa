/** The update dialog by keyboard alone: reach it, stay inside it, leave it, and use it. */
import { expect, it } from 'vitest';
import { orderScenario } from '../support/factories.js';
import { useWebServerAndBrowser } from './support/browser.js';
import { hasFocus, openPage } from './support/contexts.js';
import { describeFocus, focusIsInside, tabUntilFocused } from './support/keyboard.js';
import { orderRow, updateButton, updateDialog } from './support/seller-dashboard.js';

const web = useWebServerAndBrowser();

it('reaches [Update] by Tab, traps focus in the dialog, closes on Esc with focus back, then submits by keyboard', async () => {
  const { seller, orderNumber } = await orderScenario(web.server.url, { name: 'Keyboard Walnut Tray' });
  const { context, page } = await openPage(web.browser, web.server.url, { as: seller });
  await page.goto(`${web.server.url}/seller-dashboard`);
  await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
  await page.getByText('Live', { exact: true }).waitFor();
  const update = updateButton(page, orderNumber);
  await update.waitFor();

  // From the top of a freshly loaded page, Tab alone reaches the first [Update] button.
  await tabUntilFocused(page, update);

  await page.keyboard.press('Enter');
  const dialog = updateDialog(page, orderNumber);
  await dialog.waitFor();
  await expect.poll(() => focusIsInside(dialog), { message: 'focus moves into the dialog' }).toBe(true);
  const select = dialog.getByLabel('New status');
  await expect(hasFocus(select), `first focus: ${await describeFocus(page)}`).resolves.toBe(true);

  // Tab and Shift+Tab cycle inside the dialog and never reach the page behind it.
  const seen = new Set<string>();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await focusIsInside(dialog), `Tab #${i + 1} left the dialog: ${await describeFocus(page)}`).toBe(true);
    seen.add(await describeFocus(page));
  }
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await focusIsInside(dialog), `Shift+Tab #${i + 1} left the dialog: ${await describeFocus(page)}`).toBe(true);
  }
  expect(seen.size, `Tab visited: ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(4);

  // The status select changes with the arrow keys.
  await select.focus();
  await expect(select.inputValue()).resolves.toBe('confirmed');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => select.inputValue()).toBe('cancelled');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => select.inputValue()).toBe('confirmed');

  // Esc closes it and gives focus back to the same [Update] button.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => hasFocus(update), { message: 'focus returns to the Update button' }).toBe(true);

  // Reopen with Enter, choose Confirmed, Tab to the submit button and press Enter.
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await expect.poll(() => hasFocus(select)).toBe(true);
  await expect(select.inputValue()).resolves.toBe('confirmed');
  const submit = dialog.getByRole('button', { name: 'Update status' });
  await tabUntilFocused(page, submit, 10);
  await page.keyboard.press('Enter');
  await dialog.getByRole('status').filter({ hasText: `Order ${orderNumber} is now Confirmed` }).waitFor();
  await expect.poll(() => focusIsInside(dialog), { message: 'focus stays in the dialog after submitting' }).toBe(true);
  await expect.poll(async () => (await orderRow(page, orderNumber).textContent()) ?? '').toMatch(/Confirmed/);

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => hasFocus(update), { message: 'focus returns to the Update button after an update' }).toBe(true);
  await context.close();
});
