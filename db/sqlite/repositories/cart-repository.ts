import { and, asc, eq, sql } from 'drizzle-orm';
import type { CartLine } from '../../../server/domain/model.js';
import type { CartLineInput, CartRepository } from '../../../server/domain/ports.js';
import type { Db } from '../sqlite.js';
import { cartItems, products, sellers } from '../schema.js';
import { toProduct } from '../../rows.js';
import { productColumns } from './product-rows.js';

export class SqliteCartRepository implements CartRepository {
  constructor(private readonly db: Db) {}

  async list(userId: number): Promise<CartLine[]> {
    return this.db
      .select({ item: cartItems, product: productColumns })
      .from(cartItems)
      .innerJoin(products, eq(products.id, cartItems.productId))
      .innerJoin(sellers, eq(sellers.sellerId, products.sellerId))
      .where(eq(cartItems.userId, userId))
      .orderBy(asc(cartItems.id))
      .all()
      .map(({ item, product }) => ({
        id: item.id,
        productId: item.productId,
        quantity: item.quantity,
        size: item.size,
        color: item.color,
        product: toProduct(product),
      }));
  }

  async add(userId: number, line: CartLineInput) {
    return this.db.transaction(
      (tx) => {
        const product = tx
          .select({ stock: products.stock })
          .from(products)
          .where(and(eq(products.id, line.productId), eq(products.active, true)))
          .get();
        if (!product) return 'product_not_found' as const;
        const same = tx
          .select({ id: cartItems.id, quantity: cartItems.quantity })
          .from(cartItems)
          .where(
            and(
              eq(cartItems.userId, userId),
              eq(cartItems.productId, line.productId),
              sql`${cartItems.size} IS ${line.size}`,
              sql`${cartItems.color} IS ${line.color}`,
            ),
          )
          .get();
        // Stock is per product: every line of it in this cart counts.
        const inCart =
          tx
            .select({ n: sql<number>`coalesce(sum(${cartItems.quantity}), 0)` })
            .from(cartItems)
            .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, line.productId)))
            .get()?.n ?? 0;
        if (inCart + line.quantity > product.stock) return 'insufficient_stock' as const;
        if (same) {
          tx.update(cartItems).set({ quantity: same.quantity + line.quantity }).where(eq(cartItems.id, same.id)).run();
        } else {
          tx.insert(cartItems).values({ userId, ...line }).run();
        }
        return 'added' as const;
      },
      { behavior: 'immediate' },
    );
  }

  async setQuantity(userId: number, itemId: number, quantity: number) {
    return this.db.transaction(
      (tx) => {
        const item = tx
          .select({ productId: cartItems.productId, quantity: cartItems.quantity })
          .from(cartItems)
          .where(and(eq(cartItems.id, itemId), eq(cartItems.userId, userId)))
          .get();
        if (!item) return 'not_found' as const;
        const stock = tx.select({ stock: products.stock }).from(products).where(eq(products.id, item.productId)).get()?.stock ?? 0;
        const others =
          tx
            .select({ n: sql<number>`coalesce(sum(${cartItems.quantity}), 0)` })
            .from(cartItems)
            .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, item.productId)))
            .get()?.n ?? 0;
        if (others - item.quantity + quantity > stock) return 'insufficient_stock' as const;
        tx.update(cartItems).set({ quantity }).where(eq(cartItems.id, itemId)).run();
        return 'updated' as const;
      },
      { behavior: 'immediate' },
    );
  }

  async remove(userId: number, itemId: number): Promise<boolean> {
    const { changes } = this.db
      .delete(cartItems)
      .where(and(eq(cartItems.id, itemId), eq(cartItems.userId, userId)))
      .run();
    return changes > 0;
  }
}
