/** The product columns every query selects, and their mapping to the domain record. */
import { getTableColumns } from 'drizzle-orm';
import type { Product } from '../../../server/domain/model.js';
import { products, sellers } from '../schema.js';

export const productColumns = { ...getTableColumns(products), storeName: sellers.storeName };

export type ProductRow = typeof products.$inferSelect & { storeName: string };

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sellerId: row.sellerId,
    storeName: row.storeName,
    name: row.name,
    description: row.description,
    price: row.price,
    stock: row.stock,
    sizes: parseList(row.sizes),
    colors: parseList(row.colors),
    imageUrl: row.imageUrl,
    active: row.active,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function parseList(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
