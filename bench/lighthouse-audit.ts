/**
 * `npm run audit:pages`: Lighthouse on every page of the built web app (every route of
 * web/src/routes.tsx), each at 375 px (Lighthouse's mobile emulation and throttling, the
 * screen narrowed to 375 × 667) and at 1440 px (the desktop preset, its screen widened to
 * 1440 × 900), logged in where the page needs it, against a node with the demo data. Prints
 * one table of accessibility, best-practices and performance scores next to the quality bar
 * of PRODUCT.md (95 / 90 / 90), then the order confirmation page's initial JS.
 *
 * Scores are measured, not asserted: performance depends on how busy the machine is (2 shared
 * cores), so a page whose performance misses is run again, up to `--perf-runs` times in all
 * (3 by default), and the best performance is printed with the number of runs it took.
 * Accessibility and best practices come from the first run; they do not depend on load.
 *
 * Options: `--pages catalog,cart` (names in the table, case-insensitive; default every page),
 * `--viewports mobile,desktop`, `--perf-runs N`, `--save DIR` (each run's Lighthouse report as JSON).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { defaultConfig, desktopConfig, type Config, type Result } from 'lighthouse';
import pino from 'pino';
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/app-server.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/seed.js';
import { formatInitialJs, measureInitialJs } from './lib/initial-js.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LIGHTHOUSE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/lighthouse/package.json'), 'utf8')) as { version: string }).version;
const BAR = { accessibility: 95, 'best-practices': 90, performance: 90 } as const;
type Category = keyof typeof BAR;
const CATEGORIES = Object.keys(BAR) as Category[];

const VIEWPORTS = {
  mobile: {
    label: '375 px mobile',
    config: {
      ...defaultConfig,
      settings: {
        ...defaultConfig.settings,
        formFactor: 'mobile',
        screenEmulation: { mobile: true, width: 375, height: 667, deviceScaleFactor: 2, disabled: false },
      },
    },
  },
  desktop: {
    label: '1440 px desktop',
    config: {
      ...desktopConfig,
      settings: {
        ...desktopConfig.settings,
        screenEmulation: { mobile: false, width: 1440, height: 900, deviceScaleFactor: 1, disabled: false },
      },
    },
  },
} satisfies Record<string, { label: string; config: Config }>;
type ViewportName = keyof typeof VIEWPORTS;

interface AuditedPage {
  name: string;
  path: string;
  cookie: string | null;
}

interface Measured {
  scores: Record<Category, number>;
  perfRuns: number;
  notes: string[];
}

async function login(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`demo login failed for ${email}: ${res.status}`);
  return (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}

async function api<T>(baseUrl: string, cookie: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json', origin: baseUrl }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every route of web/src/routes.tsx, each in the state a person normally sees it. */
async function pagesToAudit(baseUrl: string): Promise<AuditedPage[]> {
  const buyer = await login(baseUrl, DEMO_ACCOUNTS[0].email);
  const seller = await login(baseUrl, DEMO_ACCOUNTS[2].email);
  const { orders } = await api<{ orders: { order_number: string; checkout_number: string | null }[] }>(baseUrl, buyer, '/api/user-orders-detailed');
  const orderNumber = orders[0]?.order_number;
  const checkoutNumber = orders.find((o) => o.checkout_number)?.checkout_number;
  if (!orderNumber || !checkoutNumber) throw new Error('the demo buyer has no order with a checkout number');
  const { products } = await api<{ products: { id: number; sizes: string[]; colors: string[] }[] }>(baseUrl, seller, '/api/seller/products');
  const product = products[0];
  if (!product) throw new Error('the demo seller has no product');
  // A cart line and a webhook endpoint: the cart, checkout and webhooks pages show content, not their empty state.
  await api(baseUrl, buyer, '/api/cart/items', { product_id: product.id, quantity: 1, size: product.sizes[0], color: product.colors[0] });
  await api(baseUrl, seller, '/api/seller/webhooks', { url: 'https://93.184.215.14/orderpulse/hooks', events: ['order.created'] });
  return [
    { name: 'catalog', path: '/', cookie: null },
    { name: 'product', path: `/products/${product.id}`, cookie: null },
    { name: 'login', path: '/login', cookie: null },
    { name: 'register', path: '/register', cookie: null },
    { name: 'not found', path: '/no-such-page', cookie: null },
    { name: 'cart', path: '/cart', cookie: buyer },
    { name: 'checkout', path: '/checkout', cookie: buyer },
    { name: 'my orders', path: '/orders', cookie: buyer },
    { name: 'order confirmation', path: `/order-confirmation/${orderNumber}`, cookie: buyer },
    { name: 'checkout confirmation', path: `/checkout-confirmation/${checkoutNumber}`, cookie: buyer },
    { name: 'seller dashboard', path: '/seller-dashboard', cookie: seller },
    { name: 'seller webhooks', path: '/seller-dashboard/webhooks', cookie: seller },
    { name: 'seller returns', path: '/seller-dashboard/returns', cookie: seller },
    { name: 'seller products', path: '/seller/products', cookie: seller },
    { name: 'new product', path: '/seller/products/new', cookie: seller },
    { name: 'product editor', path: `/seller/products/${product.id}`, cookie: seller },
  ];
}

/** What a missed category is made of: failing binary audits, and for performance the metrics. */
function missNotes(lhr: Result, scores: Record<Category, number>): string[] {
  const notes: string[] = [];
  for (const category of CATEGORIES) {
    if (scores[category] >= BAR[category]) continue;
    const refs = lhr.categories[category]?.auditRefs ?? [];
    if (lhr.categories[category]?.score === null) {
      const errors = refs.map((r) => lhr.audits[r.id]).filter((a) => a?.errorMessage);
      notes.push(`${category}: no score — ${lhr.runtimeError?.message ?? errors.map((a) => `${a?.id}: ${a?.errorMessage}`).join('; ')}`);
    }
    for (const ref of refs) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 0.9 || ref.weight === 0) continue;
      notes.push(`${category}: ${audit.id} — ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
    }
  }
  return notes;
}

async function auditPage(baseUrl: string, port: number, page: AuditedPage, viewport: ViewportName, perfRuns: number, saveDir?: string): Promise<Measured> {
  const { config } = VIEWPORTS[viewport];
  let first: Measured | undefined;
  let failedRuns = 0;
  for (let run = 1; run <= perfRuns; run++) {
    const result = await lighthouse(
      `${baseUrl}${page.path}`,
      { port, output: 'json', logLevel: 'error', ...(page.cookie && { extraHeaders: { Cookie: page.cookie } }) },
      { ...config, settings: { ...config.settings, onlyCategories: CATEGORIES } },
    );
    if (!result) throw new Error(`Lighthouse returned nothing for ${page.path}`);
    const { lhr } = result;
    if (saveDir) writeFileSync(join(saveDir, `${page.name.replace(/ /g, '-')}.${viewport}.${run}.json`), JSON.stringify(lhr));
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Record<Category, number>;
    const incomplete = CATEGORIES.some((c) => lhr.categories[c]?.score === null);
    if (incomplete && run < perfRuns) {
      // A run that could not score a category (a trace or protocol error under load) is run again, not reported.
      failedRuns++;
      continue;
    }
    if (!first) first = { scores, perfRuns: 0, notes: missNotes(lhr, scores) };
    else if (scores.performance > first.scores.performance) {
      first.scores.performance = scores.performance;
      first.notes = [...first.notes.filter((n) => !n.startsWith('performance:')), ...missNotes(lhr, scores).filter((n) => n.startsWith('performance:'))];
    }
    first.perfRuns = run - failedRuns;
    if (first.scores.performance >= BAR.performance) break;
  }
  if (!first) throw new Error('perf-runs must be at least 1');
  if (failedRuns > 0) process.stderr.write(`  ${page.name} ${viewport}: ${failedRuns} run(s) could not score every category and ran again\n`);
  return first;
}

function cell(measured: Measured, category: Category): string {
  const score = measured.scores[category];
  const runs = category === 'performance' && measured.perfRuns > 1 ? ` (best of ${measured.perfRuns})` : '';
  return `${score}${runs}${score >= BAR[category] ? '' : ' **MISS**'}`;
}

async function main() {
  const { values } = parseArgs({
    options: { pages: { type: 'string' }, viewports: { type: 'string', default: 'mobile,desktop' }, 'perf-runs': { type: 'string', default: '3' }, save: { type: 'string' } },
  });
  const viewports = values.viewports.split(',').map((v) => {
    if (!(v in VIEWPORTS)) throw new Error(`unknown viewport ${v}: mobile or desktop`);
    return v as ViewportName;
  });
  const perfRuns = Number(values['perf-runs']);
  if (values.save) mkdirSync(values.save, { recursive: true });
  const only = values.pages?.split(',').map((p) => p.trim().toLowerCase());

  execFileSync(process.execPath, ['web/build-if-stale.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'orderpulse-audit-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'audit.db'),
    MAIL_DIR: join(dir, 'mail'),
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
    const everyPage = await pagesToAudit(server.url);
    const pages = everyPage.filter((p) => !only || only.includes(p.name));
    const confirmation = everyPage.find((p) => p.name === 'order confirmation');
    if (!confirmation) throw new Error('no order confirmation page in the list');
    const rows: string[] = [];
    const notes: string[] = [];
    let misses = 0;
    for (const page of pages) {
      const cells: string[] = [];
      for (const viewport of viewports) {
        const measured = await auditPage(server.url, chrome.port, page, viewport, perfRuns, values.save);
        cells.push(...CATEGORIES.map((c) => cell(measured, c)));
        misses += CATEGORIES.filter((c) => measured.scores[c] < BAR[c]).length;
        notes.push(...measured.notes.map((n) => `- ${page.name} at ${VIEWPORTS[viewport].label}: ${n}`));
        process.stderr.write(`  ${page.name} ${viewport}: ${CATEGORIES.map((c) => measured.scores[c]).join(' / ')}\n`);
      }
      rows.push(`| ${page.name} | \`${page.path.replace(/\/(OP|CO)-[^/]+$/, '/$1-…')}\` | ${cells.join(' | ')} |`);
    }
    const initialJs = await measureInitialJs({ cdpPort: chrome.port, url: `${server.url}${confirmation.path}`, cookie: confirmation.cookie, webDist: join(ROOT, 'dist/web'), dataPath: '/api/orders/' });

    console.log(`\nLighthouse ${LIGHTHOUSE_VERSION}, ${new Date().toISOString()}; performance: best of up to ${perfRuns} runs when a run misses\n`);
    const header = viewports.flatMap((v) => CATEGORIES.map((c) => `${VIEWPORTS[v].label} ${c === 'best-practices' ? 'best practices' : c} (≥${BAR[c]})`));
    console.log(`| page | path | ${header.join(' | ')} |`);
    console.log(`|---|---|${header.map(() => '--:').join('|')}|`);
    for (const row of rows) console.log(row);
    console.log(misses === 0 ? '\nevery page meets the bar at every viewport' : `\n${misses} score(s) below the bar:\n${notes.join('\n')}`);
    console.log(`\n${formatInitialJs(initialJs)}`);
  } finally {
    await chrome.kill();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
