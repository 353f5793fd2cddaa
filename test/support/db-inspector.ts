/**
 * Read-only look into a test server's SQLite file, to assert what a request wrote — or that
 * it wrote nothing. WAL mode lets this connection read while the server writes; every
 * statement runs in its own read transaction, so it always sees the latest commits.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/** The tables whose rows make up the marketplace's state (sessions and rate-limit counters excluded). */
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
] as const;

export type BusinessTable = (typeof BUSINESS_TABLES)[number];

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

export class DbInspector {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare<unknown[], T>(sql).all(...params);
  }

  get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.db.prepare<unknown[], T>(sql).get(...params);
  }

  count(table: BusinessTable, where = '1', ...params: unknown[]): number {
    return this.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, ...params)?.n ?? 0;
  }

  counts(): RowCounts {
    const stock = this.all<{ id: number; stock: number }>('SELECT id, stock FROM products ORDER BY id');
    return {
      orders: this.count('orders'),
      order_items: this.count('order_items'),
      cart_items: this.count('cart_items'),
      products: this.count('products'),
      users: this.count('users'),
      shipments: this.count('shipments'),
      order_status_history: this.count('order_status_history'),
      idempotency_keys: this.count('idempotency_keys'),
      stock_checksum: sha256(stock.map((r) => `${r.id}:${r.stock}`).join(',')),
    };
  }

  /** A hash of every row of every business table: equal fingerprints mean nothing was written. */
  fingerprint(): string {
    const hash = createHash('sha256');
    for (const table of BUSINESS_TABLES) {
      hash.update(`${table}\n`);
      for (const row of this.all<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY rowid`)) {
        hash.update(`${JSON.stringify(row)}\n`);
      }
    }
    return hash.digest('hex');
  }

  stockOf(productId: number): number | undefined {
    return this.get<{ stock: number }>('SELECT stock FROM products WHERE id = ?', productId)?.stock;
  }

  close(): void {
    this.db.close();
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
