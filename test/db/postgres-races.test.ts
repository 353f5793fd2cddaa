/**
 * PostgreSQL under concurrency, as two nodes would meet it: two stores (two pools) on one
 * database, the domain's OrderService on each, requests fired at once across both. The
 * outcomes must be SQLite's: compare-and-set on stock, on the Idempotency-Key and on the
 * order's version. Also: the start-up of several nodes at once on a fresh database, and the
 * one-line error for a server that is not there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { MIGRATIONS_DIR, MIGRATIONS_TABLE, openPostgresStore } from '../../db/postgres/postgres-store.js';
import type { Store } from '../../db/store.js';
import { DomainError } from '../../server/domain/errors.js';
import type { ShippingAddress, User } from '../../server/domain/model.js';
import type { OrderStatus } from '../../server/domain/order-status.js';
import { OrderService, type PlaceOrderInput } from '../../server/domain/order-service.js';
import { InMemoryEventBus } from '../../server/infra/in-memory-event-bus.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const ADDRESS: ShippingAddress = { name: 'Bea Buyer', line1: '1 Test Street', line2: null, city: 'Testville', postalCode: '12345', country: 'Testland' };

interface Node {
  store: Store;
  orders: OrderService;
}

let database: TestDatabase;
let nodes: [Node, Node];
let users = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  const open = async (): Promise<Node> => {
    const store = await openPostgresStore(database.url, { poolSize: 8 });
    return { store, orders: new OrderService(store.repositories.orders, new InMemoryEventBus()) };
  };
  nodes = [await open(), await open()];
});

afterAll(async () => {
  for (const node of nodes ?? []) await node.store.close();
  await database?.drop();
});

/** The i-th request goes to node i mod 2, as a round-robin load balancer would send it. */
const nodeFor = (i: number) => nodes[i % 2]!;
const repos = () => nodes[0].store.repositories;

const newUser = (role: 'buyer' | 'seller') =>
  repos().users.create({
    email: `${role}-${++users}@example.test`,
    firstName: role === 'buyer' ? 'Bea' : 'Sam',
    lastName: `Racer${users}`,
    role,
    passwordHash: 'h',
    storeName: role === 'seller' ? `Store ${users}` : null,
    createdAt: Date.now(),
  });

async function newProduct(stock: number, owner?: User): Promise<{ seller: User; productId: number }> {
  const seller = owner ?? (await newUser('seller'));
  if (seller.sellerId === null) throw new Error('not a seller');
  const product = await repos().products.create(
    seller.sellerId,
    { name: 'Last one', description: '', price: 500, stock, sizes: [], colors: [], imageUrl: null },
    Date.now(),
  );
  return { seller, productId: product.id };
}

const order = (items: { productId: number; quantity: number }[], idempotency: PlaceOrderInput['idempotency'] = null): PlaceOrderInput => ({
  paymentMethod: 'card',
  shippingAddress: ADDRESS,
  items: items.map((i) => ({ ...i, size: null, color: null })),
  idempotency,
});

/** Each outcome as a word: `placed`, `replayed`, `changed`, or the DomainError's code (anything else fails the test). */
async function outcomes(attempts: Promise<{ replayed?: boolean; changed?: boolean }>[]): Promise<string[]> {
  const settled = await Promise.allSettled(attempts);
  return settled.map((s) => {
    if (s.status === 'rejected') {
      if (s.reason instanceof DomainError) return s.reason.code;
      throw s.reason;
    }
    if (s.value.replayed !== undefined) return s.value.replayed ? 'replayed' : 'placed';
    return s.value.changed ? 'changed' : 'unchanged';
  });
}

const tally = (words: string[]) => Object.fromEntries([...new Set(words)].sort().map((w) => [w, words.filter((x) => x === w).length]));

const stockOf = async (productId: number) => (await repos().products.findById(productId))?.stock;

const unitsOrdered = async (productId: number) =>
  Number((await database.query<{ n: string }>('SELECT coalesce(sum(quantity), 0) AS n FROM order_items WHERE product_id = $1', [productId]))[0]?.n);

describe('two nodes racing on one PostgreSQL database', () => {
  it('sells the last units exactly once: N buyers, stock k → k orders, stock 0', async () => {
    const k = 3;
    const { productId } = await newProduct(k);
    const buyers = await Promise.all(Array.from({ length: 12 }, () => newUser('buyer')));
    const results = await outcomes(buyers.map((buyer, i) => nodeFor(i).orders.place(buyer, order([{ productId, quantity: 1 }]))));
    expect(tally(results)).toEqual({ insufficient_stock: 12 - k, placed: k });
    expect(await stockOf(productId)).toBe(0);
    expect(await unitsOrdered(productId)).toBe(k);
  });

  it('never takes stock below zero when each buyer wants several units', async () => {
    const { productId } = await newProduct(5);
    const buyers = await Promise.all(Array.from({ length: 10 }, () => newUser('buyer')));
    const results = await outcomes(buyers.map((buyer, i) => nodeFor(i).orders.place(buyer, order([{ productId, quantity: 2 }]))));
    expect(tally(results)).toEqual({ insufficient_stock: 8, placed: 2 });
    expect(await stockOf(productId)).toBe(1);
    expect(await unitsOrdered(productId)).toBe(4);
  });

  it('places one order for one Idempotency-Key sent 10 times at once, and replays it to the other 9', async () => {
    const { productId } = await newProduct(100);
    const buyer = await newUser('buyer');
    const key = { key: 'once-only', requestHash: 'same-body' };
    const attempts = Array.from({ length: 10 }, (_, i) => nodeFor(i).orders.place(buyer, order([{ productId, quantity: 3 }], key)));
    const results = await Promise.all(attempts);
    expect(tally(results.map((r) => (r.replayed ? 'replayed' : 'placed')))).toEqual({ placed: 1, replayed: 9 });
    for (const result of results) expect(result.orders).toEqual(results[0]!.orders);
    expect(await repos().orders.listByBuyer(buyer.id)).toHaveLength(1);
    expect(await stockOf(productId)).toBe(97);
  });

  it('lets one of several changes with the same expected_version win; the others get version_conflict', async () => {
    const { seller, productId } = await newProduct(10);
    const buyer = await newUser('buyer');
    const { orders: [placed] } = await nodes[0].orders.place(buyer, order([{ productId, quantity: 4 }]));
    const targets: OrderStatus[] = ['confirmed', 'cancelled', 'confirmed', 'cancelled', 'confirmed', 'cancelled'];
    const results = await outcomes(
      targets.map((newStatus, i) =>
        nodeFor(i).orders.updateBySeller(seller, {
          orderId: placed!.orderId,
          newStatus,
          expectedVersion: 1,
          carrierCode: null,
          carrier: null,
          trackingNumber: null,
          estimatedDelivery: null,
          note: null,
          buyerMessage: null,
        }),
      ),
    );
    expect(tally(results)).toEqual({ changed: 1, version_conflict: 5 });
    const view = await repos().orders.findStatusView(placed!.orderId);
    expect(view).toMatchObject({ version: 2, status: targets[results.indexOf('changed')] });
    expect(view?.history).toHaveLength(2);
    expect(await stockOf(productId)).toBe(view?.status === 'cancelled' ? 10 : 6);
  });

  it('never deadlocks: orders naming two products in either order, and cancellations putting them back, all at once', async () => {
    const a = await newProduct(1_000);
    const b = await newProduct(1_000, a.seller); // one seller: each placement is one order holding both
    const buyers = await Promise.all(Array.from({ length: 16 }, () => newUser('buyer')));
    const both = (first: number, second: number) => order([{ productId: first, quantity: 1 }, { productId: second, quantity: 1 }]);
    // Orders to cancel while the others are placed: their restock locks the same two rows.
    const toCancel = await Promise.all(buyers.slice(0, 8).map((buyer) => nodes[0].orders.place(buyer, both(b.productId, a.productId))));
    const results = await outcomes([
      ...buyers.map((buyer, i) => nodeFor(i).orders.place(buyer, i % 2 ? both(a.productId, b.productId) : both(b.productId, a.productId))),
      ...toCancel.map(({ orders: [placed] }, i) => nodeFor(i + 1).orders.cancelByBuyer(buyers[i]!, placed!.orderId).then(() => ({ changed: true }))),
    ]);
    expect(tally(results)).toEqual({ changed: 8, placed: 16 });
    // 1,000 each, 8 placed and cancelled, 16 placed: 984 left of each.
    expect([await stockOf(a.productId), await stockOf(b.productId)]).toEqual([984, 984]);
  });
});

describe('a placement planned on products read unlocked', () => {
  /** Runs `work` on a connection of its own, in a transaction it commits when `work` returns. */
  async function inOwnTransaction<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } finally {
      await client.end();
    }
  }

  /** Resolves once some statement on the database waits for a row lock. */
  async function someoneWaitsForALock(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const waiting = await database.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
      if (waiting.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no placement came to wait for the product row lock within 2 s');
  }

  it('is planned again on the product as its seller committed it meanwhile: the new price, not the one read', async () => {
    const { productId } = await newProduct(10);
    const buyer = await newUser('buyer');
    let placing: Promise<{ orders: { orderId: number; totalAmount: number }[] }> | undefined;
    await inOwnTransaction(async (seller) => {
      // The edit holds the row until it commits: the placement reads the old price unlocked,
      // plans on it, and its statement waits for the row.
      await seller.query('UPDATE products SET price = 900, updated_at = updated_at + 1 WHERE id = $1', [productId]);
      placing = nodes[0].orders.place(buyer, order([{ productId, quantity: 2 }]));
      await someoneWaitsForALock();
    });
    const placed = await placing!;
    expect(placed.orders[0]?.totalAmount).toBe(1_800);
    const lines = await database.query<{ unit_price: string }>('SELECT unit_price FROM order_items WHERE order_id = $1', [placed.orders[0]!.orderId]);
    expect(lines.map((l) => Number(l.unit_price))).toEqual([900]);
    expect(await stockOf(productId)).toBe(8);
  });

  it("checks out the cart as its buyer last committed it: a quantity changed meanwhile is the one ordered", async () => {
    const { productId } = await newProduct(10);
    const buyer = await newUser('buyer');
    await repos().carts.add(buyer.id, { productId, quantity: 1, size: null, color: null });
    let placing: Promise<{ orders: { orderId: number; totalAmount: number }[] }> | undefined;
    await inOwnTransaction(async (otherTab) => {
      // The change holds the cart line until it commits: the checkout reads quantity 1, plans
      // on it, and its delete of the line waits for the row.
      await otherTab.query('UPDATE cart_items SET quantity = 3 WHERE user_id = $1', [buyer.id]);
      placing = nodes[0].orders.place(buyer, { ...order([]), items: null });
      await someoneWaitsForALock();
    });
    const placed = await placing!;
    expect(placed.orders[0]?.totalAmount).toBe(1_500);
    expect(await stockOf(productId)).toBe(7);
    expect(await repos().carts.list(buyer.id)).toEqual([]);
  });

  it('is refused for the stock there is once another placement took the units it planned on', async () => {
    const { productId } = await newProduct(3);
    const [first, second] = await Promise.all([newUser('buyer'), newUser('buyer')]);
    let refused: Promise<unknown> | undefined;
    await inOwnTransaction(async (other) => {
      await other.query('UPDATE products SET stock = stock - 2 WHERE id = $1', [productId]);
      refused = nodes[1].orders.place(second, order([{ productId, quantity: 2 }])).catch((error: unknown) => error);
      await someoneWaitsForALock();
    });
    const error = await refused;
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'insufficient_stock', details: { product_id: productId, available: 1 } });
    expect(await stockOf(productId)).toBe(1);
    await nodes[0].orders.place(first, order([{ productId, quantity: 1 }]));
    expect(await stockOf(productId)).toBe(0);
  });
});

describe('starting nodes', () => {
  it('applies the migrations once when several nodes start together on a fresh database', async () => {
    const fresh = await createTestDatabase();
    try {
      const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresStore(fresh.url, { poolSize: 2 })));
      try {
        expect(await Promise.all(stores.map((s) => s.isEmpty()))).toEqual([true, true, true, true, true]);
        const recorded = await fresh.query<{ hash: string; n: string }>(`SELECT hash, count(*) AS n FROM ${MIGRATIONS_TABLE} GROUP BY hash`);
        const committed = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).map((m) => m.hash);
        expect(recorded.map((r) => r.hash).sort()).toEqual([...committed].sort());
        expect(recorded.every((r) => r.n === '1')).toBe(true);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
      // A node starting later finds nothing to apply.
      const later = await openPostgresStore(fresh.url, { poolSize: 1 });
      await later.close();
      expect(await fresh.query(`SELECT 1 FROM ${MIGRATIONS_TABLE}`)).toHaveLength(readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).length);
    } finally {
      await fresh.drop();
    }
  });

  it('refuses a server that is not there with one line naming it and the cause, never the password', async () => {
    const error = await openPostgresStore('postgres://postgres:s3cret@127.0.0.1:1/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const { message } = error as Error;
    expect(message).not.toContain('\n');
    expect(message).toContain('127.0.0.1:1');
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain('s3cret');
    expect(await openPostgresStore('postgres://postgres@127.0.0.1:1/x').catch((e: unknown) => (e as Error).message)).toBe(
      'PostgreSQL at 127.0.0.1:1/x cannot be used: connect ECONNREFUSED 127.0.0.1:1',
    );
  });
});
