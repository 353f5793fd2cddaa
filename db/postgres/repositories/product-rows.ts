/** The product columns every PostgreSQL query selects, named as db/rows.ts's ProductRow (`p` products, `se` its seller). */
export const PRODUCT_SQL = `p.id, p.seller_id AS "sellerId", p.name, p.description, p.price, p.stock, p.sizes, p.colors,
       p.image_url AS "imageUrl", p.active, p.created_at AS "createdAt", p.updated_at AS "updatedAt", se.store_name AS "storeName"`;
