/** POST /api/seller/products/:id/image and the pictures it serves: checked by content, size-limited, kept in the database. */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { createProduct, registerBuyer, registerSeller, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
/** Real pictures, made by sharp: sellers upload photos, and the server decodes what it keeps. */
let JPEG: Buffer;
let WEBP: Buffer;
beforeAll(async () => {
  server = await startTestServer();
  const canvas = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#c0392b' } });
  [JPEG, WEBP] = await Promise.all([canvas().jpeg().toBuffer(), canvas().webp().toBuffer()]);
});
afterAll(() => server.stop());

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const form = (bytes: Buffer, name = 'picture.png', type = 'image/png', field = 'image') => {
  const data = new FormData();
  data.set(field, new Blob([new Uint8Array(bytes)], { type }), name);
  return data;
};
const upload = (seller: Actor, productId: number, body: FormData) =>
  seller.client.post<{ product: ProductBody }>(`/api/seller/products/${productId}/image`, body);

describe('POST /api/seller/products/:id/image', () => {
  it('stores a PNG, points image_url at it, and serves it to anyone with a year-long cache lifetime', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const res = await upload(seller, product.id, form(PNG));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const url = res.body.product.image_url ?? '';
    expect(url).toMatch(new RegExp(`^/images/products/${product.id}/[0-9a-f]{16}\\.png$`));
    expect((await new TestClient(server.url).get<{ product: ProductBody }>(`/api/products/${product.id}`)).body.product.image_url).toBe(url);

    const served = await fetch(server.url + url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('gives every new picture a new URL (JPEG, WebP); the old URL answers 404', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const first = (await upload(seller, product.id, form(PNG))).body.product.image_url ?? '';
    const jpeg = await upload(seller, product.id, form(JPEG, 'photo.jpeg', 'image/jpeg'));
    expect(jpeg.status).toBe(200);
    const second = jpeg.body.product.image_url ?? '';
    expect(second).toMatch(/\.jpg$/);
    expect(second).not.toBe(first);
    expect((await fetch(server.url + first)).status).toBe(404);
    expect((await fetch(server.url + second)).headers.get('content-type')).toBe('image/jpeg');
    // A WebP sent as application/octet-stream under a .txt name: its content decides.
    const webp = await upload(seller, product.id, form(WEBP, 'notes.txt', 'application/octet-stream'));
    expect(webp.status).toBe(200);
    expect(webp.body.product.image_url).toMatch(/\.webp$/);
    expect((await fetch(server.url + (webp.body.product.image_url ?? ''))).status).toBe(200);
    expect((await fetch(server.url + second.replace('.jpg', '.png'))).status).toBe(404);
  });

  it('refuses a text file renamed .png (415), a 6 MB file (413) and one byte over 5 MB (413), storing nothing', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const before = await server.db.fingerprint();
    expectError(await upload(seller, product.id, form(Buffer.from('just some text, honestly'), 'cat.png', 'image/png')), 415, 'unsupported_media_type');
    const sixMb = Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]);
    expectError(await upload(seller, product.id, form(sixMb)), 413, 'payload_too_large');
    const justOver = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 1 - PNG.length)]);
    expectError(await upload(seller, product.id, form(justOver)), 413, 'payload_too_large');
    expect(await server.db.fingerprint()).toBe(before);
    expect(await server.db.count('products', 'id = ? AND image_url IS NOT NULL', product.id)).toBe(0);
    const exactly = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 - PNG.length)]);
    expect((await upload(seller, product.id, form(exactly))).status).toBe(200);
  });

  it('refuses another seller’s product (403), an unknown one (404), a buyer (403) and no session (401)', async () => {
    const [seller, rival, buyer] = await Promise.all([registerSeller(server.url), registerSeller(server.url), registerBuyer(server.url)]);
    const product = await createProduct(seller);
    const before = await server.db.fingerprint();
    expectError(await upload(rival, product.id, form(PNG)), 403, 'forbidden');
    expectError(await upload(seller, 2 ** 40, form(PNG)), 404, 'not_found');
    expectError(await upload(buyer, product.id, form(PNG)), 403, 'forbidden');
    expectError(await new TestClient(server.url).post(`/api/seller/products/${product.id}/image`, form(PNG)), 401, 'unauthorized');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('refuses a form without the image field, a text field in its place, and a body that is no form (4xx)', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    expectError(await upload(seller, product.id, form(PNG, 'a.png', 'image/png', 'picture')), 400, 'invalid_input');
    const text = new FormData();
    text.set('image', 'not a file');
    expectError(await upload(seller, product.id, text), 400, 'invalid_input');
    const json = await seller.client.post(`/api/seller/products/${product.id}/image`, { image: 'x' });
    // Told what it does take: a multipart form with the picture in `image`.
    const message = expectError(json, 415, 'unsupported_media_type').error.message;
    expect(message).toMatch(/multipart\/form-data/);
    expect(message).toMatch(/\bimage\b/);
    expect(message).not.toMatch(/JSON/);
  });

  it('keeps WebP copies sized for each place (128, 320, 640, 1120 px), never wider than the upload', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const photo = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#2e86de' } }).png().toBuffer();
    const url = (await upload(seller, product.id, form(photo))).body.product.image_url ?? '';
    const base = url.replace(/\.png$/, '');
    for (const width of [128, 320, 640, 1120]) {
      const copy = await fetch(`${server.url}${base}-${width}.webp`);
      expect(copy.status, `${width} px`).toBe(200);
      expect(copy.headers.get('content-type')).toBe('image/webp');
      expect(copy.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const bytes = Buffer.from(await copy.arrayBuffer());
      expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width, height: Math.round((width * 1500) / 2000) });
      expect(bytes.length).toBeLessThan(photo.length);
    }
    // A 1×1 picture is not blown up.
    const tiny = (await upload(seller, product.id, form(PNG))).body.product.image_url ?? '';
    const copy = Buffer.from(await (await fetch(`${server.url}${tiny.replace(/\.png$/, '')}-640.webp`)).arrayBuffer());
    expect(await sharp(copy).metadata()).toMatchObject({ format: 'webp', width: 1, height: 1 });
    // Only the widths kept, only as WebP.
    expect((await fetch(`${server.url}${tiny.replace(/\.png$/, '')}-500.webp`)).status).toBe(400);
    expect((await fetch(`${server.url}${tiny.replace(/\.png$/, '')}-640.png`)).status).toBe(400);
  });

  it('refuses bytes that only begin like a picture (415), storing nothing', async () => {
    const seller = await registerSeller(server.url);
    const product = await createProduct(seller);
    const before = await server.db.fingerprint();
    const fake = Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(200, 7)]);
    expectError(await upload(seller, product.id, form(fake)), 415, 'unsupported_media_type');
    expect(await server.db.fingerprint()).toBe(before);
  });

  it('serves no picture for a malformed or unknown address', async () => {
    expect((await fetch(`${server.url}/images/products/1/nothex.png`)).status).toBe(400);
    expect((await fetch(`${server.url}/images/products/${2 ** 40}/0123456789abcdef.png`)).status).toBe(404);
  });
});
