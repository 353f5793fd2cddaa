import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let web: string;
const SCRIPT = 'console.log("orderpulse");'.repeat(20);

beforeAll(async () => {
  web = mkdtempSync(join(tmpdir(), 'orderpulse-web-'));
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>OrderPulse</title><div id="root"></div>');
  writeFileSync(join(web, 'assets', 'app-abc123.js'), SCRIPT);
  writeFileSync(join(web, 'assets', 'app-abc123.js.br'), brotliCompressSync(SCRIPT));
  server = await startTestServer({ WEB_DIST: web });
});
afterAll(async () => {
  await server.stop();
  rmSync(web, { recursive: true, force: true });
});

describe('serving the web app', () => {
  it('serves app routes with index.html (client-side routing), with the document policies', async () => {
    for (const path of ['/', '/cart', '/order-confirmation/OP-0000000000', '/seller-dashboard']) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
      const csp = res.headers.get('content-security-policy') ?? '';
      for (const rule of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'"]) expect(csp, path).toContain(rule);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(res.headers.get('permissions-policy'), path).toContain('camera=()');
    }
  });

  it('keeps API and socket paths out of the SPA fallback', async () => {
    for (const path of ['/api/nope', '/healthz/x', '/seller/update-order-status/x']) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('sends the brotli twin of an asset to a browser that accepts it, cached for good', async () => {
    const res = await fetch(`${server.url}/assets/app-abc123.js`, { headers: { 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toContain('immutable');
    // fetch decodes br itself; the body is the original script either way.
    expect(await res.text()).toBe(SCRIPT);
  });
});
