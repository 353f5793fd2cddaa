import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { orderScenario } from '../support/factories.js';
import type { TestServer } from '../support/test-server.js';
import { launchBrowser, startWebServer } from './support/browser.js';
import { openPage } from './support/contexts.js';
let server: TestServer;
let browser: Browser;
beforeAll(async () => { [server, browser] = await Promise.all([startWebServer(), launchBrowser()]); });
afterAll(async () => { await browser?.close(); await server?.stop(); });
it('probe', async () => {
  const { buyer, orderNumber } = await orderScenario(server.url, { name: 'Comeback Cedar Box' });
  const { context, page } = await openPage(browser, server.url, { as: buyer });
  let down = true;
  const t0 = Date.now();
  const log = (m: string) => console.log(((Date.now() - t0) / 1000).toFixed(1), m);
  await context.routeWebSocket((url) => url.pathname.startsWith('/socket.io'), (ws) => {
    log(`ws attempt down=${down} ${ws.url()}`);
    if (down) return ws.close();
    const srv = ws.connectToServer();
    srv.onClose((code, reason) => log(`server closed ${code} ${reason}`));
    ws.onClose((code, reason) => log(`page closed ${code} ${reason}`));
    return undefined;
  });
  page.on('console', (m) => log(`console ${m.text()}`));
  page.on('websocket', (w) => log(`page websocket ${w.url()}`));
  await page.goto(`${server.url}/order-confirmation/${orderNumber}`);
  await page.getByText('Polling every 30 s', { exact: true }).waitFor();
  log('polling shown');
  await page.waitForTimeout(6000);
  down = false;
  log('up');
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(1000);
    const mode = await page.locator('.live-indicator').textContent();
    if (i % 5 === 0 || mode === 'Live') log(`mode ${mode}`);
    if (mode === 'Live') break;
  }
  await context.close();
}, 120000);
