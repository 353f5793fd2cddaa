/**
 * `npm run audit:pages`: Lighthouse (desktop preset) on every page of the built web app,
 * logged in where the page needs it, against a node with the demo data. Prints the
 * accessibility, best-practices and performance scores next to the quality bar of
 * PRODUCT.md (95 / 90 / 90). Scores are measured, not asserted: performance depends on
 * how busy the machine is.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import pino from 'pino';
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/app-server.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/seed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BAR = { accessibility: 95, 'best-practices': 90, performance: 90 } as const;
type Category = keyof typeof BAR;

async function login(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`demo login failed for ${email}: ${res.status}`);
  return (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}

async function main() {
  execFileSync(process.execPath, ['web/build-if-stale.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'orderpulse-audit-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'audit.db'),
    DEMO_DATA: 'on',
    LOG_LEVEL: 'silent',
    WEB_DIST: join(ROOT, 'dist/web'),
  });
  const server = await startServer(config, pino({ level: 'silent' }));
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const buyer = await login(server.url, DEMO_ACCOUNTS[0].email);
    const seller = await login(server.url, DEMO_ACCOUNTS[2].email);
    const orders = (await (await fetch(`${server.url}/api/user-orders-detailed`, { headers: { cookie: buyer } })).json()) as {
      orders: { order_number: string }[];
    };
    const orderNumber = orders.orders[0]?.order_number ?? 'missing';
    const pages: [string, string, string | null][] = [
      ['catalog', '/', null],
      ['product', '/products/1', null],
      ['login', '/login', null],
      ['register', '/register', null],
      ['cart', '/cart', buyer],
      ['checkout', '/checkout', buyer],
      ['my orders', '/orders', buyer],
      ['order confirmation', `/order-confirmation/${orderNumber}`, buyer],
      ['seller dashboard', '/seller-dashboard', seller],
    ];
    const rows: string[] = [];
    let misses = 0;
    for (const [name, path, cookie] of pages) {
      const result = await lighthouse(
        `${server.url}${path}`,
        { port: chrome.port, output: 'json', logLevel: 'error', ...(cookie && { extraHeaders: { Cookie: cookie } }) },
        { ...desktopConfig, settings: { ...desktopConfig.settings, onlyCategories: Object.keys(BAR) } },
      );
      const categories = result?.lhr.categories ?? {};
      const scores = (Object.keys(BAR) as Category[]).map((c) => Math.round((categories[c]?.score ?? 0) * 100));
      const marks = scores.map((score, i) => {
        const ok = score >= BAR[(Object.keys(BAR) as Category[])[i] ?? 'performance'];
        if (!ok) misses++;
        return `${String(score).padStart(3)} ${ok ? 'PASS' : 'MISS'}`;
      });
      rows.push(`| ${name.padEnd(18)} | ${marks.join(' | ')} |`);
      if (scores.some((s, i) => s < BAR[(Object.keys(BAR) as Category[])[i] ?? 'performance'])) {
        const failing = Object.values(result?.lhr.audits ?? {})
          .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
          .map((a) => `    - ${a.id}: ${a.title}`);
        rows.push(...failing.slice(0, 8));
      }
    }
    console.log(`\nLighthouse ${'12.2.3'} desktop preset, ${new Date().toISOString()}\n`);
    console.log('| page               | accessibility (≥95) | best practices (≥90) | performance (≥90) |');
    console.log('|---|---|---|---|');
    for (const row of rows) console.log(row);
    console.log(misses === 0 ? '\nall pages meet the bar' : `\n${misses} score(s) below the bar`);
  } finally {
    await chrome.kill();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
