/** The INSERTs the benches seed SQLite with directly (no HTTP, no argon2 per user), prepared once per file. */
import type Database from 'better-sqlite3';

export function seedStatements(sqlite: Database.Database) {
  return {
    insertUser: sqlite.prepare('INSERT INTO users (first_name, last_name, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    insertSeller: sqlite.prepare("INSERT INTO sellers (user_id, store_name, status) VALUES (?, ?, 'active')"),
    insertProduct: sqlite.prepare(
      "INSERT INTO products (seller_id, name, description, price, stock, sizes, colors, active, created_at, updated_at) VALUES (?, ?, '', ?, 1000000, '[]', '[]', 1, ?, ?)",
    ),
    insertSession: sqlite.prepare('INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
    /** number, buyer, seller, status, total, created_at, updated_at. */
    insertOrder: sqlite.prepare(
      `INSERT INTO orders (order_number, user_id, seller_id, order_status, version, total_amount, currency, payment_method,
         ship_name, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, created_at, updated_at)
       VALUES (?, ?, ?, ?, 1, ?, 'USD', 'card', 'Bea Bench', '1 Bench Street', NULL, 'Benchville', '12345', 'Benchland', ?, ?)`,
    ),
    /** order, product, name, quantity, unit price. */
    insertItem: sqlite.prepare('INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price, size, color) VALUES (?, ?, ?, ?, ?, NULL, NULL)'),
    /** order, carrier, tracking number, status. */
    insertShipment: sqlite.prepare('INSERT INTO shipments (order_id, carrier, tracking_number, status) VALUES (?, ?, ?, ?)'),
    /** order, buyer, created_at: the placement's first history row. */
    insertHistory: sqlite.prepare(
      "INSERT INTO order_status_history (order_id, from_status, to_status, actor_user_id, actor_role, note, created_at) VALUES (?, NULL, 'pending', ?, 'buyer', NULL, ?)",
    ),
  };
}
