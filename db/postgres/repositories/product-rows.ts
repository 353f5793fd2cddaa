/**
 * The product columns every query selects, named as the SQLite store's rows are, so that both
 * stores share one mapping to the domain record (toProduct).
 */
export { toProduct, type ProductRow } from '../../sqlite/repositories/product-rows.js';

/** `p` is products, `se` its seller. */
export const PRODUCT_SQL = `p.id, p.seller_id AS "sellerId", p.name, p.description, p.price, p.stock, p.sizes, p.colors,
       p.image_url AS "imageUrl", p.active, p.created_at AS "createdAt", p.updated_at AS "updatedAt", se.store_name AS "storeName"`;
