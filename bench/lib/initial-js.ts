/**
 * A page's initial JS: the scripts the browser loads for it before anyone interacts — the
 * entry chunk and its static imports (index.html's script and modulepreload links) plus the
 * lazy page chunk the route loads and its static imports. Measured in the browser (every
 * script response until the network is idle) so a chunk the bundler split differently is
 * still counted; sized as the gzip twins the server sends (web/build-if-stale.mjs writes them).
 * Scripts requested once the page's own data has arrived (socket.io-client, imported when the
 * tracker painted from that data goes live) are listed apart and not counted, as
 * bench/initial-js.ts leaves out what the chunk graph loads after the page's static imports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export interface InitialJs {
  url: string;
  /** Path → gzipped bytes, in the order the browser requested them. */
  scripts: { path: string; gzipBytes: number; inHtml: boolean; afterData: boolean }[];
  /** Every script requested before the page's data arrived. */
  totalGzipBytes: number;
  htmlGzipBytes: number;
}

function gzipBytes(webDist: string, path: string): number {
  const file = join(webDist, path);
  if (existsSync(`${file}.gz`)) return readFileSync(`${file}.gz`).length;
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** The entry script and modulepreload links of the built index.html. */
function scriptsInHtml(webDist: string): Set<string> {
  const html = readFileSync(join(webDist, 'index.html'), 'utf8');
  const paths = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => m[1] ?? '');
  return new Set(paths);
}

export async function measureInitialJs(options: {
  cdpPort: number;
  url: string;
  cookie: string | null;
  webDist: string;
  /** The path prefix of the page's own data (`/api/orders/`): what the page shows once it arrives. */
  dataPath: string;
}): Promise<InitialJs> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${options.cdpPort}`);
  try {
    // The cookie as a header, as Lighthouse sends it: the session cookie's attributes need not fit a test origin.
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, ...(options.cookie && { extraHTTPHeaders: { cookie: options.cookie } }) });
    const page = await context.newPage();
    const requested = new Map<string, boolean>();
    let dataArrived = false;
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith(options.dataPath)) dataArrived = true;
    });
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (request.resourceType() === 'script' && !requested.has(path)) requested.set(path, dataArrived);
    });
    await page.goto(options.url, { waitUntil: 'networkidle' });
    if (page.url() !== options.url) throw new Error(`${options.url} went to ${page.url()}: not the page to measure`);
    await context.close();
    const inHtml = scriptsInHtml(options.webDist);
    const scripts = [...requested].map(([path, afterData]) => ({ path, gzipBytes: gzipBytes(options.webDist, path), inHtml: inHtml.has(path), afterData }));
    const sum = (list: typeof scripts) => list.reduce((total, s) => total + (s.afterData ? 0 : s.gzipBytes), 0);
    return { url: options.url, scripts, totalGzipBytes: sum(scripts), htmlGzipBytes: sum(scripts.filter((s) => s.inHtml)) };
  } finally {
    // Only the CDP connection: the browser belongs to the caller.
    await browser.close();
  }
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function formatInitialJs(measured: InitialJs): string {
  const lines = measured.scripts.map((s) => `  ${s.path.padEnd(48)} ${kB(s.gzipBytes).padStart(9)}${s.inHtml ? '  (index.html)' : s.afterData ? '  (after the page painted its data; not counted)' : '  (route)'}`);
  return [
    `order confirmation initial JS (gzipped; bar ≤ 40 kB): ${kB(measured.totalGzipBytes)} — index.html entry + static imports ${kB(measured.htmlGzipBytes)}, the route's lazy chunks ${kB(measured.totalGzipBytes - measured.htmlGzipBytes)}`,
    ...lines,
  ].join('\n');
}
