/** Log in and register through their forms: clear errors, and each kind of account lands at home. */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { PASSWORD, registerBuyer } from '../support/factories.js';
import { useWebServerAndBrowser } from './support/browser.js';
import { openPage } from './support/contexts.js';

const web = useWebServerAndBrowser();

it('a wrong password says so (and takes focus), then the right one logs in', async () => {
  const buyer = await registerBuyer(web.server.url, { first_name: 'Lena' });
  const { context, page } = await openPage(web.browser, web.server.url);
  await page.goto(`${web.server.url}/login`);
  await page.getByLabel('Email').fill(buyer.user.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();

  const alert = page.getByRole('alert');
  await alert.waitFor();
  await expect(alert.textContent()).resolves.toMatch(/\S/);
  await expect.poll(async () => page.evaluate(() => document.activeElement?.contains(document.querySelector('[role="alert"]')) ?? false), {
    message: 'focus goes to the error, so a screen reader reads it',
  }).toBe(true);
  await expect(page.getByRole('button', { name: 'Log in', exact: true }).isEnabled()).resolves.toBe(true);

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL(`${web.server.url}/`);
  await page.getByRole('button', { name: /Lena.*account menu/ }).waitFor();
  await context.close();
});

it('registering as a seller asks for the store name and lands on the dashboard, which leads to adding a first product', async () => {
  const tag = randomUUID().slice(0, 6);
  const { context, page } = await openPage(web.browser, web.server.url);
  await page.goto(`${web.server.url}/register`);
  await expect(page.getByLabel('Store name').count()).resolves.toBe(0);
  await page.getByRole('radio', { name: 'Sell products' }).check();
  const store = page.getByLabel('Store name');
  await store.waitFor();
  await page.getByLabel('First name').fill('Sol');
  await page.getByLabel('Last name').fill('Vendor');
  await page.getByLabel('Email').fill(`sol-${tag}@example.test`);
  await page.getByLabel('Password').fill(PASSWORD);

  // Without a store name: a message at the field, tied to it for screen readers.
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Enter the name of your store.').waitFor();
  await expect(store.getAttribute('aria-invalid')).resolves.toBe('true');
  const describedBy = (await store.getAttribute('aria-describedby')) ?? '';
  const description = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
  expect(description).toContain('Enter the name of your store.');

  await store.fill(`Sol's Ceramics ${tag}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`${web.server.url}/seller-dashboard`);
  await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
  await page.getByText('No orders yet.', { exact: false }).waitFor();
  // With no products either, the empty dashboard leads to adding the first one.
  await page.getByRole('link', { name: 'Add your first product' }).click();
  await page.waitForURL(`${web.server.url}/seller/products/new`);
  await context.close();
});
