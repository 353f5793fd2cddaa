/**
 * The push bench's seed on PostgreSQL: the same rows as seed.ts writes into SQLite, as
 * set-based statements in one transaction (generate_series and unnest, a handful of round
 * trips whatever the count), so 50,000 buyers take seconds. The schema comes first from the
 * store's own migrations (opening the store applies them, under its advisory lock).
 */
import pg from 'pg';
import { openPostgresStore } from '../../db/postgres/postgres-store.js';
import { benchPasswordHash, newToken, ORDER_CENTS, SESSION_TTL_MS, sessionId, type Seeded, type SeededBuyer, type SeededSeller } from './seed.js';

// $1 password hash, $2 now, $3 buyer count, $4 seller ids, $5 their product ids,
// $6 the buyers' session ids (sha256 of their tokens), in buyer order.
// Buyer i orders one unit of seller (i mod sellers)'s product, as seed.ts does.
const SEED_BUYERS = `
WITH b AS (
  SELECT i, 'buyer-' || i || '@push.bench' AS email, 'Buyer ' || i AS last_name,
         'PB-' || lpad(i::text, greatest(6, length(i::text)), '0') AS order_number,
         ($4::int[])[i % cardinality($4::int[]) + 1] AS seller_id,
         ($5::int[])[i % cardinality($5::int[]) + 1] AS product_id,
         i % cardinality($4::int[]) AS seller_index
    FROM generate_series(0, $3::int - 1) AS i),
u AS (
  INSERT INTO users (first_name, last_name, email, password_hash, role, created_at)
  SELECT 'Bea', last_name, email, $1, 'buyer', $2::bigint FROM b ORDER BY i
  RETURNING id, email),
o AS (
  INSERT INTO orders (order_number, user_id, seller_id, order_status, version, total_amount, currency, payment_method,
                      ship_name, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, created_at, updated_at)
  SELECT b.order_number, u.id, b.seller_id, 'pending', 1, ${ORDER_CENTS}, 'USD', 'card',
         'Bea Bench', '1 Bench Street', NULL, 'Benchville', '12345', 'Benchland', $2::bigint, $2::bigint
    FROM b JOIN u USING (email) ORDER BY b.i
  RETURNING order_id, order_number, user_id),
items AS (
  INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price, size, color)
  SELECT o.order_id, b.product_id, 'Push product ' || b.seller_index, 1, ${ORDER_CENTS}, NULL, NULL
    FROM o JOIN b USING (order_number) ORDER BY o.order_id
  RETURNING 1),
shipment AS (INSERT INTO shipments (order_id, status) SELECT order_id, 'pending' FROM o ORDER BY order_id RETURNING 1),
history AS (
  INSERT INTO order_status_history (order_id, from_status, to_status, actor_user_id, actor_role, note, created_at)
  SELECT order_id, NULL, 'pending', user_id, 'buyer', NULL, $2::bigint FROM o ORDER BY order_id
  RETURNING 1),
sessions AS (
  INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at)
  SELECT t.id, u.id, $2::bigint, $2::bigint, $2::bigint + ${SESSION_TTL_MS}
    FROM unnest($6::text[]) WITH ORDINALITY AS t(id, n)
    JOIN b ON b.i = t.n - 1 JOIN u USING (email)
  RETURNING 1)
SELECT b.i, o.user_id AS "userId", o.order_id AS "orderId", o.order_number AS "orderNumber", b.seller_index AS "sellerIndex"
  FROM o JOIN b USING (order_number) ORDER BY b.i`;

export async function seedPostgres(url: string, buyerCount: number, sellerCount: number): Promise<Seeded> {
  await (await openPostgresStore(url)).close();
  const passwordHash = await benchPasswordHash();
  const now = Date.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const sellers: (SeededSeller & { productId: number })[] = [];
    // A few sellers: one statement each is no cost here.
    for (let s = 0; s < sellerCount; s++) {
      const user = await client.query<{ id: number }>(
        `INSERT INTO users (first_name, last_name, email, password_hash, role, created_at) VALUES ('Sam', $1, $2, $3, 'seller', $4) RETURNING id`,
        [`Seller ${s}`, `seller-${s}@push.bench`, passwordHash, now],
      );
      const userId = user.rows[0]!.id;
      const seller = await client.query<{ seller_id: number }>(`INSERT INTO sellers (user_id, store_name) VALUES ($1, $2) RETURNING seller_id`, [
        userId,
        `Push Store ${s}`,
      ]);
      const sellerId = seller.rows[0]!.seller_id;
      const product = await client.query<{ id: number }>(
        `INSERT INTO products (seller_id, name, description, price, stock, sizes, colors, active, created_at, updated_at)
         VALUES ($1, $2, '', ${ORDER_CENTS}, 1000000, '[]', '[]', true, $3, $3) RETURNING id`,
        [sellerId, `Push product ${s}`, now],
      );
      const token = newToken();
      await client.query('INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)', [
        sessionId(token),
        userId,
        now,
        now + SESSION_TTL_MS,
      ]);
      sellers.push({ userId, sellerId, token, productId: product.rows[0]!.id });
    }
    const tokens = Array.from({ length: buyerCount }, newToken);
    const rows = await client.query<Omit<SeededBuyer, 'token'> & { i: number }>(SEED_BUYERS, [
      passwordHash,
      now,
      buyerCount,
      sellers.map((s) => s.sellerId),
      sellers.map((s) => s.productId),
      tokens.map(sessionId),
    ]);
    await client.query('COMMIT');
    // Planner statistics for the fresh rows, as a live database would have them.
    await client.query('ANALYZE');
    const buyers = rows.rows.map(({ i, ...buyer }) => ({ ...buyer, token: tokens[i]! }));
    if (buyers.length !== buyerCount) throw new Error(`seeded ${buyers.length} buyers, expected ${buyerCount}`);
    return { buyers, sellers: sellers.map(({ productId: _p, ...rest }) => rest) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
