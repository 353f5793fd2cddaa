import { and, asc, count, eq, like, or, sql } from 'drizzle-orm';
import type { Product } from '../../../server/domain/model.js';
import type { NewProduct, ProductPatch, ProductQuery, ProductRepository } from '../../../server/domain/ports.js';
import type { ImageVariant, ImageWidth, ProductImage } from '../../../server/domain/product-image.js';
import type { Db } from '../sqlite.js';
import { productImages, productImageVariants, products, sellers } from '../schema.js';
import { likePattern, storedImage, toProduct } from '../../rows.js';
import { productColumns } from './product-rows.js';

export class SqliteProductRepository implements ProductRepository {
  private readonly byId;

  constructor(private readonly db: Db) {
    this.byId = db
      .select(productColumns)
      .from(products)
      .innerJoin(sellers, eq(sellers.sellerId, products.sellerId))
      .where(eq(products.id, sql.placeholder('id')))
      .prepare();
  }

  async listActive(query: ProductQuery): Promise<{ products: Product[]; total: number }> {
    const pattern = query.q ? likePattern(query.q) : null;
    const where = and(
      eq(products.active, true),
      eq(sellers.status, 'active'),
      pattern
        ? or(
            sql`${products.name} LIKE ${pattern} ESCAPE '\\'`,
            sql`${products.description} LIKE ${pattern} ESCAPE '\\'`,
            sql`${sellers.storeName} LIKE ${pattern} ESCAPE '\\'`,
          )
        : undefined,
    );
    const rows = this.db
      .select(productColumns)
      .from(products)
      .innerJoin(sellers, eq(sellers.sellerId, products.sellerId))
      .where(where)
      .orderBy(asc(products.id))
      .limit(query.limit)
      .offset((query.page - 1) * query.limit)
      .all();
    const totalRow = this.db
      .select({ n: count() })
      .from(products)
      .innerJoin(sellers, eq(sellers.sellerId, products.sellerId))
      .where(where)
      .get();
    return { products: rows.map(toProduct), total: totalRow?.n ?? 0 };
  }

  async findById(id: number): Promise<Product | null> {
    const row = this.byId.get({ id });
    return row ? toProduct(row) : null;
  }

  async listBySeller(sellerId: number): Promise<Product[]> {
    return this.db
      .select(productColumns)
      .from(products)
      .innerJoin(sellers, eq(sellers.sellerId, products.sellerId))
      .where(eq(products.sellerId, sellerId))
      .orderBy(asc(products.id))
      .all()
      .map(toProduct);
  }

  async create(sellerId: number, p: NewProduct, now: number): Promise<Product> {
    const id = this.db.transaction(
      (tx) =>
        tx
          .insert(products)
          .values({
            sellerId,
            name: p.name,
            description: p.description,
            price: p.price,
            stock: p.stock,
            sizes: JSON.stringify(p.sizes),
            colors: JSON.stringify(p.colors),
            imageUrl: p.imageUrl,
            active: true,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: products.id })
          .get().id,
      { behavior: 'immediate' },
    );
    return this.mustFind(id);
  }

  async update(id: number, sellerId: number, patch: ProductPatch, now: number): Promise<Product | null> {
    const changes = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.price !== undefined && { price: patch.price }),
      ...(patch.stock !== undefined && { stock: patch.stock }),
      ...(patch.sizes !== undefined && { sizes: JSON.stringify(patch.sizes) }),
      ...(patch.colors !== undefined && { colors: JSON.stringify(patch.colors) }),
      ...(patch.imageUrl !== undefined && { imageUrl: patch.imageUrl }),
      ...(patch.active !== undefined && { active: patch.active }),
      updatedAt: now,
    };
    const updated = this.db.transaction(
      (tx) =>
        tx
          .update(products)
          .set(changes)
          .where(and(eq(products.id, id), eq(products.sellerId, sellerId)))
          .run().changes,
      { behavior: 'immediate' },
    );
    return updated ? this.mustFind(id) : null;
  }

  async setImage(id: number, sellerId: number, image: ProductImage, variants: ImageVariant[], imageUrl: string, now: number): Promise<Product | null> {
    const stored = this.db.transaction(
      (tx) => {
        const owned = tx
          .update(products)
          .set({ imageUrl, updatedAt: now })
          .where(and(eq(products.id, id), eq(products.sellerId, sellerId)))
          .run().changes;
        if (owned === 0) return false;
        const row = { contentType: image.contentType, digest: image.digest, bytes: Buffer.from(image.bytes), updatedAt: now };
        tx.insert(productImages)
          .values({ productId: id, ...row })
          .onConflictDoUpdate({ target: productImages.productId, set: row })
          .run();
        // Its sized copies, those of the picture before it replaced.
        tx.delete(productImageVariants).where(eq(productImageVariants.productId, id)).run();
        for (const v of variants) tx.insert(productImageVariants).values({ productId: id, width: v.width, bytes: Buffer.from(v.bytes) }).run();
        return true;
      },
      { behavior: 'immediate' },
    );
    return stored ? this.mustFind(id) : null;
  }

  async findImage(id: number, width?: ImageWidth): Promise<ProductImage | null> {
    // A copy is named by the picture's digest (the URL's); the picture itself serves when it has no copy at that width.
    const row = this.db
      .select({ digest: productImages.digest, bytes: width === undefined ? productImages.bytes : sql<Buffer>`coalesce(${productImageVariants.bytes}, ${productImages.bytes})` })
      .from(productImages)
      .leftJoin(productImageVariants, and(eq(productImageVariants.productId, productImages.productId), eq(productImageVariants.width, width ?? -1)))
      .where(eq(productImages.productId, id))
      .get();
    return row ? storedImage(row) : null;
  }

  private async mustFind(id: number): Promise<Product> {
    const product = await this.findById(id);
    if (!product) throw new Error(`product ${id} vanished right after it was written`);
    return product;
  }
}
