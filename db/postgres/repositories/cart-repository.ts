import type { CartLine } from '../../../server/domain/model.js';
import type { CartLineInput, CartRepository } from '../../../server/domain/ports.js';
import { statement, type PgDatabase, type PgTransaction } from '../pg-database.js';
import { toProduct, type ProductRow } from '../../rows.js';
import { PRODUCT_SQL } from './product-rows.js';
import { canNameRow } from './row-ids.js';

const list = statement(
  'cart_list',
  `SELECT c.id AS "cartItemId", c.product_id AS "cartProductId", c.quantity AS "cartQuantity", c.size AS "cartSize", c.color AS "cartColor",
          ${PRODUCT_SQL}
     FROM cart_items c
     JOIN products p ON p.id = c.product_id
     JOIN sellers se ON se.seller_id = p.seller_id
    WHERE c.user_id = $1
    ORDER BY c.id`,
);

/**
 * A user's cart writes queue on the user's row, as SQLite's BEGIN IMMEDIATE queues them all:
 * two adds at once can neither both pass the stock check nor both insert the same line.
 * (NO KEY UPDATE: it does not block the foreign-key checks of rows that reference the user.)
 */
export const lockCartOwner = statement('cart_lock_owner', `SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE`);

/** $1 user, $2 product, $3 size, $4 color: the product's stock, the units of it in the cart, the same line. */
const forAdd = statement(
  'cart_for_add',
  `SELECT p.stock,
          (SELECT coalesce(sum(c.quantity), 0) FROM cart_items c WHERE c.user_id = $1 AND c.product_id = p.id) AS "inCart",
          (SELECT c.id FROM cart_items c
            WHERE c.user_id = $1 AND c.product_id = p.id AND c.size IS NOT DISTINCT FROM $3 AND c.color IS NOT DISTINCT FROM $4
            ORDER BY c.id LIMIT 1) AS "sameLine"
     FROM products p
    WHERE p.id = $2 AND p.active`,
);

const addToLine = statement('cart_add_to_line', `UPDATE cart_items SET quantity = quantity + $2 WHERE id = $1`);

const insertLine = statement(
  'cart_insert_line',
  `INSERT INTO cart_items (user_id, product_id, quantity, size, color) VALUES ($1, $2, $3, $4, $5)`,
);

/** $1 user, $2 item: the line's quantity, its product's stock, and every unit of that product in the cart. */
const forSetQuantity = statement(
  'cart_for_set_quantity',
  `SELECT c.quantity,
          coalesce((SELECT p.stock FROM products p WHERE p.id = c.product_id), 0) AS stock,
          (SELECT sum(o.quantity) FROM cart_items o WHERE o.user_id = $1 AND o.product_id = c.product_id) AS "inCart"
     FROM cart_items c
    WHERE c.id = $2 AND c.user_id = $1`,
);

const setQuantity = statement('cart_set_quantity', `UPDATE cart_items SET quantity = $2 WHERE id = $1`);

const remove = statement('cart_remove', `DELETE FROM cart_items WHERE id = $2 AND user_id = $1`);

interface CartRow extends ProductRow {
  cartItemId: number;
  cartProductId: number;
  cartQuantity: number;
  cartSize: string | null;
  cartColor: string | null;
}

export class PgCartRepository implements CartRepository {
  constructor(private readonly db: PgDatabase) {}

  async list(userId: number): Promise<CartLine[]> {
    const rows = await this.db.rows<CartRow>(list, [userId]);
    return rows.map((row) => ({
      id: row.cartItemId,
      productId: row.cartProductId,
      quantity: row.cartQuantity,
      size: row.cartSize,
      color: row.cartColor,
      product: toProduct(row),
    }));
  }

  async add(userId: number, line: CartLineInput) {
    if (!canNameRow(line.productId)) return 'product_not_found' as const;
    return this.ownersCart(userId, async (tx) => {
      const found = await tx.row<{ stock: number; inCart: number; sameLine: number | null }>(forAdd, [
        userId,
        line.productId,
        line.size,
        line.color,
      ]);
      if (!found) return 'product_not_found' as const;
      // Stock is per product: every line of it in this cart counts.
      if (found.inCart + line.quantity > found.stock) return 'insufficient_stock' as const;
      if (found.sameLine !== null) await tx.run(addToLine, [found.sameLine, line.quantity]);
      else await tx.run(insertLine, [userId, line.productId, line.quantity, line.size, line.color]);
      return 'added' as const;
    });
  }

  async setQuantity(userId: number, itemId: number, quantity: number) {
    if (!canNameRow(itemId)) return 'not_found' as const;
    return this.ownersCart(userId, async (tx) => {
      const item = await tx.row<{ quantity: number; stock: number; inCart: number }>(forSetQuantity, [userId, itemId]);
      if (!item) return 'not_found' as const;
      if (item.inCart - item.quantity + quantity > item.stock) return 'insufficient_stock' as const;
      await tx.run(setQuantity, [itemId, quantity]);
      return 'updated' as const;
    });
  }

  async remove(userId: number, itemId: number): Promise<boolean> {
    if (!canNameRow(itemId)) return false;
    return this.ownersCart(userId, async (tx) => (await tx.run(remove, [userId, itemId])) > 0);
  }

  private ownersCart<T>(userId: number, work: (tx: PgTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.run(lockCartOwner, [userId]);
      return work(tx);
    });
  }
}
