/** DEMO_DATA=on seeds an empty database once: stores, a catalog, buyers, orders along legal paths. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuyerOrderSummary, OrderDetailBody, ProductListBody, SellerOrdersBody, UserBody } from '../../server/contract/api.js';
import { canTransition } from '../../server/domain/order-status.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../db/seed.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ DEMO_DATA: 'on' });
});
afterAll(() => server.stop());

async function login(email: string): Promise<TestClient> {
  const client = new TestClient(server.url);
  const res = await client.post<{ user: UserBody }>('/api/auth/login', { email, password: DEMO_PASSWORD });
  expect(res.status, email).toBe(200);
  return client;
}

describe('demo data', () => {
  it('has a catalog from three stores', async () => {
    const res = await new TestClient(server.url).get<ProductListBody>('/api/products?limit=100');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(20);
    const stores = new Set(res.body.products.map((p) => p.store_name));
    expect([...stores].sort()).toEqual(DEMO_ACCOUNTS.flatMap((a) => (a.storeName ? [a.storeName] : [])).sort());
  });

  it('lets every demo account log in with the documented password', async () => {
    for (const account of DEMO_ACCOUNTS) await login(account.email);
  });

  it('gives the buyers orders whose histories are legal timelines in the past', async () => {
    const buyers = DEMO_ACCOUNTS.filter((a) => a.role === 'buyer');
    let seen = 0;
    for (const account of buyers) {
      const client = await login(account.email);
      const { orders } = (await client.get<{ orders: BuyerOrderSummary[] }>('/api/user-orders-detailed')).body;
      for (const summary of orders) {
        const { order } = (await client.get<{ order: OrderDetailBody }>(`/api/orders/${summary.order_number}`)).body;
        const statuses = order.history.map((h) => h.status);
        expect(statuses[0]).toBe('pending');
        expect(statuses.at(-1)).toBe(order.status);
        for (let i = 1; i < statuses.length; i++) {
          expect(canTransition(statuses[i - 1] ?? 'pending', statuses[i] ?? 'pending'), statuses.join(' → ')).toBe(true);
        }
        const times = order.history.map((h) => Date.parse(h.at));
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        expect(Math.max(...times)).toBeLessThanOrEqual(Date.now());
        expect(order.version).toBe(statuses.length);
        seen++;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(10);
  });

  it('shows the sellers orders in several statuses', async () => {
    const seller = DEMO_ACCOUNTS.find((a) => a.role === 'seller');
    const client = await login(seller?.email ?? '');
    const { counts } = (await client.get<SellerOrdersBody>('/api/seller/orders')).body;
    expect(counts.all).toBeGreaterThan(0);
    expect(Object.entries(counts).filter(([k, n]) => k !== 'all' && n > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('is not seeded again into a database that has data', async () => {
    const before = await server.db.counts();
    const second = await startTestServer({ DEMO_DATA: 'on', DATABASE_URL: server.databaseUrl });
    try {
      expect(await server.db.counts()).toEqual(before);
    } finally {
      await second.stop();
    }
  });
});
