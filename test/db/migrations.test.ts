/**
 * Migrations on a database that already holds data: a file written by an older release
 * opens with every row intact, and a node started next to a migrating one waits for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterEach, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrateDatabase } from '../../db/sqlite/sqlite.js';

/** How many migrations came before the demo seed's record (0013_demo_seed). */
const DEMO_SEED_MIGRATION = 13;

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** A database as the release with only the first `count` migrations left it. */
function databaseAt(count: number): Database.Database {
  dir = mkdtempSync(join(tmpdir(), 'orderpulse-migrate-'));
  const sqlite = new Database(join(dir, 'old.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.exec('CREATE TABLE "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
  for (const migration of readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).slice(0, count)) {
    for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement);
    sqlite.prepare('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)').run(migration.hash, migration.folderMillis);
  }
  return sqlite;
}

it('keeps every status history row, its id included, when history ids stop using sqlite_sequence', () => {
  const sqlite = databaseAt(2);
  sqlite.exec(`
    INSERT INTO users (id, first_name, last_name, email, password_hash, role, created_at) VALUES
      (1, 'Sam', 'Seller', 's@x.test', 'h', 'seller', 1), (2, 'Bea', 'Buyer', 'b@x.test', 'h', 'buyer', 1);
    INSERT INTO sellers (seller_id, user_id, store_name, status) VALUES (1, 1, 'Store', 'active');
    INSERT INTO orders (order_id, order_number, user_id, seller_id, order_status, version, total_amount, payment_method,
                        ship_name, ship_line1, ship_city, ship_postal_code, ship_country, created_at, updated_at)
      VALUES (7, 'OP-7', 2, 1, 'confirmed', 2, 100, 'card', 'Bea', '1 St', 'Town', '1', 'Land', 10, 20);
    INSERT INTO order_status_history (id, order_id, from_status, to_status, actor_user_id, actor_role, note, created_at) VALUES
      (40, 7, NULL, 'pending', 2, 'buyer', NULL, 10), (41, 7, 'pending', 'confirmed', 1, 'seller', 'ok', 20);
  `);
  const before = sqlite.prepare<[], Record<string, unknown>>('SELECT * FROM order_status_history ORDER BY id').all();

  migrateDatabase(sqlite);

  // Every row as it was; a later migration adds buyer_message, which old rows do not have.
  expect(sqlite.prepare('SELECT * FROM order_status_history ORDER BY id').all()).toEqual(before.map((row) => ({ ...row, buyer_message: null })));
  const schema = sqlite.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'order_status_history'").get();
  expect(schema?.sql).not.toMatch(/AUTOINCREMENT/i);
  expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'order_status_history'").pluck().all()).toEqual([
    'order_status_history_order_idx',
  ]);
  expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'orders_updated_idx'").get()).toBeUndefined();
  expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  // New rows carry on after the highest id, and the foreign keys still hold.
  const next = sqlite
    .prepare("INSERT INTO order_status_history (order_id, to_status, actor_role, created_at) VALUES (7, 'processing', 'seller', 30)")
    .run();
  expect(Number(next.lastInsertRowid)).toBe(42);
  expect(() =>
    sqlite.prepare("INSERT INTO order_status_history (order_id, to_status, actor_role, created_at) VALUES (999, 'processing', 'seller', 30)").run(),
  ).toThrow(/FOREIGN KEY/);
  // A second start finds nothing left to apply.
  migrateDatabase(sqlite);
  expect(sqlite.prepare('SELECT count(*) FROM order_status_history').pluck().get()).toBe(3);
  sqlite.close();
});

it.each([
  ['has orders: past seeding, never seeded again', true],
  ['has accounts but no orders: a seed stopped part-way, left for the next start', false],
])('records an earlier release\'s database that %s', (_what, seeded) => {
  const sqlite = databaseAt(DEMO_SEED_MIGRATION);
  sqlite.exec(`
    INSERT INTO users (id, first_name, last_name, email, password_hash, role, created_at) VALUES
      (1, 'Uma', 'Reyes', 'urban@demo.orderpulse.test', 'h', 'seller', 1), (2, 'Alice', 'Martin', 'alice@demo.orderpulse.test', 'h', 'buyer', 1);
    INSERT INTO sellers (seller_id, user_id, store_name, status) VALUES (1, 1, 'Urban Threads', 'active');
  `);
  if (seeded) {
    sqlite.exec(`
      INSERT INTO orders (order_id, order_number, user_id, seller_id, order_status, version, total_amount, payment_method,
                          ship_name, ship_line1, ship_city, ship_postal_code, ship_country, created_at, updated_at)
        VALUES (7, 'OP-7', 2, 1, 'pending', 1, 100, 'card', 'Alice', '1 St', 'Town', '1', 'Land', 10, 10);
    `);
  }
  const started = Date.now();
  migrateDatabase(sqlite);
  const record = sqlite.prepare<[], { completed_at: number }>('SELECT completed_at FROM demo_seed').all();
  expect(record.length).toBe(seeded ? 1 : 0);
  if (seeded) expect(record[0]?.completed_at).toBeGreaterThan(started - 2_000);
  sqlite.close();
});

/** Another connection (a thread, as another node would be) holding the write lock for `ms`. */
async function holdWriteLock(path: string, ms: number): Promise<{ released: Promise<void> }> {
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.betterSqlite3);
    const db = new Database(workerData.path);
    db.exec('BEGIN IMMEDIATE');
    parentPort.postMessage('locked');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
    db.exec('COMMIT');
    db.close();
    `,
    { eval: true, workerData: { path, ms, betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3') } },
  );
  const released = new Promise<void>((resolve, reject) => {
    worker.once('exit', () => resolve());
    worker.once('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return { released };
}

it('waits for a node that holds the write lock past busy_timeout, up to the wait it is given', async () => {
  const sqlite = databaseAt(readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).length);
  sqlite.pragma('busy_timeout = 20');
  const holder = await holdWriteLock(sqlite.name, 600);
  // A wait shorter than the other node's hold fails, as the plain busy_timeout would.
  expect(() => migrateDatabase(sqlite, 50)).toThrow(/locked|busy/i);
  // The default wait outlasts it.
  migrateDatabase(sqlite);
  await holder.released;
  // The connection's own busy_timeout is back for the requests.
  expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(20);
  sqlite.close();
});
