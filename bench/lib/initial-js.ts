/**
 * A page's initial JS: the scripts the browser loads for it before anyone interacts — the
 * entry chunk and its static imports (index.html's script and modulepreload links) plus the
 * lazy page chunk the route loads and its static imports. Measured in the browser (every
 * script response until the network is idle) so a chunk the bundler split differently is
 * still counted; sized as the gzip twins the server sends (web/build-if-stale.mjs writes them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export interface InitialJs {
  url: string;
  /** Path → gzipped bytes, in the order the browser requested them. */
  scripts: { path: string; gzipBytes: number; inHtml: boolean }[];
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

export async function measureInitialJs(options: { cdpPort: number; url: string; cookie: string | null; webDist: string }): Promise<InitialJs> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${options.cdpPort}`);
  try {
    // The cookie as a header, as Lighthouse sends it: the session cookie's attributes need not fit a test origin.
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, ...(options.cookie && { extraHTTPHeaders: { cookie: options.cookie } }) });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') requested.push(new URL(request.url()).pathname);
    });
    await page.goto(options.url, { waitUntil: 'networkidle' });
    if (page.url() !== options.url) throw new Error(`${options.url} went to ${page.url()}: not the page to measure`);
    await context.close();
    const inHtml = scriptsInHtml(options.webDist);
    const scripts = [...new Set(requested)].map((path) => ({ path, gzipBytes: gzipBytes(options.webDist, path), inHtml: inHtml.has(path) }));
    const sum = (list: typeof scripts) => list.reduce((total, s) => total + s.gzipBytes, 0);
    return { url: options.url, scripts, totalGzipBytes: sum(scripts), htmlGzipBytes: sum(scripts.filter((s) => s.inHtml)) };
  } finally {
    // Only the CDP connection: the browser belongs to the caller.
    await browser.close();
  }
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function formatInitialJs(measured: InitialJs): string {
  const lines = measured.scripts.map((s) => `  ${s.path.padEnd(48)} ${kB(s.gzipBytes).padStart(9)}${s.inHtml ? '  (index.html)' : '  (route)'}`);
  return [
    `order confirmation initial JS (gzipped; bar ≤ 40 kB): ${kB(measured.totalGzipBytes)} — index.html entry + static imports ${kB(measured.htmlGzipBytes)}, the route's lazy chunks ${kB(measured.totalGzipBytes - measured.htmlGzipBytes)}`,
    ...lines,
  ].join('\n');
}
