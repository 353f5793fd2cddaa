/**
 * A fresh browser context per test: a fixed viewport, locale and time zone (so money and
 * dates read the same on every machine), and optionally the session of an API-made user.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Actor } from '../../support/factories.js';
import { shareSession } from './sessions.js';

export interface Viewport {
  name: 'desktop' | 'mobile';
  width: number;
  height: number;
}

export const DESKTOP: Viewport = { name: 'desktop', width: 1440, height: 900 };
export const MOBILE: Viewport = { name: 'mobile', width: 375, height: 812 };
export const VIEWPORTS: readonly Viewport[] = [DESKTOP, MOBILE];

export interface OpenOptions {
  viewport?: Viewport;
  /** Logged in as this user; a guest without it. */
  as?: Actor;
  /** axe-core is injected as an inline script, which the app's CSP (rightly) refuses. */
  bypassCSP?: boolean;
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
}

export async function openPage(browser: Browser, baseUrl: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const viewport = options.viewport ?? DESKTOP;
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    locale: 'en-US',
    timezoneId: 'UTC',
    bypassCSP: options.bypassCSP ?? false,
  });
  if (options.as) await shareSession(context, options.as.client, baseUrl);
  const page = await context.newPage();
  // Generous: two cores may be shared with a build; a wait returns as soon as its condition holds.
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Counts full page loads, so a test can prove a change arrived without a reload. */
export function countLoads(page: Page): () => number {
  let loads = 0;
  page.on('load', () => loads++);
  return () => loads;
}

export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

export function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Whether the locator's element is the one that has keyboard focus (false when it is gone). */
export async function hasFocus(locator: Locator): Promise<boolean> {
  if ((await locator.count()) !== 1) return false;
  return locator.evaluate((element) => element === document.activeElement);
}
