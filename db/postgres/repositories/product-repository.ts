import type { Product } from '../../../server/domain/model.js';
import type { NewProduct, ProductPatch, ProductQuery, ProductRepository } from '../../../server/domain/ports.js';
import type { ImageVariant, ImageWidth, ProductImage } from '../../../server/domain/product-image.js';
import { statement, type PgDatabase } from '../pg-database.js';
import { likePattern, storedImage, toProduct, type ProductRow } from '../../rows.js';
import { PRODUCT_SQL } from './product-rows.js';
import { canNameRow } from './row-ids.js';

const byId = statement(
  'products_by_id',
  `SELECT ${PRODUCT_SQL} FROM products p JOIN sellers se ON se.seller_id = p.seller_id WHERE p.id = $1`,
);

// ILIKE: SQLite's LIKE is case-insensitive (for ASCII letters); ESCAPE as likePattern writes it.
const ACTIVE_WHERE = `p.active AND se.status = 'active'`;
const SEARCH_WHERE = `(p.name ILIKE $1 ESCAPE '\\' OR p.description ILIKE $1 ESCAPE '\\' OR se.store_name ILIKE $1 ESCAPE '\\')`;

/** The catalogue page and its total; $1 is the search pattern when there is one. */
function catalogue(search: boolean) {
  const where = search ? `${ACTIVE_WHERE} AND ${SEARCH_WHERE}` : ACTIVE_WHERE;
  const n = search ? 2 : 1;
  const from = `FROM products p JOIN sellers se ON se.seller_id = p.seller_id WHERE ${where}`;
  return {
    page: statement(`products_active${search ? '_search' : ''}`, `SELECT ${PRODUCT_SQL} ${from} ORDER BY p.id LIMIT $${n} OFFSET $${n + 1}`),
    total: statement(`products_active_total${search ? '_search' : ''}`, `SELECT count(*) AS n ${from}`),
  };
}
const listAll = catalogue(false);
const listSearch = catalogue(true);

const bySeller = statement(
  'products_by_seller',
  `SELECT ${PRODUCT_SQL} FROM products p JOIN sellers se ON se.seller_id = p.seller_id WHERE p.seller_id = $1 ORDER BY p.id`,
);

const insert = statement(
  'products_insert',
  `WITH p AS (
     INSERT INTO products (seller_id, name, description, price, stock, sizes, colors, image_url, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true, $9, $9)
     RETURNING *)
   SELECT ${PRODUCT_SQL} FROM p JOIN sellers se ON se.seller_id = p.seller_id`,
);

// The product's image_url and its stored picture, in one transaction; no row when the product is not this seller's.
const setImage = statement(
  'products_set_image',
  `WITH p AS (UPDATE products SET image_url = $3, updated_at = $7 WHERE id = $1 AND seller_id = $2 RETURNING id)
   INSERT INTO product_images (product_id, content_type, digest, bytes, updated_at)
   SELECT id, $4, $5, $6, $7 FROM p
   ON CONFLICT (product_id) DO UPDATE SET content_type = EXCLUDED.content_type, digest = EXCLUDED.digest, bytes = EXCLUDED.bytes,
                                         updated_at = EXCLUDED.updated_at
   RETURNING product_id`,
);
// Its sized copies, those of the picture before it replaced.
const dropVariants = statement('product_image_variants_drop', `DELETE FROM product_image_variants WHERE product_id = $1`);
const addVariants = statement(
  'product_image_variants_add',
  `INSERT INTO product_image_variants (product_id, width, bytes) SELECT $1, t.width, t.bytes FROM unnest($2::int[], $3::bytea[]) AS t(width, bytes)`,
);
const findImage = statement('product_images_by_product', `SELECT digest, bytes FROM product_images WHERE product_id = $1`);
// A copy, named by the picture's digest (the URL's); the picture itself when it has no copy at that width.
const findVariant = statement(
  'product_image_variant',
  `SELECT i.digest, coalesce(v.bytes, i.bytes) AS bytes
     FROM product_images i LEFT JOIN product_image_variants v ON v.product_id = i.product_id AND v.width = $2
    WHERE i.product_id = $1`,
);

/** The column each field of a patch sets; sizes and colors are stored as JSON text. */
const PATCH_COLUMNS = {
  name: 'name',
  description: 'description',
  price: 'price',
  stock: 'stock',
  sizes: 'sizes',
  colors: 'colors',
  imageUrl: 'image_url',
  active: 'active',
} as const satisfies Record<keyof ProductPatch, string>;

export class PgProductRepository implements ProductRepository {
  constructor(private readonly db: PgDatabase) {}

  async setImage(id: number, sellerId: number, image: ProductImage, variants: ImageVariant[], imageUrl: string, now: number): Promise<Product | null> {
    if (!canNameRow(id)) return null;
    const stored = await this.db.transaction(async (tx) => {
      const rows = await tx.run(setImage, [id, sellerId, imageUrl, image.contentType, image.digest, Buffer.from(image.bytes), now]);
      if (rows === 0) return false;
      await tx.run(dropVariants, [id]);
      await tx.run(addVariants, [id, variants.map((v) => v.width), variants.map((v) => Buffer.from(v.bytes))]);
      return true;
    });
    return stored ? this.findById(id) : null;
  }

  async findImage(id: number, width?: ImageWidth): Promise<ProductImage | null> {
    if (!canNameRow(id)) return null;
    const row = await this.db.row<{ digest: string; bytes: Buffer }>(width === undefined ? findImage : findVariant, width === undefined ? [id] : [id, width]);
    return row ? storedImage(row) : null;
  }

  async listActive(query: ProductQuery): Promise<{ products: Product[]; total: number }> {
    const search = query.q ? [likePattern(query.q)] : [];
    const statements = query.q ? listSearch : listAll;
    // Two statements outside a transaction, as in SQLite: a page and a total a moment apart.
    const rows = await this.db.rows<ProductRow>(statements.page, [...search, query.limit, (query.page - 1) * query.limit]);
    const total = await this.db.row<{ n: number }>(statements.total, search);
    return { products: rows.map(toProduct), total: total?.n ?? 0 };
  }

  async findById(id: number): Promise<Product | null> {
    if (!canNameRow(id)) return null;
    const row = await this.db.row<ProductRow>(byId, [id]);
    return row ? toProduct(row) : null;
  }

  async listBySeller(sellerId: number): Promise<Product[]> {
    return (await this.db.rows<ProductRow>(bySeller, [sellerId])).map(toProduct);
  }

  async create(sellerId: number, p: NewProduct, now: number): Promise<Product> {
    const row = await this.db.row<ProductRow>(insert, [
      sellerId,
      p.name,
      p.description,
      p.price,
      p.stock,
      JSON.stringify(p.sizes),
      JSON.stringify(p.colors),
      p.imageUrl,
      now,
    ]);
    if (!row) throw new Error('product insert returned no row');
    return toProduct(row);
  }

  async update(id: number, sellerId: number, patch: ProductPatch, now: number): Promise<Product | null> {
    if (!canNameRow(id)) return null;
    const values: unknown[] = [id, sellerId, now];
    const sets = ['updated_at = $3'];
    for (const key of Object.keys(PATCH_COLUMNS) as (keyof ProductPatch)[]) {
      const value = patch[key];
      if (value === undefined) continue;
      values.push(Array.isArray(value) ? JSON.stringify(value) : value);
      sets.push(`${PATCH_COLUMNS[key]} = $${values.length}`);
    }
    // Dynamic SET list (one shape per patch), so unnamed; a cold path.
    const row = await this.db.row<ProductRow>(
      `WITH p AS (UPDATE products SET ${sets.join(', ')} WHERE id = $1 AND seller_id = $2 RETURNING *)
       SELECT ${PRODUCT_SQL} FROM p JOIN sellers se ON se.seller_id = p.seller_id`,
      values,
    );
    return row ? toProduct(row) : null;
  }
}
