/**
 * The data migration that settles the return requests a plain status change to returned had
 * left open (before such a change settled them), on both stores: on a database as the release
 * before it left it, such a request becomes approved when its order became returned, with that
 * change's message and no restock; an open request of a delivered order, and decided ones, stay.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import pg from 'pg';
import { expect, it } from 'vitest';
import { MIGRATIONS_DIR as PG_MIGRATIONS_DIR, MIGRATIONS_TABLE, openPostgresStore } from '../../db/postgres/postgres-store.js';
import { MIGRATIONS_DIR as SQLITE_MIGRATIONS_DIR, migrateDatabase } from '../../db/sqlite/sqlite.js';
import { createTestDatabase } from '../support/postgres.js';

const TAG = 'settle_returned_orders_requests';

/** The migrations a folder holds before this one. */
function migrationsBefore(folder: string): MigrationMeta[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((entry) => entry.tag.endsWith(TAG));
  expect(index, `${TAG} is a migration of ${folder}`).toBeGreaterThan(0);
  return readMigrationFiles({ migrationsFolder: folder }).slice(0, index);
}

/** Two returned orders whose requests stayed open (one without its history row), one delivered with an open request, one returned with decided ones. */
const FIXTURE = [
  `INSERT INTO users (id, first_name, last_name, email, password_hash, role, created_at) VALUES
     (1, 'Sam', 'Seller', 's@x.test', 'h', 'seller', 1), (2, 'Bea', 'Buyer', 'b@x.test', 'h', 'buyer', 1)`,
  `INSERT INTO sellers (seller_id, user_id, store_name, status) VALUES (1, 1, 'Store', 'active')`,
  `INSERT INTO orders (order_id, order_number, user_id, seller_id, order_status, version, total_amount, payment_method,
                       ship_name, ship_line1, ship_city, ship_postal_code, ship_country, created_at, updated_at) VALUES
     (7, 'OP-7', 2, 1, 'returned', 6, 100, 'card', 'Bea', '1 St', 'Town', '1', 'Land', 10, 70),
     (8, 'OP-8', 2, 1, 'delivered', 5, 100, 'card', 'Bea', '1 St', 'Town', '1', 'Land', 10, 50),
     (9, 'OP-9', 2, 1, 'returned', 7, 100, 'card', 'Bea', '1 St', 'Town', '1', 'Land', 10, 90),
     (10, 'OP-10', 2, 1, 'returned', 6, 100, 'card', 'Bea', '1 St', 'Town', '1', 'Land', 10, 100)`,
  `INSERT INTO order_status_history (id, order_id, from_status, to_status, actor_user_id, actor_role, note, buyer_message, created_at) VALUES
     (1, 7, 'delivered', 'returned', 1, 'seller', NULL, 'Refund on its way', 65)`,
  `INSERT INTO return_requests (id, order_id, buyer_id, seller_id, status, reason, message, created_at, decided_at, buyer_message, restock) VALUES
     (1, 7, 2, 1, 'requested', 'damaged', NULL, 60, NULL, NULL, NULL),
     (2, 8, 2, 1, 'requested', 'other', NULL, 40, NULL, NULL, NULL),
     (3, 9, 2, 1, 'declined', 'other', NULL, 30, 35, 'No', NULL),
     (4, 9, 2, 1, 'approved', 'damaged', NULL, 80, 85, 'Yes', true),
     (5, 10, 2, 1, 'requested', 'damaged', NULL, 95, NULL, NULL, NULL)`,
];

const REQUESTS = `SELECT id, status, decided_at AS "decidedAt", buyer_message AS "buyerMessage",
                         CASE WHEN restock THEN 'yes' WHEN NOT restock THEN 'no' END AS restock
                    FROM return_requests ORDER BY id`;

const EXPECTED = [
  { id: 1, status: 'approved', decidedAt: 65, buyerMessage: 'Refund on its way', restock: 'no' },
  { id: 2, status: 'requested', decidedAt: null, buyerMessage: null, restock: null },
  { id: 3, status: 'declined', decidedAt: 35, buyerMessage: 'No', restock: null },
  { id: 4, status: 'approved', decidedAt: 85, buyerMessage: 'Yes', restock: 'yes' },
  { id: 5, status: 'approved', decidedAt: 100, buyerMessage: null, restock: 'no' },
];

const normalized = (rows: Record<string, unknown>[]) =>
  rows.map((row) => ({ ...row, id: Number(row.id), decidedAt: row.decidedAt === null ? null : Number(row.decidedAt) }));

it('SQLite: settles the open requests of returned orders, and nothing else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderpulse-settle-'));
  const sqlite = new Database(join(dir, 'old.db'));
  try {
    sqlite.exec('CREATE TABLE "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
    for (const migration of migrationsBefore(SQLITE_MIGRATIONS_DIR)) {
      for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement);
      sqlite.prepare('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)').run(migration.hash, migration.folderMillis);
    }
    for (const statement of FIXTURE) sqlite.exec(statement);

    migrateDatabase(sqlite);

    expect(normalized(sqlite.prepare<[], Record<string, unknown>>(REQUESTS).all())).toEqual(EXPECTED);
  } finally {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('PostgreSQL: settles the open requests of returned orders, and nothing else', async () => {
  const db = await createTestDatabase();
  try {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('CREATE SCHEMA "drizzle"');
      await client.query(`CREATE TABLE ${MIGRATIONS_TABLE} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
      for (const migration of migrationsBefore(PG_MIGRATIONS_DIR)) {
        for (const statement of migration.sql) if (statement.trim()) await client.query(statement);
        await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (hash, created_at) VALUES ($1, $2)`, [migration.hash, migration.folderMillis]);
      }
      for (const statement of FIXTURE) await client.query(statement);
    } finally {
      await client.end();
    }

    const store = await openPostgresStore(db.url);
    await store.close();

    expect(normalized(await db.query(REQUESTS))).toEqual(EXPECTED);
  } finally {
    await db.drop();
  }
});
