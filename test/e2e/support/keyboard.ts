/** Keyboard checks shared by the browser tests: what has focus, and what Tab reaches. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { hasFocus } from './contexts.js';

/** What has focus, in words a failure message can show. */
export function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return 'body';
    const name = active.getAttribute('aria-label') ?? active.textContent?.trim().slice(0, 40) ?? '';
    return `${active.tagName.toLowerCase()}${active.id ? `#${active.id}` : ''} “${name}”`;
  });
}

export function focusIsInside(container: Locator): Promise<boolean> {
  return container.evaluate((element) => element.contains(document.activeElement));
}

export async function tabUntilFocused(page: Page, target: Locator, maxPresses = 60): Promise<number> {
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await hasFocus(target)) return presses;
  }
  throw new Error(`Tab never reached the target; focus ended on ${await describeFocus(page)}`);
}

/**
 * From the top of the page, Tab alone reaches every control a person can see and use: each
 * visible, enabled link, button and field (a group of radio buttons counts once: Tab enters
 * it, the arrows move inside it).
 */
export async function expectTabReachesEveryControl(page: Page): Promise<void> {
  const controls = await page.evaluate(() => {
    const candidates = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]')];
    const usable = candidates.filter((element) => {
      if (element.matches(':disabled') || element.tabIndex < 0 || element.closest('[inert], [hidden]')) return false;
      if (element instanceof HTMLInputElement && element.type === 'hidden') return false;
      return element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
    });
    return usable.map((element, index) => {
      const key = element instanceof HTMLInputElement && element.type === 'radio' ? `radio:${element.name}` : `control:${index}`;
      element.dataset.keyboardKey = key;
      const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
      return { key, name: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} “${name}”` };
    });
  });
  const keys = new Set(controls.map((c) => c.key));
  expect(keys.size, 'the page has controls').toBeGreaterThan(0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const reached = new Set<string>();
  // Enough presses to go round once with room for the browser's own stops.
  for (let press = 0; press < keys.size + 10 && reached.size < keys.size; press++) {
    await page.keyboard.press('Tab');
    const key = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.keyboardKey ?? null);
    if (key) reached.add(key);
  }
  const missed = controls.filter((c) => !reached.has(c.key)).map((c) => c.name);
  expect(missed, 'controls Tab never reached').toEqual([]);
}
