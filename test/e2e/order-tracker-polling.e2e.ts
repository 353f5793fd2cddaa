/**
 * With the socket unreachable, the confirmation page falls back to polling every 30 s and
 * still shows the seller's change within one poll. Runs with the real 30 s interval.
 */
import { expect, it } from 'vitest';
import { orderScenario, setStatus } from '../support/factories.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { countLoads, openPage } from './support/contexts.js';

const POLL_INTERVAL_MS = 30_000;
/** Scheduling slack on two busy cores: the fetch, the render and the wait's own polling. */
const SLACK_MS = 5_000;

const web = useWebServerAndBrowser();

it('shows "Polling every 30 s" and picks up the seller’s change within one poll, without a reload', async () => {
  const { seller, buyer, orderId, orderNumber } = await orderScenario(web.server.url, { name: 'Polling Pine Candle' });
  const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
  // Every WebSocket to Socket.IO is closed as soon as it opens: the push channel is down.
  let socketAttempts = 0;
  await context.routeWebSocket(
    (url) => url.pathname.startsWith('/socket.io'),
    (ws) => {
      socketAttempts++;
      return ws.close();
    },
  );
  const statusFetches: number[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === `/api/order-status/${orderId}`) statusFetches.push(Date.now());
  });
  const loads = countLoads(page);

  await page.goto(`${web.server.url}/order-confirmation/${orderNumber}`);
  await page.getByRole('heading', { name: orderNumber, level: 1 }).waitFor();
  const tracker = page.getByRole('region', { name: 'Order progress' });
  await tracker.getByRole('status').filter({ hasText: 'Waiting for the seller to confirm your order' }).waitFor();
  await page.getByText('Polling every 30 s', { exact: true }).waitFor();
  expect(socketAttempts, 'the page tried the socket first').toBeGreaterThan(0);
  await screenshot(page, 'order-confirmation-polling');

  const changedAt = Date.now();
  await setStatus(seller, orderId, 'confirmed');

  await tracker
    .getByRole('status')
    .filter({ hasText: 'Seller confirmed your order!' })
    .waitFor({ timeout: POLL_INTERVAL_MS + SLACK_MS });
  const elapsed = Date.now() - changedAt;
  const shownAt = Date.now();
  expect(elapsed, 'the change shows within one poll').toBeLessThanOrEqual(POLL_INTERVAL_MS + SLACK_MS);
  await expect(tracker.locator('[aria-current="step"]').textContent()).resolves.toContain('Confirmed');
  expect(
    statusFetches.some((at) => at >= changedAt),
    'the change came by GET /api/order-status (the socket is blocked)',
  ).toBe(true);
  // Every 30 s, not a tight loop: since the page opened, at most one or two status fetches.
  expect(statusFetches.filter((at) => at <= shownAt).length, `status fetches: ${statusFetches.length}`).toBeLessThanOrEqual(2);
  // Still polling: nothing pretended the socket came back.
  await page.getByText('Polling every 30 s', { exact: true }).waitFor();
  expect(loads(), 'the page never reloaded').toBe(1);
  await context.close();
}, 90_000);

it('goes back to Live when the socket returns, and pushes arrive again', async () => {
  const { seller, buyer, orderId, orderNumber } = await orderScenario(web.server.url, { name: 'Comeback Cedar Box' });
  const { context, page } = await openPage(web.browser, web.server.url, { as: buyer });
  // An outage that socket.io-client notices at once: each connection is dropped right after the
  // Engine.IO handshake (a socket closed before the handshake would hang until its 20 s timeout).
  let outage = true;
  await context.routeWebSocket(
    (url) => url.pathname.startsWith('/socket.io'),
    (ws) => {
      const upstream = ws.connectToServer();
      upstream.onMessage((message) => {
        ws.send(message);
        if (outage) void Promise.all([ws.close(), upstream.close()]);
      });
      ws.onMessage((message) => upstream.send(message));
    },
  );
  const loads = countLoads(page);
  await page.goto(`${web.server.url}/order-confirmation/${orderNumber}`);
  await page.getByText('Polling every 30 s', { exact: true }).waitFor();

  outage = false;
  // socket.io-client retries by itself, its back-off capped at 5 s.
  await page.getByText('Live', { exact: true }).waitFor({ timeout: 15_000 });
  const changedAt = Date.now();
  await setStatus(seller, orderId, 'confirmed');
  const tracker = page.getByRole('region', { name: 'Order progress' });
  await tracker.getByRole('status').filter({ hasText: 'Seller confirmed your order!' }).waitFor({ timeout: 5_000 });
  expect(Date.now() - changedAt, 'by push again, not the next poll').toBeLessThan(5_000);
  expect(loads()).toBe(1);
  await context.close();
}, 60_000);
