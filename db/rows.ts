/**
 * What both stores' repositories share: how a product row becomes the domain record, and how
 * a search term becomes a LIKE pattern. Plain TypeScript, no driver.
 */
import type { Product } from '../server/domain/model.js';

/** A product row as both stores select it (sizes and colours as JSON text). */
export interface ProductRow {
  id: number;
  sellerId: number;
  storeName: string;
  name: string;
  description: string;
  price: number;
  stock: number;
  sizes: string;
  colors: string;
  imageUrl: string | null;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

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

/** A search term as a LIKE pattern matching it anywhere, its own `%`, `_` and `\` taken literally (ESCAPE '\'). */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
