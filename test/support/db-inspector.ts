/**
 * A look into a test node's database, to assert what a request wrote — or that it wrote
 * nothing — and to make the next insert into a table fail. One interface over both stores
 * (sqlite-inspector.ts, postgres-inspector.ts), all async: tests write SQL with `?`
 * placeholders and read rows by their snake_case column names. The inspector has its own
 * connection; every statement sees what the node has committed so far.
 */
import { createHash } from 'node:crypto';
import { storeLocation } from '../../db/store.js';

/** The tables whose rows make up the marketplace's state (sessions, rate-limit counters and the event log excluded). */
export const BUSINESS_TABLES = [
  'users',
  'sellers',
  'products',
  'cart_items',
  'orders',
  'order_items',
  'shipments',
  'order_status_history',
  'idempotency_keys',
  'return_requests',
] as const;

export type BusinessTable = (typeof BUSINESS_TABLES)[number];

/**
 * Columns the node's background work writes whatever the requests do, left out of the
 * fingerprint: the e-mail consumer gives a user their unsubscribe token with their first
 * e-mail, some time after the change that caused it.
 */
const BACKGROUND_COLUMNS: Partial<Record<BusinessTable, readonly string[]>> = { users: ['email_token'] };

/** Each table's primary key, the order fingerprint() reads its rows in. */
const PRIMARY_KEYS: Record<BusinessTable, string> = {
  users: 'id',
  sellers: 'seller_id',
  products: 'id',
  cart_items: 'id',
  orders: 'order_id',
  order_items: 'id',
  shipments: 'id',
  order_status_history: 'id',
  idempotency_keys: 'user_id, key',
  return_requests: 'id',
};

export interface RowCounts {
  orders: number;
  order_items: number;
  cart_items: number;
  products: number;
  users: number;
  shipments: number;
  order_status_history: number;
  idempotency_keys: number;
  /** Hash of every product's id and stock. */
  stock_checksum: string;
}

/** Undoes a fault: the table takes inserts again. */
export type Restore = () => Promise<void>;

export interface DbInspector {
  all<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  get<T>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  count(table: BusinessTable, where?: string, ...params: unknown[]): Promise<number>;
  counts(): Promise<RowCounts>;
  /**
   * A hash of every row of every business table, each table in primary-key order: equal
   * fingerprints mean nothing was written. Compare fingerprints of one store only: the two
   * stores return some values differently (a boolean is 1 in SQLite, true in PostgreSQL).
   */
  fingerprint(): Promise<string>;
  stockOf(productId: number): Promise<number | undefined>;
  /**
   * Makes every insert into `table` fail inside the database with `message` (a BEFORE INSERT
   * trigger), as a full disk or a broken page would, until the returned restore() runs.
   */
  failInserts(table: BusinessTable, message: string): Promise<Restore>;
  /**
   * What is broken in the database, [] when nothing: SQLite's integrity_check (pages, indexes)
   * and foreign_key_check; in PostgreSQL, rows that break a foreign key.
   */
  integrityProblems(): Promise<unknown[]>;
  close(): Promise<void>;
}

/** The inspector for the database a node was started with (the same DATABASE_URL rules as the node's). */
export async function openDbInspector(databaseUrl: string): Promise<DbInspector> {
  const location = storeLocation(databaseUrl);
  switch (location.kind) {
    case 'sqlite': {
      const { SqliteInspector } = await import('./sqlite-inspector.js');
      return new SqliteInspector(location.path);
    }
    case 'postgres': {
      const { PostgresInspector } = await import('./postgres-inspector.js');
      return new PostgresInspector(location.url);
    }
  }
}

/** What both stores share: every method but the statements themselves and the faults. */
export abstract class SqlInspector implements DbInspector {
  abstract all<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  abstract failInserts(table: BusinessTable, message: string): Promise<Restore>;
  abstract integrityProblems(): Promise<unknown[]>;
  abstract close(): Promise<void>;

  async get<T>(sql: string, ...params: unknown[]): Promise<T | undefined> {
    return (await this.all<T>(sql, ...params))[0];
  }

  async count(table: BusinessTable, where = 'TRUE', ...params: unknown[]): Promise<number> {
    return (await this.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, ...params))?.n ?? 0;
  }

  async counts(): Promise<RowCounts> {
    const stock = await this.all<{ id: number; stock: number }>('SELECT id, stock FROM products ORDER BY id');
    return {
      orders: await this.count('orders'),
      order_items: await this.count('order_items'),
      cart_items: await this.count('cart_items'),
      products: await this.count('products'),
      users: await this.count('users'),
      shipments: await this.count('shipments'),
      order_status_history: await this.count('order_status_history'),
      idempotency_keys: await this.count('idempotency_keys'),
      stock_checksum: sha256(stock.map((r) => `${r.id}:${r.stock}`).join(',')),
    };
  }

  async fingerprint(): Promise<string> {
    const hash = createHash('sha256');
    for (const table of BUSINESS_TABLES) {
      hash.update(`${table}\n`);
      for (const row of await this.all<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY ${PRIMARY_KEYS[table]}`)) {
        for (const column of BACKGROUND_COLUMNS[table] ?? []) delete row[column];
        hash.update(`${JSON.stringify(row)}\n`);
      }
    }
    return hash.digest('hex');
  }

  async stockOf(productId: number): Promise<number | undefined> {
    return (await this.get<{ stock: number }>('SELECT stock FROM products WHERE id = ?', productId))?.stock;
  }
}

/** The name of the trigger (and function) failInserts installs on a table. */
export const faultName = (table: BusinessTable) => `op_test_fail_${table}`;

/** Text as an SQL string literal (both stores double the quote). */
export const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
