/**
 * Issue 14: the status and cart icons are drawn (inline SVG), so a machine without an emoji
 * font still shows them. Every other browser test runs with fonts-noto-color-emoji, so this
 * file starts a second Chromium whose fontconfig rejects every emoji font, proves with a
 * control emoji that the font is really gone there, then checks the icons in that browser.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAIN_TRACK, STATUS_INFO } from '../../server/domain/order-status.js';
import { advanceTo, orderScenario, type Actor } from '../support/factories.js';
import { SCREENSHOTS, launchBrowser, useWebServerAndBrowser } from './support/browser.js';
import { DESKTOP, MOBILE, openPage, type Viewport } from './support/contexts.js';

const web = useWebServerAndBrowser();
/** The shipped and delivered statuses' emoji, drawn as plain text. */
const CONTROL_EMOJI = `${STATUS_INFO.shipped.emoji}${STATUS_INFO.delivered.emoji}`;

let fontconfigDir: string | undefined;
let noEmojiBrowser: Browser | undefined;

beforeAll(async () => {
  fontconfigDir = mkdtempSync(join(tmpdir(), 'orderpulse-no-emoji-'));
  noEmojiBrowser = await launchBrowser({ env: { FONTCONFIG_FILE: writeNoEmojiFontconfig(fontconfigDir) } });
});

afterAll(async () => {
  await noEmojiBrowser?.close();
  if (fontconfigDir) rmSync(fontconfigDir, { recursive: true, force: true });
});

function startedNoEmojiBrowser(): Browser {
  if (!noEmojiBrowser) throw new Error('the no-emoji-font browser is not started yet');
  return noEmojiBrowser;
}

/** Every font file whose family says "emoji", as fontconfig lists them. */
function emojiFontFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const listing = execFileSync('fc-list', ['--format', '%{file}\t%{family}\n'], { encoding: 'utf8', env });
  return listing
    .split('\n')
    .filter((line) => /emoji/i.test(line.split('\t')[1] ?? ''))
    .map((line) => line.split('\t')[0] ?? '');
}

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A fonts.conf that includes the system's and rejects the emoji fonts (Noto Color Emoji by
 * name, and any other installed one by file). Checked with fc-list, so a rule that does not
 * take fails here with the reason instead of in a pixel count.
 */
function writeNoEmojiFontconfig(dir: string): string {
  const rejected = ['*NotoColorEmoji*', ...emojiFontFiles()];
  const file = join(dir, 'fonts.conf');
  writeFileSync(
    file,
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
      '<fontconfig>',
      '  <include ignore_missing="no">/etc/fonts/fonts.conf</include>',
      '  <selectfont><rejectfont>',
      ...rejected.map((glob) => `    <glob>${xmlText(glob)}</glob>`),
      '  </rejectfont></selectfont>',
      '</fontconfig>',
      '',
    ].join('\n'),
  );
  const left = emojiFontFiles({ ...process.env, FONTCONFIG_FILE: file });
  if (left.length > 0) throw new Error(`fontconfig still offers emoji fonts with ${file}: ${left.join(', ')}`);
  return file;
}

/** Pixels whose channels differ by more than a grey's would: colour emoji have many, black text none. */
async function colourfulPixels(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const [r = 0, g = 0, b = 0] = [data[i], data[i + 1], data[i + 2]];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) count++;
  }
  return count;
}

interface ControlDrawing {
  width: number;
  colourful: number;
}

/** Puts the control emoji on the page in black on white, large, and measures what was drawn. */
async function drawControlEmoji(page: Page): Promise<ControlDrawing> {
  await page.evaluate((text) => {
    const span = document.createElement('span');
    span.id = 'emoji-control';
    span.textContent = text;
    span.setAttribute(
      'style',
      'position:fixed;top:0;left:0;z-index:2147483647;font:48px/1 sans-serif;color:#000;background:#fff;padding:4px',
    );
    document.body.append(span);
  }, CONTROL_EMOJI);
  const control = page.locator('#emoji-control');
  const box = await control.boundingBox();
  const colourful = await colourfulPixels(await control.screenshot());
  await control.evaluate((element) => element.remove());
  return { width: box?.width ?? 0, colourful };
}

/** The element's box on the page and the box of what its shapes draw (SVG getBBox). */
async function drawnSize(svg: Locator): Promise<{ box: number; shapes: number }> {
  return svg.evaluate((element) => {
    if (!(element instanceof SVGSVGElement)) return { box: 0, shapes: 0 };
    const rect = element.getBoundingClientRect();
    const shapes = element.getBBox();
    return { box: rect.width * rect.height, shapes: shapes.width * shapes.height };
  });
}

async function expectDrawnIcon(svg: Locator, what: string): Promise<void> {
  await expect(svg.count(), `${what}: one SVG icon`).resolves.toBe(1);
  const size = await drawnSize(svg);
  expect(size.box, `${what}: the icon takes space on the page`).toBeGreaterThan(0);
  expect(size.shapes, `${what}: the icon draws shapes`).toBeGreaterThan(0);
}

async function openOrder(browser: Browser, viewport: Viewport, buyer: Actor, orderNumber: string): Promise<Page> {
  const { page } = await openPage(browser, web.server.url, { viewport, as: buyer });
  await page.goto(`${web.server.url}/order-confirmation/${orderNumber}`);
  await page.getByRole('region', { name: 'Order progress' }).waitFor();
  return page;
}

it('shows the tracker, status message, badge and cart icons in a Chromium that has no emoji font', async () => {
  const { seller, buyer, orderId, orderNumber } = await orderScenario(web.server.url, { name: 'Fontless Lamp', price: 2400 });
  await advanceTo(seller, orderId, 'processing');

  // The control: the same emoji span, drawn in colour by the usual browser, and without any
  // colour (a box or nothing) where the font was rejected.
  const usualPage = await openOrder(web.browser, DESKTOP, buyer, orderNumber);
  const withFont = await drawControlEmoji(usualPage);
  await usualPage.context().close();
  expect(
    withFont.colourful,
    `the usual browser drew "${CONTROL_EMOJI}" with no colour pixel: without a colour emoji font on this machine (fonts-noto-color-emoji) the comparison proves nothing`,
  ).toBeGreaterThan(200);

  const noEmoji = startedNoEmojiBrowser();
  for (const viewport of [DESKTOP, MOBILE]) {
    const page = await openOrder(noEmoji, viewport, buyer, orderNumber);
    const withoutFont = await drawControlEmoji(page);
    expect(
      withoutFont.colourful,
      `the emoji font is still used with FONTCONFIG_FILE set (${withoutFont.colourful} colour pixels, ${withoutFont.width} px wide; ${withFont.colourful} and ${withFont.width} px with the font): the test cannot run without an emoji font`,
    ).toBe(0);
    // Two boxes (or nothing) are narrower than two emoji.
    expect(withoutFont.width, 'the control emoji kept its emoji width without the font').toBeLessThan(withFont.width);

    const tracker = page.getByRole('region', { name: 'Order progress' });
    const steps = tracker.getByRole('listitem');
    await expect(steps.count()).resolves.toBe(MAIN_TRACK.length);
    for (const [index, status] of MAIN_TRACK.entries()) {
      const step = steps.nth(index);
      await expect(step.getAttribute('data-status')).resolves.toBe(status);
      // The step's words are what a screen reader hears; the icon beside them is hidden from it.
      await expect(step.ariaSnapshot()).resolves.toContain(STATUS_INFO[status].label);
      await expectDrawnIcon(step.locator(`svg.icon--${status}[aria-hidden="true"]`), `${viewport.name} tracker step ${status}`);
    }
    await expect(tracker.locator('[aria-current="step"]').getAttribute('data-status')).resolves.toBe('processing');
    // The status message leads with the status's icon; its emoji stays in the text, unseen.
    const message = tracker.getByRole('status');
    await expectDrawnIcon(message.locator('svg.tracker__message-icon.icon--processing'), `${viewport.name} status message`);
    await expect(message.textContent()).resolves.toContain(STATUS_INFO.processing.message);

    const cart = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Cart/ });
    await expectDrawnIcon(cart.locator('svg.icon--cart'), `${viewport.name} header cart`);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await tracker.screenshot({ path: join(SCREENSHOTS, `tracker-no-emoji-font-${viewport.width}.png`) });
    await page.context().close();
  }

  const { context, page } = await openPage(noEmoji, web.server.url, { as: buyer });
  await page.goto(`${web.server.url}/orders`);
  const card = page.getByRole('listitem').filter({ hasText: orderNumber });
  await card.locator('.status-badge').waitFor();
  await expect(card.locator('.status-badge').innerText()).resolves.toContain(STATUS_INFO.processing.label);
  await expectDrawnIcon(card.locator('.status-badge svg.icon--processing'), 'My orders status badge');
  await context.close();
});
