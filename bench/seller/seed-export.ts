/**
 * Fills a fresh SQLite file for the export bench directly (no HTTP): one seller with a
 * session, `buyers` buyers, and `orders` orders of that seller spread over the last year,
 * each with one or two lines, a shipment (carrier and tracking number on the shipped ones)
 * and its first history row. Customer names hold commas and quotes now and then, so the
 * CSV writer quotes some fields as a real export would.
 */
import { createHash, randomBytes } from 'node:crypto';
import { openDatabase } from '../../db/sqlite/sqlite.js';
import { seedStatements } from '../lib/sqlite-seed.js';

const DAY = 24 * 3_600_000;
const STATUSES = ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'] as const;

export interface SeededExport {
  sellerToken: string;
  orders: number;
}

export function seedExportDatabase(path: string, orders: number, buyers: number): SeededExport {
  const handle = openDatabase(path);
  const { sqlite } = handle;
  const now = Date.now();
  try {
    const { insertUser, insertSeller, insertProduct, insertSession, insertOrder, insertItem, insertShipment, insertHistory } = seedStatements(sqlite);
    return sqlite
      .transaction((): SeededExport => {
        const sellerUser = Number(insertUser.run('Sam', 'Exporter', 'seller@export.bench', 'not-a-login', 'seller', now).lastInsertRowid);
        const sellerId = Number(insertSeller.run(sellerUser, 'Export Store').lastInsertRowid);
        const products = [
          { id: Number(insertProduct.run(sellerId, 'Felt Hat', 2400, now, now).lastInsertRowid), name: 'Felt Hat', price: 2400 },
          { id: Number(insertProduct.run(sellerId, 'Striped Scarf', 1550, now, now).lastInsertRowid), name: 'Striped Scarf', price: 1550 },
        ];
        const sellerToken = randomBytes(32).toString('base64url');
        insertSession.run(createHash('sha256').update(sellerToken).digest('hex'), sellerUser, now, now, now + 30 * DAY);
        const buyerIds: number[] = [];
        for (let b = 0; b < buyers; b++) {
          const last = b % 7 === 0 ? `Smith, "Jr" ${b}` : `Buyer ${b}`;
          buyerIds.push(Number(insertUser.run(b % 11 === 0 ? '=Bea' : 'Bea', last, `buyer-${b}@export.bench`, 'not-a-login', 'buyer', now).lastInsertRowid));
        }
        for (let i = 0; i < orders; i++) {
          const createdAt = now - Math.floor(((orders - i) / orders) * 365 * DAY);
          const status = STATUSES[i % STATUSES.length]!;
          const lines = i % 3 === 0 ? products : [products[i % 2]!];
          const quantity = 1 + (i % 4);
          const total = lines.reduce((sum, p) => sum + p.price * quantity, 0);
          const buyer = buyerIds[i % buyerIds.length]!;
          const orderId = Number(insertOrder.run(`EX-${String(i).padStart(8, '0')}`, buyer, sellerId, status, total, createdAt, createdAt).lastInsertRowid);
          for (const p of lines) insertItem.run(orderId, p.id, p.name, quantity, p.price);
          const shipped = status === 'shipped' || status === 'delivered';
          insertShipment.run(orderId, shipped ? 'UPS' : null, shipped ? `1Z${String(i).padStart(12, '0')}` : null, shipped ? status : 'pending');
          insertHistory.run(orderId, buyer, createdAt);
        }
        return { sellerToken, orders };
      })
      .immediate();
  } finally {
    handle.close();
  }
}
