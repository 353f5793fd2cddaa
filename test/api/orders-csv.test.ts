/** GET /api/seller/orders.csv: the list's filters, exact columns, RFC 4180 quoting, formulas defused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SellerOrdersBody } from '../../server/contract/api.js';
import { expectError } from '../support/assertions.js';
import { advanceTo, createProduct, placeOrder, registerBuyer, registerSeller, setStatus, type Actor } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const HEADER = 'order_number,created_at,customer_name,status,item_count,total,currency,carrier,tracking_number';

async function csvOf(seller: Actor, query = '') {
  const res = await seller.client.get<string>(`/api/seller/orders.csv${query ? `?${query}` : ''}`);
  expect(res.status, String(res.body).slice(0, 300)).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  return res;
}

/** The records of a CSV body, each the raw text between CRLFs (no field here holds a CRLF). */
const recordsOf = (body: string) => {
  expect(body.endsWith('\r\n')).toBe(true);
  return body.slice(0, -2).split('\r\n');
};

/** A seller with three orders from buyers whose names a spreadsheet would run, one shipped with an awkward carrier. */
async function shop() {
  const seller = await registerSeller(server.url);
  const [formula, plain] = await Promise.all([
    registerBuyer(server.url, { first_name: '=SUM(A1:A9)', last_name: 'Smith, "Jr"' }),
    registerBuyer(server.url, { first_name: '@Ann', last_name: 'Lee' }),
  ]);
  const product = await createProduct(seller, { name: 'Felt Hat', price: 1200 });
  const cheap = await createProduct(seller, { name: 'Striped Scarf', price: 150 });
  const first = await placeOrder(formula, [{ product_id: product.id, quantity: 4 }]);
  const second = await placeOrder(plain, [
    { product_id: cheap.id, quantity: 1 },
    { product_id: product.id, quantity: 1 },
  ]);
  const third = await placeOrder(plain, [{ product_id: cheap.id, quantity: 2 }]);
  await advanceTo(seller, first.order_id, 'processing');
  await setStatus(seller, first.order_id, 'shipped', { carrier: '+44 Express', tracking_number: '-TRK "7"\nB' });
  const rows = (await seller.client.get<SellerOrdersBody>('/api/seller/orders?sort=created_at')).body.orders;
  return { seller, first, second, third, rows };
}

describe('GET /api/seller/orders.csv', () => {
  it('sends every order as a record: the columns, decimals, RFC 4180 quoting, and formulas defused with a leading quote', async () => {
    const { seller, first, second, third, rows } = await shop();
    const res = await csvOf(seller, 'sort=created_at');
    const today = new Date().toISOString().slice(0, 10);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="orders-${today}.csv"`);
    const createdAt = (id: number) => rows.find((r) => r.order_id === id)?.created_at;
    // The tracking number holds an LF, so its record spans two lines inside quotes.
    expect(res.body).toBe(
      [
        HEADER,
        `${first.order_number},${createdAt(first.order_id)},"'=SUM(A1:A9) Smith, ""Jr""",shipped,4,48.00,USD,'+44 Express,"'-TRK ""7""\nB"`,
        `${second.order_number},${createdAt(second.order_id)},'@Ann Lee,pending,2,13.50,USD,,`,
        `${third.order_number},${createdAt(third.order_id)},'@Ann Lee,pending,2,3.00,USD,,`,
        '',
      ].join('\r\n'),
    );
  });

  it('takes the list’s filters: status, search (product names too), sort and the date window', async () => {
    const { seller, first, second, third } = await shop();
    const numbers = async (query: string) => recordsOf((await csvOf(seller, query)).body).slice(1).map((line) => line.split(',')[0]);
    expect(await numbers('')).toEqual([third.order_number, second.order_number, first.order_number]);
    expect(await numbers('status=pending')).toEqual([third.order_number, second.order_number]);
    expect(await numbers('q=felt%20HAT')).toEqual([second.order_number, first.order_number]);
    expect(await numbers('sort=-total_amount')).toEqual([first.order_number, second.order_number, third.order_number]);
    expect(await numbers('sort=total_amount&status=pending')).toEqual([third.order_number, second.order_number]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await numbers(`from=${tomorrow}`)).toEqual([]);
    expect((await csvOf(seller, `from=${tomorrow}`)).body).toBe(`${HEADER}\r\n`);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await numbers(`from=${yesterday}&to=${tomorrow}&sort=created_at`)).toEqual([first.order_number, second.order_number, third.order_number]);
  });

  it('holds only the seller’s own orders', async () => {
    const { first } = await shop();
    const rival = await registerSeller(server.url);
    const body = (await csvOf(rival)).body;
    expect(body).toBe(`${HEADER}\r\n`);
    expect(body).not.toContain(first.order_number);
  });

  it.each(['sort=price', 'from=yesterday', 'to=2026-02-30', 'from=2026-12-08&to=2026-12-07', 'status=teleported', 'page=x'])(
    'answers 400 for %s, as the list does',
    async (query) => {
      const seller = await registerSeller(server.url);
      const list = await seller.client.get(`/api/seller/orders?${query}`);
      const csv = await seller.client.get(`/api/seller/orders.csv?${query}`);
      if (query === 'page=x') {
        // The export has no pages: a page parameter is ignored, as any unknown query parameter is.
        expect(list.status).toBe(400);
        expect(csv.status).toBe(200);
        return;
      }
      expectError(list, 400, 'invalid_input');
      expectError(csv, 400, 'invalid_input');
    },
  );

  it('answers 401 to no session and 403 to a buyer', async () => {
    const buyer = await registerBuyer(server.url);
    expectError(await new TestClient(server.url).get('/api/seller/orders.csv'), 401, 'unauthorized');
    expectError(await buyer.client.get('/api/seller/orders.csv'), 403, 'forbidden');
  });
});
