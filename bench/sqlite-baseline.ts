/**
 * The database floor, measured in-process with raw better-sqlite3 (no drizzle, no HTTP):
 * a prepared SELECT of an order by primary key, and the statements of a 3-line order
 * placement in one BEGIN IMMEDIATE transaction. Same schema, migrations and pragmas as the
 * server (db/sqlite.ts), on a temporary file.
 *
 *   npx tsx bench/sqlite-baseline.ts        # standalone
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../db/sqlite/sqlite.js';

export interface SqliteBaseline {
  selectByPkOps: number;
  placeOrderTxOps: number;
  /** CPU time per operation (user + system, µs): what the ops/s would be on an idle core. */
  selectByPkCpuUs: number;
  placeOrderTxCpuUs: number;
}

/** Runs `op` in batches until `ms` have passed: operations per second and CPU µs per operation. */
function opsPerSecond(ms: number, op: (i: number) => void): { ops: number; cpuUs: number } {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let n = 0;
  let elapsed = 0;
  while (elapsed < ms) {
    for (let k = 0; k < 200; k++) op(n++);
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpu0);
  return { ops: (n / elapsed) * 1000, cpuUs: (cpu.user + cpu.system) / n };
}

export function runSqliteBaseline(msEach = 3_000): SqliteBaseline {
  const dir = mkdtempSync(join(tmpdir(), 'orderpulse-sqlite-bench-'));
  const handle = openDatabase(join(dir, 'baseline.db'));
  const { sqlite } = handle;
  try {
    const now = Date.now();
    const userId = Number(
      sqlite
        .prepare("INSERT INTO users (first_name, last_name, email, password_hash, role, created_at) VALUES ('B', 'B', 'b@x.test', 'x', 'buyer', ?)")
        .run(now).lastInsertRowid,
    );
    const sellerUser = Number(
      sqlite
        .prepare("INSERT INTO users (first_name, last_name, email, password_hash, role, created_at) VALUES ('S', 'S', 's@x.test', 'x', 'seller', ?)")
        .run(now).lastInsertRowid,
    );
    const sellerId = Number(sqlite.prepare("INSERT INTO sellers (user_id, store_name) VALUES (?, 'Store')").run(sellerUser).lastInsertRowid);
    const addProduct = sqlite.prepare('INSERT INTO products (seller_id, name, price, stock, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    const productIds = [1, 2, 3].map((k) => Number(addProduct.run(sellerId, `Product ${k}`, 1000 + k, 100_000_000, now, now).lastInsertRowid));

    const product = sqlite.prepare(
      'SELECT p.id, p.seller_id, p.name, p.price, p.stock, p.sizes, p.colors, p.active, s.store_name FROM products p JOIN sellers s ON s.seller_id = p.seller_id WHERE p.id = ?',
    );
    const insertOrder = sqlite.prepare(
      `INSERT INTO orders (order_number, user_id, seller_id, order_status, version, total_amount, currency, payment_method,
         ship_name, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, created_at, updated_at)
       VALUES (?, ?, ?, 'pending', 1, ?, 'USD', 'card', 'Bea', '1 Test Street', NULL, 'Testville', '12345', 'Testland', ?, ?)
       RETURNING order_id`,
    );
    const takeStock = sqlite.prepare('UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?');
    const insertItem = sqlite.prepare(
      'INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price, size, color) VALUES (?, ?, ?, ?, ?, NULL, NULL)',
    );
    const insertShipment = sqlite.prepare("INSERT INTO shipments (order_id, status) VALUES (?, 'pending')");
    const insertHistory = sqlite.prepare(
      "INSERT INTO order_status_history (order_id, from_status, to_status, actor_user_id, actor_role, note, created_at) VALUES (?, NULL, 'pending', ?, 'buyer', NULL, ?)",
    );
    const place = sqlite.transaction((i: number) => {
      const t = Date.now();
      const rows = productIds.map((id) => product.get(id) as { id: number; name: string; price: number });
      const total = rows.reduce((sum, r) => sum + r.price, 0);
      const { order_id: orderId } = insertOrder.get(`BENCH-${i}`, userId, sellerId, total, t, t) as { order_id: number };
      for (const r of rows) {
        if (takeStock.run(1, r.id, 1).changes === 0) throw new Error('out of stock');
        insertItem.run(orderId, r.id, r.name, 1, r.price);
      }
      insertShipment.run(orderId);
      insertHistory.run(orderId, userId, t);
      return orderId;
    });

    opsPerSecond(300, (i) => place.immediate(-1 - i)); // warm-up
    const placing = opsPerSecond(msEach, (i) => place.immediate(i));

    const maxId = (sqlite.prepare('SELECT max(order_id) AS m FROM orders').get() as { m: number }).m;
    const byPk = sqlite.prepare(
      'SELECT order_id, order_number, user_id, seller_id, order_status, version, total_amount, created_at, updated_at FROM orders WHERE order_id = ?',
    );
    opsPerSecond(300, (i) => byPk.get((i % maxId) + 1));
    const selecting = opsPerSecond(msEach, (i) => {
      if (!byPk.get((i % maxId) + 1)) throw new Error('missing row');
    });
    return {
      selectByPkOps: selecting.ops,
      placeOrderTxOps: placing.ops,
      selectByPkCpuUs: selecting.cpuUs,
      placeOrderTxCpuUs: placing.cpuUs,
    };
  } finally {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = runSqliteBaseline();
  console.log(`SELECT by primary key: ${Math.round(r.selectByPkOps).toLocaleString('en-US')} ops/s (${r.selectByPkCpuUs.toFixed(1)} µs CPU each)`);
  console.log(`3-line order transaction: ${Math.round(r.placeOrderTxOps).toLocaleString('en-US')} ops/s (${r.placeOrderTxCpuUs.toFixed(0)} µs CPU each)`);
}
