/**
 * Fills a fresh SQLite file for the push bench directly (no HTTP, no per-user argon2):
 * N buyers with one pending order and one session each, a few sellers with a product and
 * a session each. Sessions are keyed by sha256(token) hex, as AccountService does when no
 * SESSION_SECRET is set (the bench starts the nodes without one).
 */
import { createHash, randomBytes } from 'node:crypto';
import { openDatabase } from '../../db/sqlite/sqlite.js';
import { Argon2PasswordHasher } from '../../server/infra/argon2-password-hasher.js';

export interface SeededBuyer {
  userId: number;
  orderId: number;
  orderNumber: string;
  sellerIndex: number;
  token: string;
}

export interface SeededSeller {
  userId: number;
  sellerId: number;
  token: string;
}

export interface Seeded {
  buyers: SeededBuyer[];
  sellers: SeededSeller[];
}

const DAY = 24 * 3_600_000;

const newToken = () => randomBytes(32).toString('base64url');
const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');

export async function seedDatabase(path: string, buyerCount: number, sellerCount: number): Promise<Seeded> {
  // One real argon2id hash, shared by every account: nobody logs in during the bench.
  const passwordHash = await new Argon2PasswordHasher().hash('push-bench password');
  const handle = openDatabase(path);
  const { sqlite } = handle;
  const now = Date.now();
  try {
    const insertUser = sqlite.prepare(
      'INSERT INTO users (first_name, last_name, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertSeller = sqlite.prepare("INSERT INTO sellers (user_id, store_name, status) VALUES (?, ?, 'active')");
    const insertProduct = sqlite.prepare(
      "INSERT INTO products (seller_id, name, description, price, stock, sizes, colors, active, created_at, updated_at) VALUES (?, ?, '', ?, 1000000, '[]', '[]', 1, ?, ?)",
    );
    const insertSession = sqlite.prepare('INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)');
    const insertOrder = sqlite.prepare(
      `INSERT INTO orders (order_number, user_id, seller_id, order_status, version, total_amount, currency, payment_method,
         ship_name, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, created_at, updated_at)
       VALUES (?, ?, ?, 'pending', 1, 1999, 'USD', 'card', 'Bea Bench', '1 Bench Street', NULL, 'Benchville', '12345', 'Benchland', ?, ?)`,
    );
    const insertItem = sqlite.prepare(
      'INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price, size, color) VALUES (?, ?, ?, 1, 1999, NULL, NULL)',
    );
    const insertShipment = sqlite.prepare("INSERT INTO shipments (order_id, status) VALUES (?, 'pending')");
    const insertHistory = sqlite.prepare(
      "INSERT INTO order_status_history (order_id, from_status, to_status, actor_user_id, actor_role, note, created_at) VALUES (?, NULL, 'pending', ?, 'buyer', NULL, ?)",
    );

    return sqlite
      .transaction((): Seeded => {
        const sellers: (SeededSeller & { productId: number })[] = [];
        for (let s = 0; s < sellerCount; s++) {
          const userId = Number(insertUser.run('Sam', `Seller ${s}`, `seller-${s}@push.bench`, passwordHash, 'seller', now).lastInsertRowid);
          const sellerId = Number(insertSeller.run(userId, `Push Store ${s}`).lastInsertRowid);
          const productId = Number(insertProduct.run(sellerId, `Push product ${s}`, 1999, now, now).lastInsertRowid);
          const token = newToken();
          insertSession.run(sessionId(token), userId, now, now, now + 30 * DAY);
          sellers.push({ userId, sellerId, token, productId });
        }
        const buyers: SeededBuyer[] = [];
        for (let i = 0; i < buyerCount; i++) {
          const userId = Number(insertUser.run('Bea', `Buyer ${i}`, `buyer-${i}@push.bench`, passwordHash, 'buyer', now).lastInsertRowid);
          const sellerIndex = i % sellerCount;
          const seller = sellers[sellerIndex]!;
          const orderNumber = `PB-${String(i).padStart(6, '0')}`;
          const orderId = Number(insertOrder.run(orderNumber, userId, seller.sellerId, now, now).lastInsertRowid);
          insertItem.run(orderId, seller.productId, `Push product ${sellerIndex}`);
          insertShipment.run(orderId);
          insertHistory.run(orderId, userId, now);
          const token = newToken();
          insertSession.run(sessionId(token), userId, now, now, now + 30 * DAY);
          buyers.push({ userId, orderId, orderNumber, sellerIndex, token });
        }
        return { buyers, sellers: sellers.map(({ productId: _p, ...rest }) => rest) };
      })
      .immediate();
  } finally {
    handle.close();
  }
}
