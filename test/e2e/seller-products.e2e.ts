/**
 * A new seller's first product, in the browser: the empty products page leads to the form, the
 * product goes in with a picture and shows in the public catalog with it, then its price and
 * stock change.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { registerSeller } from '../support/factories.js';
import { screenshot, useWebServerAndBrowser } from './support/browser.js';
import { openPage } from './support/contexts.js';

const web = useWebServerAndBrowser();

/** A real 32×32 PNG of one colour (what a browser decodes and shows). */
function solidPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(32, 0);
  header.writeUInt32BE(32, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.concat(Array.from({ length: 32 }, () => Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: 32 }, () => [0x3b, 0x5b, 0xdb]).flat())])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe('seller products', () => {
  it('a new seller adds a product with a picture, sees it in the catalog, then edits its price and stock', async () => {
    const seller = await registerSeller(web.server.url);
    const name = `Indigo Felt Hat ${Date.now().toString(36)}`;
    const { context, page } = await openPage(web.browser, web.server.url, { as: seller });
    try {
      await page.goto(`${web.server.url}/seller/products`);
      await page.getByRole('link', { name: 'Add your first product' }).click();
      await page.getByRole('heading', { name: 'New product' }).waitFor();
      await page.getByLabel('Name').fill(name);
      await page.getByLabel(/Price/).fill('24.50');
      await page.getByLabel(/In stock/).fill('12');
      await page.getByLabel(/Sizes/).fill('S, M, L');
      await page.getByLabel(/Picture/).setInputFiles({ name: 'hat.png', mimeType: 'image/png', buffer: solidPng() });
      await page.getByRole('img', { name: 'Preview of the chosen picture' }).waitFor();
      await screenshot(page, 'seller-product-new');
      await page.getByRole('button', { name: 'Add product' }).click();
      await page.waitForURL(/\/seller\/products\/\d+\?added=1$/);
      await page.getByRole('status').filter({ hasText: 'Added' }).waitFor();
      const id = Number(new URL(page.url()).pathname.split('/').pop());

      // The public catalog shows it, with its picture served from the database as a copy sized
      // for the card (WebP, 320 px, and 640 px for 2× screens).
      const shop = await context.newPage();
      await shop.goto(`${web.server.url}/?q=${encodeURIComponent(name)}`);
      await shop.getByRole('link', { name }).first().waitFor();
      const card = shop.locator(`img[src^="/images/products/${id}/"]`).first();
      const src = await card.getAttribute('src');
      expect(src).toMatch(new RegExp(`^/images/products/${id}/[0-9a-f]{16}-320\\.webp$`));
      expect(await card.getAttribute('srcset')).toBe(`${src} 1x, ${src?.replace('-320.', '-640.')} 2x`);
      const served = await fetch(web.server.url + (src ?? ''));
      expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/webp']);
      await expect.poll(() => shop.locator(`img[src="${src}"]`).first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(32);
      await screenshot(shop, 'catalog-with-new-product');
      await shop.close();

      // Price and stock change; the list shows them, with the low-stock badge.
      await page.getByLabel(/Price/).fill('30');
      await page.getByLabel(/In stock/).fill('3');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      await page.getByRole('navigation', { name: 'Seller dashboard' }).getByRole('link', { name: /Products/ }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
      await row.waitFor();
      await expect(row.textContent()).resolves.toMatch(/\$30\.00.*3.*Low stock/s);
      await screenshot(page, 'seller-products');
      const api = await seller.client.get<{ product: { price: number; stock: number } }>(`/api/products/${id}`);
      expect([api.body.product.price, api.body.product.stock]).toEqual([3000, 3]);
    } finally {
      await context.close();
    }
  });
});
