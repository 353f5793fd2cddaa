/**
 * DEMO_DATA=on seeds an empty database once: stores, a catalog, buyers, orders along legal
 * paths; past the registration limit, completing a seed interrupted part-way, and never into
 * a database with anyone else's accounts.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuyerOrderSummary, OrderDetailBody, ProductListBody, SellerOrdersBody, UserBody } from '../../server/contract/api.js';
import { canTransition } from '../../server/domain/order-status.js';
import type { EventBus, PasswordHasher } from '../../server/domain/ports.js';
import { loadConfig } from '../../server/config.js';
import { createServices } from '../../server/composition.js';
import { Argon2PasswordHasher } from '../../server/infra/argon2-password-hasher.js';
import { InMemoryEventBus } from '../../server/infra/in-memory-event-bus.js';
import { openStore } from '../../db/open-store.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, ensureDemoData } from '../../db/seed.js';
import { registerBuyer } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { createTestStoreUrl } from '../support/test-store.js';
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

/** A node started with DEMO_DATA=on on the database at `url` (made by the caller), and what it logged. */
async function startSeeding(url: string | null, env: Record<string, string> = {}): Promise<{ node: TestServer; logged: string[] }> {
  const logged: string[] = [];
  const logTo = { write: (line: string) => void logged.push((JSON.parse(line) as { msg: string }).msg) };
  const node = await startTestServer({ DEMO_DATA: 'on', LOG_LEVEL: 'info', ...(url !== null && { DATABASE_URL: url }), ...env }, { logTo });
  return { node, logged };
}

/** Each status's count of orders, and the rows the seed writes, to hold a seed against a complete one. */
async function seedShape(node: TestServer) {
  const { stock_checksum: _ids, ...counts } = await node.db.counts();
  const statuses = await node.db.all<{ status: string; n: number }>('SELECT order_status AS status, COUNT(*) AS n FROM orders GROUP BY order_status ORDER BY order_status');
  const products = await node.db.all<{ name: string }>('SELECT name FROM products ORDER BY name');
  return { counts, statuses: statuses.map((r) => `${r.status}:${Number(r.n)}`), products: products.map((r) => r.name) };
}

/** Whether every order's history runs forward in time and ends in the past (a completed seed's steps come after its first ones). */
async function timelinesRunForward(node: TestServer): Promise<boolean> {
  const rows = await node.db.all<{ order_id: number; created_at: number }>('SELECT order_id, created_at FROM order_status_history ORDER BY order_id, id');
  return rows.every((row, i) => {
    const before = rows[i - 1];
    return Number(row.created_at) <= Date.now() && (before?.order_id !== row.order_id || Number(before.created_at) <= Number(row.created_at));
  });
}

const loginsPrinted = (logged: string[]) => logged.filter((msg) => msg.startsWith('demo logins'));

/** Runs the seed on a new database and stops it part-way, as a crash would: what the next start finds. */
async function interruptedSeed(interrupt: { hasher?: PasswordHasher; bus?: EventBus }): Promise<{ url: string; drop(): Promise<void> }> {
  const database = await createTestStoreUrl();
  const store = await openStore(database.url, { logger: pino({ level: 'silent' }) });
  try {
    const bus = interrupt.bus ?? new InMemoryEventBus();
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url });
    const seeding = ensureDemoData(store, createServices(store.repositories, config, bus, interrupt.hasher), bus);
    await expect(seeding).rejects.toThrow('interrupted');
  } finally {
    await store.close();
  }
  return database;
}

/** The real hasher, failing from the (n+1)th new password on: the seed stops after n accounts. */
function hasherFailingAfter(n: number): PasswordHasher {
  const real = new Argon2PasswordHasher();
  let hashed = 0;
  return {
    hash: (password) => (++hashed > n ? Promise.reject(new Error('interrupted')) : real.hash(password)),
    verify: (hash, password) => real.verify(hash, password),
  };
}

/** An in-process bus that fails from the (n+1)th event on: the seed stops right after a commit. */
function busFailingAfter(n: number): EventBus {
  const bus = new InMemoryEventBus();
  let published = 0;
  return {
    publish: (event) => {
      if (++published > n) throw new Error('interrupted');
      bus.publish(event);
    },
    subscribe: (listener) => bus.subscribe(listener),
    onRecovered: bus.onRecovered.bind(bus),
    health: () => bus.health(),
    close: () => bus.close(),
  };
}

describe('demo data, whatever stopped or limits the seed', () => {
  it('is seeded in full past a registration limit lower than its accounts (the seed is no client)', async () => {
    const { node, logged } = await startSeeding(null, { RATE_LIMIT_REGISTER: '3/1m' });
    try {
      expect(await seedShape(node)).toEqual(await seedShape(server));
      expect(logged).toContain('seeded demo data into the empty database');
      expect(loginsPrinted(logged)).toHaveLength(1);
    } finally {
      await node.stop();
    }
  });

  it.each([
    ['after three of its accounts', { hasher: hasherFailingAfter(3) }],
    ['half-way through its orders, right after a commit', { bus: busFailingAfter(20) }],
  ])('is completed by the next start when interrupted %s', async (_when, interrupt) => {
    const database = await interruptedSeed(interrupt);
    try {
      const { node, logged } = await startSeeding(database.url);
      try {
        expect(await seedShape(node)).toEqual(await seedShape(server));
        expect(logged).toContain('completed the demo data of a seed that was interrupted part-way');
        expect(await timelinesRunForward(node)).toBe(true);
        const [printed = ''] = loginsPrinted(logged);
        for (const account of DEMO_ACCOUNTS) {
          expect(printed).toContain(account.email);
          await login(account.email);
        }
      } finally {
        await node.stop();
      }
      // Finished now: a further start finds nothing to do.
      const { node: third, logged: thirdLogged } = await startSeeding(database.url);
      try {
        expect(await seedShape(third)).toEqual(await seedShape(server));
        expect(thirdLogged.filter((msg) => /seed/.test(msg))).toEqual([]);
        expect(loginsPrinted(thirdLogged)).toHaveLength(1);
      } finally {
        await third.stop();
      }
    } finally {
      await database.drop();
    }
  });

  it.each([
    ['an account of its own', (url: string) => registerBuyer(url)],
    ['a demo address registered by someone with their own password', (url: string) => registerBuyer(url, { email: 'alice@demo.orderpulse.test', first_name: 'Alice', last_name: 'Martin' })],
  ])('leaves a database with %s alone, and prints no demo logins', async (_what, register) => {
    const owner = await startTestServer();
    try {
      await register(owner.url);
      const before = await owner.db.fingerprint();
      const { node, logged } = await startSeeding(owner.databaseUrl);
      try {
        expect(await owner.db.fingerprint()).toBe(before);
        expect(logged).toContain('DEMO_DATA: the database holds accounts of its own; no demo data seeded');
        expect(loginsPrinted(logged)).toEqual([]);
      } finally {
        await node.stop();
      }
    } finally {
      await owner.stop();
    }
  });
});
