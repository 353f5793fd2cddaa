/**
 * Fills a fresh database for the push bench directly (no HTTP, no per-user argon2): N buyers
 * with one pending order and one session each, a few sellers with a product and a session
 * each. The rows are those the app writes when a seller registers and adds a product and a
 * buyer places an order (the order, its item, shipment and first history row) and logs in —
 * except the placements' `order:created` events: the event log's consumers (the webhook
 * fan-out) would walk that backlog at every status change of the measured load, where a live
 * system's consumers are long past it. Sessions are keyed by sha256(token) hex, as
 * AccountService does when no SESSION_SECRET is set (the bench starts the nodes without one).
 *
 * SQLite here (prepared statements in one transaction: in-process, no round trips);
 * PostgreSQL in seed-postgres.ts (set-based statements: 50,000 buyers in seconds).
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
/** Absolute lifetime of a seeded session: far beyond any run. */
export const SESSION_TTL_MS = 30 * DAY;
/** Every seeded order: one line of its seller's product at this price (cents). */
export const ORDER_CENTS = 1999;

export const newToken = () => randomBytes(32).toString('base64url');
export const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');
export const orderNumberOf = (buyer: number) => `PB-${String(buyer).padStart(6, '0')}`;

/** One real argon2id hash, shared by every account: nobody logs in during the bench. */
export const benchPasswordHash = () => new Argon2PasswordHasher().hash('push-bench password');

export async function seedSqlite(path: string, buyerCount: number, sellerCount: number): Promise<Seeded> {
  const passwordHash = await benchPasswordHash();
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
          const productId = Number(insertProduct.run(sellerId, `Push product ${s}`, ORDER_CENTS, now, now).lastInsertRowid);
          const token = newToken();
          insertSession.run(sessionId(token), userId, now, now, now + SESSION_TTL_MS);
          sellers.push({ userId, sellerId, token, productId });
        }
        const buyers: SeededBuyer[] = [];
        for (let i = 0; i < buyerCount; i++) {
          const userId = Number(insertUser.run('Bea', `Buyer ${i}`, `buyer-${i}@push.bench`, passwordHash, 'buyer', now).lastInsertRowid);
          const sellerIndex = i % sellerCount;
          const seller = sellers[sellerIndex]!;
          const orderNumber = orderNumberOf(i);
          const orderId = Number(insertOrder.run(orderNumber, userId, seller.sellerId, 'pending', ORDER_CENTS, now, now).lastInsertRowid);
          insertItem.run(orderId, seller.productId, `Push product ${sellerIndex}`, 1, ORDER_CENTS);
          insertShipment.run(orderId, null, null, 'pending');
          insertHistory.run(orderId, userId, now);
          const token = newToken();
          insertSession.run(sessionId(token), userId, now, now, now + SESSION_TTL_MS);
          buyers.push({ userId, orderId, orderNumber, sellerIndex, token });
        }
        return { buyers, sellers: sellers.map(({ productId: _p, ...rest }) => rest) };
      })
      .immediate();
  } finally {
    handle.close();
  }
}
