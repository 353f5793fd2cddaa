/**
 * /api/docs in Chromium: the reference page renders the generated document under the app's
 * own CSP (no CDN, no inline script), lists the endpoints, and can call one.
 */
import { describe, expect, it } from 'vitest';
import { openPage } from './support/contexts.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';

const env = useWebServerAndBrowser();

describe('the API reference page', () => {
  it('renders every endpoint from /api/openapi.json, with no CSP violation or script error', async () => {
    const { context, page } = await openPage(env.browser, env.server.url);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto(`${env.server.url}/api/docs`);
      await expect.poll(() => page.locator('.opblock').count(), { timeout: 20_000 }).toBeGreaterThan(20);
      const paths = await page.locator('.opblock-summary-path').allInnerTexts();
      for (const path of ['/api/place-order', '/api/order-status/{order_id}', '/seller/update-order-status', '/healthz']) {
        expect(paths.map((p) => p.replace(/\u200b/g, ''))).toContain(path);
      }
      await expect.poll(() => page.getByText('OrderPulse API').count()).toBeGreaterThan(0);

      // Open the health check and try it: the page calls the API on this origin.
      await page.locator('.opblock-summary-path', { hasText: '/healthz' }).first().click();
      await page.getByRole('button', { name: 'Try it out' }).click();
      await page.getByRole('button', { name: 'Execute' }).click();
      await expect.poll(() => page.locator('.live-responses-table tbody .response-col_status').first().innerText()).toContain('200');
      await screenshot(page, 'api-docs');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
