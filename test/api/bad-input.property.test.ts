/**
 * Garbage in, 4xx out: property-based requests of every bad shape against every endpoint.
 * Each run asserts a 4xx with the error body (never a 5xx, never a 2xx), and that the
 * database is exactly as it was (row counts, products' stock, every business row).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CENTS } from '../../server/domain/money.js';
import { isApiError } from '../support/assertions.js';
import type { RowCounts } from '../support/db-inspector.js';
import { ADDRESS, addToCart, createProduct, PASSWORD, placeOrder, registerBuyer, registerSeller, type Actor } from '../support/factories.js';
import { TestClient, type Reply } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Runs per property; FUZZ_RUNS=1000 digs deeper when hunting a bug. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

let server: TestServer;
let buyer: Actor;
let seller: Actor;
const ids = { product: 0, item: 0, order: 0 };

beforeAll(async () => {
  server = await startTestServer();
  [buyer, seller] = await Promise.all([registerBuyer(server.url), registerSeller(server.url)]);
  const product = await createProduct(seller, { stock: 100 });
  const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 1 }]);
  const cart = await addToCart(buyer, { product_id: product.id, quantity: 1 });
  Object.assign(ids, { product: product.id, item: cart.items[0]?.id ?? 0, order: placed.order_id });
});
afterAll(() => server.stop());

type Who = 'anonymous' | 'buyer' | 'seller';
const clientOf = (who: Who) => (who === 'buyer' ? buyer.client : who === 'seller' ? seller.client : new TestClient(server.url));

/**
 * The database as every test starts it. Nothing in this file may change it, so it is taken
 * once per test and every request is compared with it.
 */
let baseline: { counts: RowCounts; rows: string };
beforeEach(async () => {
  baseline = { counts: await server.db.counts(), rows: await server.db.fingerprint() };
});

/** Sends one request and asserts it was refused with a 4xx error body and wrote nothing. */
async function expectRefused(send: () => Promise<Reply<unknown>>, what: string): Promise<void> {
  const before = baseline;
  const res = await send();
  const context = `${what} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  expect(res.status, context).toBeGreaterThanOrEqual(400);
  expect(res.status, context).toBeLessThan(500);
  expect(isApiError(res.body), context).toBe(true);
  expect({ counts: await server.db.counts(), rows: await server.db.fingerprint() }, context).toEqual(before);
}

const sendJsonText = (who: Who, method: string, path: string, text: string, headers: Record<string, string> = {}) =>
  clientOf(who).request<unknown>(method, path, text, { 'content-type': 'application/json', ...headers });

/* ---------- what a wrong value looks like, per kind of field ---------- */

type Kind = 'text' | 'email' | 'password' | 'id' | 'quantity' | 'cents' | 'stock' | 'enum' | 'object' | 'lines';

const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
);
const notANumber = fc.oneof(
  fc.string().filter((s) => !/^\s*\d+\s*$/.test(s)),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
);
const fraction = fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true });
const huge = (max: number) => fc.integer({ min: max + 1, max: 80_000 }).map((n) => 'x'.repeat(n));

function wrongValue(kind: Kind, max = 200, values: readonly string[] = []): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'text':
      return fc.oneof(notAString, fc.stringMatching(/^\s{0,5}$/), huge(max));
    case 'email':
      return fc.oneof(notAString, fc.string().filter((s) => !s.includes('@')), huge(254));
    case 'password':
      return fc.oneof(notAString, fc.string({ maxLength: 7 }), huge(256));
    case 'id':
      return fc.oneof(notANumber, fc.integer({ max: 0 }), fraction, fc.constant(2 ** 60));
    case 'quantity':
      return fc.oneof(notANumber, fc.integer({ max: 0 }), fc.integer({ min: 1001 }), fraction, fc.stringMatching(/^\d{1,3}$/));
    case 'cents':
      return fc.oneof(notANumber, fc.integer({ max: -1 }), fc.constantFrom(MAX_CENTS + 1, 2 ** 53), fraction, fc.stringMatching(/^\d{1,5}$/));
    case 'stock':
      return fc.oneof(notANumber, fc.integer({ max: -1 }), fc.integer({ min: 1_000_001 }), fraction);
    case 'enum':
      return fc.oneof(notAString, fc.string().filter((s) => !values.includes(s)));
    case 'object':
      return fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }));
    case 'lines':
      return fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant([]), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }));
  }
}

interface Field {
  kind: Kind;
  max?: number;
  values?: readonly string[];
  /** Optional fields can be left out; required ones cannot. */
  optional?: boolean;
}

/** An endpoint with a valid body; `wrap` puts a (mutated) part back into a whole request body. */
interface BodyEndpoint {
  name: string;
  who: Who;
  method: 'POST' | 'PATCH';
  path: () => string;
  part: () => Record<string, unknown>;
  wrap: (part: Record<string, unknown>) => unknown;
  fields: Record<string, Field>;
}

const line = () => ({ product_id: ids.product, quantity: 1 });
const orderBody = (over: Record<string, unknown> = {}) => ({ payment_method: 'card', shipping_address: ADDRESS, items: [line()], ...over });
const same = (part: Record<string, unknown>) => part;
const text = (max: number, optional = false): Field => ({ kind: 'text', max, optional });

const ENDPOINTS: BodyEndpoint[] = [
  {
    name: 'register',
    who: 'anonymous',
    method: 'POST',
    path: () => '/api/auth/register',
    part: () => ({ email: `fuzz-${Date.now()}@example.test`, password: PASSWORD, first_name: 'F', last_name: 'Z', role: 'buyer' }),
    wrap: same,
    fields: { email: { kind: 'email' }, password: { kind: 'password' }, first_name: text(80), last_name: text(80), role: { kind: 'enum', values: ['buyer', 'seller'] } },
  },
  {
    name: 'login',
    who: 'anonymous',
    method: 'POST',
    path: () => '/api/auth/login',
    part: () => ({ email: buyer.user.email, password: PASSWORD }),
    wrap: same,
    fields: { email: { kind: 'text', max: 254 }, password: { kind: 'text', max: 256 } },
  },
  {
    name: 'create product',
    who: 'seller',
    method: 'POST',
    path: () => '/api/seller/products',
    part: () => ({ name: 'Fuzz', price: 100, stock: 5 }),
    wrap: same,
    fields: { name: text(200), price: { kind: 'cents' }, stock: { kind: 'stock' } },
  },
  {
    name: 'patch product',
    who: 'seller',
    method: 'PATCH',
    path: () => `/api/seller/products/${ids.product}`,
    part: () => ({ price: 101, stock: 7 }),
    wrap: same,
    fields: { price: { kind: 'cents', optional: true }, stock: { kind: 'stock', optional: true } },
  },
  {
    name: 'add to cart',
    who: 'buyer',
    method: 'POST',
    path: () => '/api/cart/items',
    part: line,
    wrap: same,
    fields: { product_id: { kind: 'id' }, quantity: { kind: 'quantity' } },
  },
  {
    name: 'set cart quantity',
    who: 'buyer',
    method: 'PATCH',
    path: () => `/api/cart/items/${ids.item}`,
    part: () => ({ quantity: 2 }),
    wrap: same,
    fields: { quantity: { kind: 'quantity' } },
  },
  {
    name: 'place order',
    who: 'buyer',
    method: 'POST',
    path: () => '/api/place-order',
    part: () => orderBody(),
    wrap: same,
    fields: {
      payment_method: { kind: 'enum', values: ['card', 'paypal', 'bank_transfer', 'cash_on_delivery'] },
      shipping_address: { kind: 'object' },
      items: { kind: 'lines', optional: true },
    },
  },
  {
    name: 'place order (address)',
    who: 'buyer',
    method: 'POST',
    path: () => '/api/place-order',
    part: () => ({ ...ADDRESS }),
    wrap: (address) => orderBody({ shipping_address: address }),
    fields: { name: text(120), line1: text(200), city: text(100), postal_code: text(20), country: text(60) },
  },
  {
    name: 'place order (line)',
    who: 'buyer',
    method: 'POST',
    path: () => '/api/place-order',
    part: line,
    wrap: (l) => orderBody({ items: [l] }),
    fields: { product_id: { kind: 'id' }, quantity: { kind: 'quantity' } },
  },
  {
    name: 'update order status',
    who: 'seller',
    method: 'POST',
    path: () => '/seller/update-order-status',
    part: () => ({ order_id: ids.order, new_status: 'confirmed' }),
    wrap: same,
    fields: {
      order_id: { kind: 'id' },
      new_status: { kind: 'enum', values: ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled', 'returned'] },
    },
  },
];

/** A field name none of the schemas know (own property even for "__proto__"). */
const unknownKey = (known: string[]) => fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'price', 'total_amount', 'role', 'user_id', 'id')).filter((k) => !known.includes(k));

describe.each(ENDPOINTS)('$name', (endpoint) => {
  const send = (body: unknown) => sendJsonText(endpoint.who, endpoint.method, endpoint.path(), JSON.stringify(body));
  const fieldNames = Object.keys(endpoint.fields);

  it('refuses arbitrary JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        await expectRefused(() => send(endpoint.wrap === same ? value : endpoint.wrap(value as Record<string, unknown>)), `${JSON.stringify(value)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a valid body with an extra field', async () => {
    const allKnown = [...fieldNames, 'description', 'sizes', 'colors', 'image_url', 'active', 'store_name', 'line2', 'size', 'color', 'expected_version', 'carrier', 'tracking_number', 'note'];
    await fc.assert(
      fc.asyncProperty(unknownKey(allKnown), fc.jsonValue(), async (key, value) => {
        const part = { ...endpoint.part(), [key]: value };
        await expectRefused(() => send(endpoint.wrap(part)), `extra ${JSON.stringify(key)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a wrong type, a bad value or a huge string in any field', async () => {
    const mutation = fc.constantFrom(...fieldNames).chain((name) => {
      const field = endpoint.fields[name] ?? { kind: 'text' };
      return fc.tuple(fc.constant(name), wrongValue(field.kind, field.max, field.values));
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ([name, value]) => {
        const part = { ...endpoint.part(), [name]: value };
        await expectRefused(() => send(endpoint.wrap(part)), `${name} = ${JSON.stringify(value)?.slice(0, 80)}`);
      }),
      { numRuns: RUNS },
    );
  });

  const required = fieldNames.filter((name) => !endpoint.fields[name]?.optional);
  if (required.length > 0 && endpoint.name !== 'patch product') {
    it.each(required)('refuses a body without %s', async (name) => {
      const part = endpoint.part();
      delete part[name];
      await expectRefused(() => send(endpoint.wrap(part)), `without ${name}`);
    });
  }

  it('refuses broken JSON text', async () => {
    const valid = JSON.stringify(endpoint.wrap(endpoint.part()));
    const broken = fc.oneof(
      fc.integer({ min: 1, max: valid.length - 1 }).map((n) => valid.slice(0, n)),
      fc.string({ minLength: 1 }).map((s) => `${valid}${s}`).filter((s) => !isJson(s)),
      fc.string({ minLength: 1 }).filter((s) => !isJson(s) && s.trim() !== ''),
      fc.constantFrom('{', '[', '{"a":', "{'single':'quotes'}", '{"a":1,}', 'NaN', 'undefined', '\u0000', '{"a":1}{"b":2}'),
    );
    await fc.assert(
      fc.asyncProperty(broken, async (textBody) => {
        await expectRefused(() => sendJsonText(endpoint.who, endpoint.method, endpoint.path(), textBody), `text ${JSON.stringify(textBody).slice(0, 80)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a form-encoded or text body where JSON is expected', async () => {
    if (endpoint.name === 'update order status') return; // forms are allowed there: see the next block.
    const valid = endpoint.part();
    const form = new URLSearchParams(Object.entries(valid).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]));
    await expectRefused(() => clientOf(endpoint.who).request<unknown>(endpoint.method, endpoint.path(), form), 'form body');
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('form bodies to /seller/update-order-status', () => {
  it('refuses random form fields', async () => {
    const fields = fc.dictionary(fc.oneof(fc.constantFrom('order_id', 'new_status', 'expected_version', 'note'), fc.string()), fc.string(), { maxKeys: 5 });
    await fc.assert(
      fc.asyncProperty(fields, async (record) => {
        // A form that happens to name this very order with a legal status would rightly succeed.
        fc.pre(!(record.order_id === String(ids.order) && ['confirmed', 'cancelled', 'pending'].includes(record.new_status ?? '')));
        await expectRefused(() => seller.client.post<unknown>('/seller/update-order-status', new URLSearchParams(record)), `form ${JSON.stringify(record)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a broken multipart body', async () => {
    for (const [type, body] of [
      ['multipart/form-data', 'order_id=1'],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="order_id"\r\n\r\n1'],
      ['multipart/form-data; boundary=xyz', '--nope--'],
    ] as const) {
      await expectRefused(() => seller.client.post<unknown>('/seller/update-order-status', body, { 'content-type': type }), type);
    }
  });
});

describe('ids in paths that are not numbers', () => {
  const notAnId = fc.string({ maxLength: 30 }).filter((s) => !/^[1-9]\d*$/.test(s));
  const PATHS: [string, Who, string, (id: string) => string][] = [
    ['product', 'anonymous', 'GET', (id) => `/api/products/${id}`],
    ['patch product', 'seller', 'PATCH', (id) => `/api/seller/products/${id}`],
    ['patch cart line', 'buyer', 'PATCH', (id) => `/api/cart/items/${id}`],
    ['delete cart line', 'buyer', 'DELETE', (id) => `/api/cart/items/${id}`],
    ['order status', 'buyer', 'GET', (id) => `/api/order-status/${id}`],
    ['order by number', 'buyer', 'GET', (id) => `/api/orders/${id}`],
    ['cancel', 'buyer', 'POST', (id) => `/api/orders/${id}/cancel`],
  ];

  it.each(PATHS)('%s', async (_name, who, method, path) => {
    const body = method === 'PATCH' ? JSON.stringify({ quantity: 1, price: 1 }) : undefined;
    await fc.assert(
      fc.asyncProperty(notAnId, async (raw) => {
        const id = encodeURIComponent(raw);
        await expectRefused(
          () => clientOf(who).request<unknown>(method, path(id), body, body ? { 'content-type': 'application/json' } : {}),
          `${method} ${path(id)}`,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses ids with leading zeros, signs, exponents, decimals and overflow', async () => {
    for (const id of ['0', '00', '01', '-1', '+1', '1e3', '1.0', '0x10', '9999999999999999999999', ' 1', '1 ']) {
      await expectRefused(() => buyer.client.get<unknown>(`/api/order-status/${encodeURIComponent(id)}`), id);
      await expectRefused(() => buyer.client.post<unknown>(`/api/orders/${encodeURIComponent(id)}/cancel`), id);
    }
  });
});

describe('query strings', () => {
  /** Number() reads these as whole numbers; the contract wants decimal digits. */
  const numberLookalikes = fc.oneof(
    fc.integer({ min: 1, max: 99 }).map((n) => `0x${n.toString(16)}`),
    fc.integer({ min: 1, max: 9 }).map((n) => `${n}e1`),
    fc.integer({ min: 1, max: 99 }).map((n) => `${n}.0`),
    fc.integer({ min: 1, max: 99 }).map((n) => ` ${n}`),
    fc.integer({ min: 1, max: 99 }).map((n) => `+${n}`),
  );
  const badPage = fc.oneof(fc.integer({ max: 0 }).map(String), fc.integer({ min: 100_001 }).map(String), fraction.map(String), fc.stringMatching(/^[a-z]+$/), numberLookalikes);
  const badLimit = fc.oneof(fc.integer({ max: 0 }).map(String), fc.integer({ min: 101 }).map(String), fraction.map(String), fc.stringMatching(/^[a-z]+$/), numberLookalikes);

  it.each([
    ['/api/products', 'anonymous'],
    ['/api/seller/orders', 'seller'],
  ] as const)('%s refuses a bad page or limit', async (path, who) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(badPage.map((v) => `page=${encodeURIComponent(v)}`), badLimit.map((v) => `limit=${encodeURIComponent(v)}`)), async (query) => {
        const res = await clientOf(who).get<unknown>(`${path}?${query}`);
        expect(res.status, query).toBe(400);
      }),
      { numRuns: RUNS },
    );
  });

  it('/api/seller/orders refuses an unknown status', async () => {
    const statuses = ['', 'all', 'pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled', 'returned'];
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }).filter((s) => !statuses.includes(s)), async (status) => {
        const res = await seller.client.get<unknown>(`/api/seller/orders?status=${encodeURIComponent(status)}`);
        expect(res.status, status).toBe(400);
      }),
      { numRuns: RUNS },
    );
  });

  const rawQuery = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(fc.tuple(fc.constantFrom('q', 'page', 'limit', 'status', 'x', ''), fc.string({ maxLength: 120 })), { maxLength: 5 }).map((pairs) =>
      pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'),
    ),
    fc.constantFrom('%', '%E0%A4%A', 'q=%FF', 'page=%', 'limit=1&limit=2', 'q[]=1', '&&&', '==', 'q=%00'),
  );
  it.each([
    ['/api/products', 'anonymous'],
    ['/api/seller/orders', 'seller'],
    ['/api/user-orders-detailed', 'buyer'],
    ['/api/cart', 'buyer'],
    [`/api/order-status/ORDER`, 'buyer'],
  ] as const)('%s answers 200 or 400 to any query string, and writes nothing', async (path, who) => {
    await fc.assert(
      fc.asyncProperty(rawQuery, async (query) => {
        const url = `${path.replace('ORDER', String(ids.order))}?${query.replace(/#/g, '%23')}`;
        const res = await clientOf(who).get<unknown>(url);
        expect([200, 400], `${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).toContain(res.status);
        expect(await server.db.fingerprint()).toBe(baseline.rows);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('headers', () => {
  it('refuses a bad Idempotency-Key', async () => {
    const badKey = fc.oneof(
      fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 256, maxLength: 400 }),
      fc.tuple(fc.string({ minLength: 1, maxLength: 10, unit: 'grapheme-ascii' }), fc.string({ minLength: 1, maxLength: 10, unit: 'grapheme-ascii' })).map(([a, b]) => `x${a.trim()} ${b.trim()}x`),
      fc.constantFrom('a\u00e9b', 'tab\there'),
    );
    await fc.assert(
      fc.asyncProperty(badKey, async (key) => {
        await expectRefused(() => buyer.client.post<unknown>('/api/place-order', orderBody(), { 'idempotency-key': key }), `key ${JSON.stringify(key)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers 401 to any made-up session cookie', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_%=;'.split('')), maxLength: 60 }), async (token) => {
        const res = await new TestClient(server.url).post<unknown>('/api/place-order', orderBody(), { cookie: `op_session=${token}` });
        expect(res.status, token).toBe(401);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('methods a route does not have', () => {
  it.each([
    ['PUT', '/api/cart'],
    ['DELETE', '/api/products'],
    ['POST', '/api/order-status/1'],
    ['PATCH', '/api/place-order'],
    ['PUT', '/seller/update-order-status'],
    ['DELETE', '/api/auth/me'],
  ])('%s %s is a 4xx and writes nothing', async (method, path) => {
    await expectRefused(() => buyer.client.request<unknown>(method, path, JSON.stringify(orderBody()), { 'content-type': 'application/json' }), `${method} ${path}`);
  });
});
