/**
 * The API document: generated from the route declarations, valid OpenAPI 3.1 by a standard
 * parser, and naming every endpoint of PRODUCT.md with every status PRODUCT.md gives it.
 * (That each response the tests receive fits it is checked in every test: see
 * test/support/openapi-conformance.ts.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

interface Operation {
  responses: Record<string, { headers?: Record<string, unknown> }>;
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  requestBody?: { required?: boolean };
}

interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
}

let server: TestServer;
let document: Document;
beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  document = (await res.json()) as Document;
});
afterAll(() => server.stop());

/** PRODUCT.md's endpoints and the statuses it documents for each, restated here on purpose. */
const CONTRACT: [string, string, number[]][] = [
  ['post', '/api/auth/register', [201, 400, 409]],
  ['post', '/api/auth/login', [200, 400, 401, 429]],
  ['post', '/api/auth/logout', [204]],
  ['get', '/api/auth/me', [200, 401]],
  ['get', '/api/products', [200, 400]],
  ['get', '/api/products/{id}', [200, 404]],
  ['post', '/api/seller/products', [201, 400, 401, 403]],
  ['patch', '/api/seller/products/{id}', [200, 400, 401, 403, 404]],
  ['get', '/api/seller/products', [200, 401, 403]],
  ['get', '/api/cart', [200, 401]],
  ['post', '/api/cart/items', [201, 400, 401, 404, 409]],
  ['patch', '/api/cart/items/{id}', [200, 400, 401, 404]],
  ['delete', '/api/cart/items/{id}', [200, 400, 401, 404]],
  ['post', '/api/place-order', [201, 400, 401, 403, 409, 422]],
  ['get', '/api/order-status/{order_id}', [200, 304, 401, 404]],
  ['get', '/api/user-orders-detailed', [200, 401]],
  ['get', '/api/orders/{order_number}', [200, 401, 404]],
  ['post', '/api/orders/{order_id}/cancel', [200, 401, 404, 409]],
  ['get', '/api/seller/orders', [200, 400, 401, 403]],
  ['post', '/seller/update-order-status', [200, 400, 401, 403, 404, 409, 500]],
  ['post', '/api/orders/{order_id}/return-request', [201, 400, 401, 404, 409]],
  ['get', '/api/seller/return-requests', [200, 400, 401, 403]],
  ['post', '/api/seller/return-requests/{id}/approve', [200, 400, 401, 403, 404, 409]],
  ['post', '/api/seller/return-requests/{id}/decline', [200, 400, 401, 403, 404, 409]],
  ['get', '/healthz', [200, 503]],
  ['get', '/metrics', [200]],
  ['get', '/api/openapi.json', [200]],
  ['get', '/api/docs', [200]],
];

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, by a standard parser', async () => {
    expect(document.openapi).toBe('3.1.0');
    // As a file, byte for byte what the server sent.
    const file = join(server.dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const result = await validate(file);
    expect(result.valid ? [] : result.errors, 'the parser found errors').toEqual([]);
  });

  it.each(CONTRACT)('documents %s %s with every status PRODUCT.md gives it', (method, path, statuses) => {
    const operation = document.paths[path]?.[method];
    expect(operation, `${method.toUpperCase()} ${path} is missing`).toBeDefined();
    const documented = Object.keys(operation?.responses ?? {}).map(Number);
    expect(documented).toEqual(expect.arrayContaining(statuses));
  });

  it('documents the session cookie scheme and marks the endpoints that need it', () => {
    expect(document.components.securitySchemes.session).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'op_session' }));
    expect(document.paths['/api/cart']?.get?.security).toEqual([{ session: [] }]);
    expect(document.paths['/api/products']?.get?.security).toBeUndefined();
  });

  it('documents the error shape once, and every error response uses it', () => {
    expect(document.components.schemas.Error).toBeDefined();
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          // /healthz answers its own body when not ready: that is its contract.
          if (Number(status) < 400 || (path === '/healthz' && status === '503')) continue;
          expect(JSON.stringify(response), `${method} ${path} ${status}`).toContain('#/components/schemas/Error');
        }
      }
    }
  });

  it('documents both bodies the status change takes (JSON and form)', () => {
    const body = JSON.stringify(document.paths['/seller/update-order-status']?.post?.requestBody);
    expect(body).toContain('application/json');
    expect(body).toContain('application/x-www-form-urlencoded');
  });
});

/** Every declared operation, as [METHOD path, operation]. */
const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as const));
const statusesOf = (operation: Operation) => Object.keys(operation.responses).map(Number);

/**
 * What the server answers whatever the route: checked on every operation, so that a route
 * declared tomorrow cannot leave them out (they come with the declaration, not by hand).
 */
describe('the statuses every route can answer beyond its own', () => {
  it('every unsafe method documents 413 (the body limit) and 403 (cross-site refusal)', () => {
    const unsafe = operations().filter(([name]) => /^(POST|PUT|PATCH|DELETE) /.test(name));
    expect(unsafe.length).toBeGreaterThan(20);
    for (const [name, operation] of unsafe) expect(statusesOf(operation), name).toEqual(expect.arrayContaining([403, 413]));
    // A GET takes no body, so it is never too large.
    for (const [name, operation] of operations().filter(([n]) => n.startsWith('GET '))) expect(statusesOf(operation), name).not.toContain(413);
  });

  it('every route that validates its path, query or body documents 400', () => {
    const validating = operations().filter(([, o]) => o.requestBody !== undefined || (o.parameters ?? []).some((p) => p.in === 'path' || p.in === 'query'));
    expect(validating.length).toBeGreaterThan(20);
    for (const [name, operation] of validating) expect(statusesOf(operation), name).toContain(400);
  });

  it('every route whose body is required in one media type or another documents 415', () => {
    for (const [name, operation] of operations()) {
      if (operation.requestBody?.required === true) expect(statusesOf(operation), name).toContain(415);
    }
  });

  it('the status change, which takes JSON or a form, answers anything else with 400, not 415 (PRODUCT.md\'s chain)', () => {
    expect(statusesOf(document.paths['/seller/update-order-status']?.post as Operation)).not.toContain(415);
  });

  it('every route behind the session documents 401', () => {
    for (const [name, operation] of operations()) {
      if (operation.security?.length) expect(statusesOf(operation), name).toContain(401);
    }
  });

  it('every 429 documents its Retry-After header', () => {
    const limited = operations().filter(([, o]) => o.responses['429'] !== undefined);
    expect(limited.map(([name]) => name)).toEqual(expect.arrayContaining(['POST /api/auth/login', 'POST /api/auth/register']));
    for (const [name, operation] of limited) expect(Object.keys(operation.responses['429']?.headers ?? {}), name).toContain('Retry-After');
  });
});

describe('GET /api/docs', () => {
  it('serves the reference page, whose scripts are files of this origin (the CSP allows nothing else)', async () => {
    const res = await fetch(`${server.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', inline = ''] of scripts) {
      expect(inline.trim(), 'no inline script').toBe('');
      const src = /src="([^"]+)"/.exec(attributes)?.[1] ?? '';
      expect(src.startsWith('/')).toBe(true);
      const asset = await fetch(server.url + src);
      expect(asset.status, src).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      expect((await asset.text()).length).toBeGreaterThan(100);
    }
    const css = /href="(\/[^"]+\.css)"/.exec(html)?.[1] ?? '';
    const stylesheet = await fetch(server.url + css);
    expect(stylesheet.status).toBe(200);
    expect(await stylesheet.text()).toContain('swagger-ui');
  });

  it('is not an endpoint the document checker trips on', async () => {
    const res = await new TestClient(server.url).get('/api/docs');
    expect(res.status).toBe(200);
  });
});
