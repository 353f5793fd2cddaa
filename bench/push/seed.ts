/**
 * Fills a fresh SQLite file for the push bench directly (no HTTP, no per-user argon2):
 * N buyers with one pending order and one session each, a few sellers with a product and
 * a session each. Sessions are keyed by sha256(token) hex, as AccountService does when no
 * SESSION_SECRET is set (the bench starts the nodes without one).
 */
import { createHash, randomBytes } from 'node:crypto';
import { openDatabase } from '../../db/sqlite/sqlite.js';
import { Argon2PasswordHasher } from '../../server/infra/argon2-password-hasher.js';
import { seedStatements } from '../lib/sqlite-seed.js';

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
    const { insertUser, insertSeller, insertProduct, insertSession, insertOrder, insertItem, insertShipment, insertHistory } = seedStatements(sqlite);

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
          const orderId = Number(insertOrder.run(orderNumber, userId, seller.sellerId, 'pending', 1999, now, now).lastInsertRowid);
          insertItem.run(orderId, seller.productId, `Push product ${sellerIndex}`, 1, 1999);
          insertShipment.run(orderId, null, null, 'pending');
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
