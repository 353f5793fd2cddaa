/** The product columns every SQLite query selects (mapped to the domain record by db/rows.ts). */
import { getTableColumns } from 'drizzle-orm';
import { products, sellers } from '../schema.js';

export const productColumns = { ...getTableColumns(products), storeName: sellers.storeName };
