/**
 * Debian's Chromium under playwright-core (never a downloaded browser), and a node with
 * the built web app on port 0 and a temp database.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results');

/** `env` is added to this process's environment for the browser (a FONTCONFIG_FILE, say). */
export async function launchBrowser(options: { env?: Record<string, string> } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    ...(options.env ? { env: { ...definedEnv(), ...options.env } } : {}),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Playwright's `env` replaces the browser's whole environment, so it starts from ours. */
function definedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** This test file's web server and browser: started before its tests, closed after them. */
export interface WebServerAndBrowser {
  readonly server: TestServer;
  readonly browser: Browser;
}

/** `env` overrides the node's configuration (a low login limit, say). */
export function useWebServerAndBrowser(env: Record<string, string> = {}): WebServerAndBrowser {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(env), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started yet (use it inside a test or hook)`);
    return value;
  };
  return {
    get server() {
      return started(server, 'web server');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}

/** A node serving this run's build of the web app (see build-web.ts), with its own database. */
export function startWebServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({ WEB_DIST: inject('webDist'), ...env });
}

/** The whole page by default; `fullPage: false` for what fits the viewport (an open dialog, say). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: options.fullPage ?? true });
}
