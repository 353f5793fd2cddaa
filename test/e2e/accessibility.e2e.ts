/**
 * axe-core on every page at 1440 px and 375 px (the update dialog open included): no
 * serious or critical violations, and nothing wider than the screen (a 375 px phone above all).
 */
import type { Page } from 'playwright-core';
import { beforeAll, it } from 'vitest';
import { axeViolations, BLOCKING_IMPACTS, describeFindings } from './support/axe.js';
import { useWebServerAndBrowser } from './support/browser.js';
import { VIEWPORTS } from './support/contexts.js';
import { buildTourScenario, TOUR_STOPS, walkTour, type TourScenario } from './support/page-tour.js';

const web = useWebServerAndBrowser();
let scenario: TourScenario;

beforeAll(async () => {
  scenario = await buildTourScenario(web.server.url);
});

/** What sticks out past the right edge, for the failure message. */
function widestElements(page: Page, limit: number): Promise<string[]> {
  return page.evaluate((width) => {
    const found: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const box = element.getBoundingClientRect();
      if (box.right > width + 0.5 && box.width > 0) {
        const classes = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
        found.push(`${element.tagName.toLowerCase()}${classes} (right edge ${Math.round(box.right)} px)`);
      }
    }
    return found.slice(0, 8);
  }, limit);
}

// The two widths run side by side (two contexts, one Chromium): axe is CPU-bound in each renderer.
// Every page is checked and every finding reported (soft assertions), not just the first.
it.concurrent.for(VIEWPORTS)('at $width px, every page: no serious or critical axe violations, no sideways scroll', { timeout: 180_000 }, async (viewport, { expect }) => {
  const visited: string[] = [];
  await walkTour(
    web.browser,
    web.server.url,
    scenario,
    viewport,
    async (page, stop) => {
      visited.push(stop.name);
      const blocking = (await axeViolations(page)).filter((finding) => BLOCKING_IMPACTS.includes(finding.impact));
      expect.soft(blocking, `${stop.name} at ${viewport.width} px:\n${describeFindings(blocking)}`).toEqual([]);

      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      const culprits = scrollWidth > viewport.width ? await widestElements(page, viewport.width) : [];
      expect
        .soft(scrollWidth, `${stop.name} scrolls sideways at ${viewport.width} px (scrollWidth ${scrollWidth}); wider than the screen:\n  ${culprits.join('\n  ')}`)
        .toBeLessThanOrEqual(viewport.width);
      // An order's items fit the screen: their table never needs scrolling sideways.
      const itemsOverflow = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.table-wrap')].filter((wrap) => wrap.querySelector('.order-items') && wrap.scrollWidth > wrap.clientWidth).length,
      );
      expect.soft(itemsOverflow, `${stop.name}: an order's items table scrolls sideways at ${viewport.width} px`).toBe(0);
    },
    { bypassCSP: true },
  );
  expect(visited).toEqual(TOUR_STOPS.map((stop) => stop.name));
});
