/**
 * PostgreSQL placements sharing a commit (db/postgres/placement-batcher.ts): what arrives
 * together shares one transaction, a member's error is undone alone, and a batch that cannot
 * commit fails all its members and leaves the next batch working. Then the same through the
 * domain: many buyers at once on one node, one product, stock for some of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { pgTypes, statement } from '../../db/postgres/pg-database.js';
import { PlacementBatcher } from '../../db/postgres/placement-batcher.js';
import { openPostgresStore } from '../../db/postgres/postgres-store.js';
import type { Store } from '../../db/store.js';
import { DomainError } from '../../server/domain/errors.js';
import { OrderService } from '../../server/domain/order-service.js';
import { InMemoryEventBus } from '../../server/infra/in-memory-event-bus.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let database: TestDatabase;
let store: Store;
const pools: pg.Pool[] = [];
/** Errors of the test pools' idle connections. */
const idleErrors: Error[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  store = await openPostgresStore(database.url, { poolSize: 8 }); // migrates: orderpulse_refuse is there
  // A probe the batcher runs: inserts its value; refuses after the insert for `refuse…` (as a
  // placement does), sleeps for `slow…`, and locks the rows $2 names in id order first. A
  // `poison` row fails its transaction at COMMIT (a deferred constraint trigger).
  await database.query(`CREATE TABLE probe (v text PRIMARY KEY)`);
  await database.query(`CREATE TABLE probe_lock (id int PRIMARY KEY)`);
  await database.query(`INSERT INTO probe_lock SELECT generate_series(1, 3)`);
  await database.query(`CREATE FUNCTION probe_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                          BEGIN IF NEW.v = 'poison' THEN RAISE EXCEPTION 'poisoned at commit'; END IF; RETURN NULL; END $$`);
  await database.query(`CREATE CONSTRAINT TRIGGER probe_poison AFTER INSERT ON probe DEFERRABLE INITIALLY DEFERRED
                          FOR EACH ROW EXECUTE FUNCTION probe_poison()`);
});

afterAll(async () => {
  expect(idleErrors).toEqual([]);
  await Promise.all(pools.map((pool) => pool.end()));
  await store?.close();
  await database?.drop();
});

const probe = statement(
  'probe_insert',
  `WITH locked AS (SELECT id FROM probe_lock WHERE id = ANY($2::int[]) ORDER BY id FOR UPDATE),
        ins AS (INSERT INTO probe (v) SELECT $1 WHERE (SELECT count(*) FROM locked) >= 0 RETURNING v)
   SELECT v, txid_current()::text AS tx, pg_sleep(CASE WHEN v LIKE 'slow%' THEN 30 ELSE 0 END)::text AS slept,
          CASE WHEN v LIKE 'refuse%' THEN orderpulse_refuse('probe') END AS refused
     FROM ins`,
);

function newBatcher(): PlacementBatcher<{ v: string; tx: string }> {
  const pool = new pg.Pool({ connectionString: database.url, max: 1, pipeline: true, types: pgTypes() });
  // The drop at the end terminates connections a pool is still closing; nothing else may fail one.
  pool.on('error', (error) => idleErrors.push(error));
  pools.push(pool);
  return new PlacementBatcher(pool, probe);
}

const put = (batcher: PlacementBatcher<{ v: string; tx: string }>, v: string, locks: number[] = []) => batcher.row([v, locks]);

/** Each outcome: the row's transaction, or the error's SQLSTATE (anything else fails the test). */
async function outcomes(runs: Promise<{ tx: string } | null>[]): Promise<string[]> {
  return (await Promise.allSettled(runs)).map((s) => {
    if (s.status === 'fulfilled') return s.value?.tx ?? 'no row';
    if (s.reason instanceof pg.DatabaseError) return `error ${s.reason.code}`;
    if (s.reason instanceof Error) return `error: ${s.reason.message}`;
    throw s.reason;
  });
}

const stored = async (...values: string[]) =>
  (await database.query<{ v: string }>('SELECT v FROM probe WHERE v = ANY($1) ORDER BY v', [values])).map((r) => r.v);

/** Resolves once `n` statements on the database wait for a lock, or one runs `pg_sleep` (n = 0). */
async function waiting(n: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const rows = await database.query<{ n: string }>(
      n === 0
        ? `SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()`
        : `SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
    );
    if (Number(rows[0]?.n) >= Math.max(n, 1)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the database never came to ${n === 0 ? 'run a sleeping member' : `${n} lock waits`} within 5 s`);
}

describe('the placement batcher', () => {
  it('runs what arrives together in one transaction, and what arrives while a batch is in flight in the next', async () => {
    const batcher = newBatcher();
    const together = await outcomes(['t1', 't2', 't3', 't4'].map((v) => put(batcher, v)));
    expect(new Set(together).size).toBe(1);
    expect(together[0]).toMatch(/^\d+$/);

    const slow = outcomes([put(batcher, 'slow-1')]);
    await waiting(0);
    const next = outcomes(['n1', 'n2', 'n3'].map((v) => put(batcher, v)));
    // Cancelling the sleep fails the slow member's statement alone; its batch commits without it.
    await database.query(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()`);
    expect(await slow).toEqual(['error 57014']);
    const after = await next;
    expect(new Set(after).size).toBe(1);
    expect(after[0]).not.toBe(together[0]);
    expect(await stored('t1', 't2', 't3', 't4', 'slow-1', 'n1', 'n2', 'n3')).toEqual(['n1', 'n2', 'n3', 't1', 't2', 't3', 't4']);
  });

  it("undoes a member's refusal or failure alone: the others of its batch commit", async () => {
    const batcher = newBatcher();
    await put(batcher, 'taken');
    const results = await outcomes(['m1', 'refuse-1', 'm2', 'taken', 'm3'].map((v) => put(batcher, v)));
    expect(results[1]).toBe('error OP409');
    expect(results[3]).toBe('error 23505');
    expect(new Set([results[0], results[2], results[4]]).size).toBe(1);
    expect(results[0]).toMatch(/^\d+$/);
    expect(await stored('m1', 'm2', 'm3', 'refuse-1')).toEqual(['m1', 'm2', 'm3']);
  });

  it('fails every member of a batch whose COMMIT fails, and the next batch works', async () => {
    const batcher = newBatcher();
    const results = await outcomes(['c1', 'poison', 'c2'].map((v) => put(batcher, v)));
    expect(results).toEqual(['error P0001', 'error P0001', 'error P0001']);
    expect(await stored('c1', 'poison', 'c2')).toEqual([]);
    expect(await outcomes([put(batcher, 'c3')])).toEqual([expect.stringMatching(/^\d+$/)]);
    expect(await stored('c3')).toEqual(['c3']);
  });

  it('fails every member of a batch whose connection is lost, and the next batch works', async () => {
    const batcher = newBatcher();
    const runs = outcomes(['k1', 'slow-2', 'k2'].map((v) => put(batcher, v)));
    await waiting(0);
    await database.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()`);
    const results = await runs;
    expect(results).toHaveLength(3);
    expect(results.every((r) => r.startsWith('error'))).toBe(true);
    expect(await stored('k1', 'slow-2', 'k2')).toEqual([]);
    expect(await outcomes([put(batcher, 'k3')])).toEqual([expect.stringMatching(/^\d+$/)]);
    expect(await stored('k3')).toEqual(['k3']);
  });

  it('gives a deadlock between two batches to the one member PostgreSQL undid; both batches commit the rest', async () => {
    const [a, b] = [newBatcher(), newBatcher()];
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      // Row 2 held elsewhere: batch A takes row 1 and waits for 2; batch B takes 3 and waits for 1.
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM probe_lock WHERE id = 2 FOR UPDATE');
      const first = outcomes([put(a, 'a1', [1]), put(a, 'a2', [2, 3])]);
      await waiting(1);
      const second = outcomes([put(b, 'b1', [3]), put(b, 'b2', [1])]);
      await waiting(2);
      // Released, A's second member takes 2 and waits for 3: a cycle, which PostgreSQL breaks.
      await holder.query('COMMIT');
      const results = [...(await first), ...(await second)];
      expect(results.filter((r) => r === 'error 40P01')).toHaveLength(1);
      expect(results.filter((r) => /^\d+$/.test(r))).toHaveLength(3);
    } finally {
      await holder.end();
    }
  });
});

describe('placements of one product by many buyers at once on one node', () => {
  it('sells exactly the stock; the others are told how many units are left', async () => {
    const { users, products } = store.repositories;
    const seller = await users.create({
      email: 'seller@example.test', firstName: 'Sam', lastName: 'Seller', role: 'seller', passwordHash: 'h', storeName: 'Store', createdAt: Date.now(),
    });
    const product = await products.create(
      seller.sellerId!,
      { name: 'Hot item', description: '', price: 500, stock: 7, sizes: [], colors: [], imageUrl: null },
      Date.now(),
    );
    const buyers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        users.create({ email: `buyer-${i}@example.test`, firstName: 'Bea', lastName: `Buyer${i}`, role: 'buyer', passwordHash: 'h', storeName: null, createdAt: Date.now() }),
      ),
    );
    const service = new OrderService(store.repositories.orders, new InMemoryEventBus());
    const address = { name: 'Bea Buyer', line1: '1 Test Street', line2: null, city: 'Testville', postalCode: '12345', country: 'Testland' };
    const settled = await Promise.allSettled(
      buyers.map((buyer) =>
        service.place(buyer, { paymentMethod: 'card', shippingAddress: address, items: [{ productId: product.id, quantity: 2, size: null, color: null }], idempotency: null }),
      ),
    );
    const placed = settled.filter((s) => s.status === 'fulfilled');
    const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    expect(placed).toHaveLength(3);
    expect(refused).toHaveLength(21);
    for (const error of refused) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'insufficient_stock', details: { product_id: product.id, available: 1 } });
    }
    expect((await products.findById(product.id))?.stock).toBe(1);
    const units = await database.query<{ n: string }>('SELECT coalesce(sum(quantity), 0) AS n FROM order_items WHERE product_id = $1', [product.id]);
    expect(Number(units[0]?.n)).toBe(6);
  });
});
