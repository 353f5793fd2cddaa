/**
 * The seller's order list and its export: one filter (status, search over order number,
 * customer and product names, a creation window), one ordering, a page by offset for the
 * dashboard and pages by key for the export.
 *
 * The SQL is put together from the filter's shape (which conditions are present, the sort);
 * the values are always parameters. Each shape is a named statement of its own, so pg
 * prepares it once per connection like the fixed statements.
 */
import type { SellerOrderExportRow, SellerOrderRow, SellerOrderSort, StatusCounts } from '../../../server/domain/model.js';
import { ORDER_STATUSES, type OrderStatus } from '../../../server/domain/order-status.js';
import type { SellerOrderCursor, SellerOrderFilter, SellerOrderQuery } from '../../../server/domain/ports.js';
import { likePattern } from '../../rows.js';
import { statement, type Queries, type Statement } from '../pg-database.js';

/** `o` is orders, `u` the buyer. */
const ROW_SQL = `o.order_id AS "orderId", o.order_number AS "orderNumber", o.user_id AS "buyerId", o.seller_id AS "sellerId",
       o.order_status AS status, o.version, o.total_amount AS "totalAmount", o.created_at AS "createdAt", o.updated_at AS "updatedAt",
       trim(u.first_name || ' ' || u.last_name) AS "customerName",
       (SELECT coalesce(sum(i.quantity), 0)::int FROM order_items i WHERE i.order_id = o.order_id) AS "itemCount"`;

/** Positional parameters in the order they are added. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The filter's conditions but the status; the shape names which are present. */
function matching(sellerId: number, filter: SellerOrderFilter, params: Params): { sql: string; shape: string } {
  const conditions = [`o.seller_id = ${params.add(sellerId)}`];
  let shape = '';
  if (filter.q) {
    const pattern = params.add(likePattern(filter.q));
    conditions.push(
      `(o.order_number ILIKE ${pattern} ESCAPE '\\' OR trim(u.first_name || ' ' || u.last_name) ILIKE ${pattern} ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.order_id AND i.product_name ILIKE ${pattern} ESCAPE '\\'))`,
    );
    shape += 'q';
  }
  if (filter.createdFrom !== null) {
    conditions.push(`o.created_at >= ${params.add(filter.createdFrom)}`);
    shape += 'f';
  }
  if (filter.createdBefore !== null) {
    conditions.push(`o.created_at < ${params.add(filter.createdBefore)}`);
    shape += 't';
  }
  return { sql: conditions.join(' AND '), shape };
}

const SORT_COLUMN = { createdAt: 'o.created_at', totalAmount: 'o.total_amount' } as const;

function ordering(sort: SellerOrderSort): { sql: string; shape: string } {
  const direction = sort.descending ? 'DESC' : 'ASC';
  return { sql: `ORDER BY ${SORT_COLUMN[sort.by]} ${direction}, o.order_id ${direction}`, shape: `${sort.descending ? 'd' : 'a'}${sort.by === 'createdAt' ? 'c' : 't'}` };
}

/**
 * The rows after the cursor in the sort's order, with a plain range on the sort column first,
 * which an index on (seller_id, key) can seek to.
 */
function afterCursor(sort: SellerOrderSort, after: SellerOrderCursor, params: Params): string {
  const column = SORT_COLUMN[sort.by];
  const key = params.add(after[sort.by]);
  const id = params.add(after.orderId);
  return sort.descending
    ? `${column} <= ${key} AND (${column} < ${key} OR o.order_id < ${id})`
    : `${column} >= ${key} AND (${column} > ${key} OR o.order_id > ${id})`;
}

const statements = new Map<string, Statement>();

/** The named statement for one shape of SQL (its name says the shape, so one name is one text). */
function named(name: string, text: string): Statement {
  let found = statements.get(name);
  if (!found) {
    found = statement(name, text);
    statements.set(name, found);
  }
  return found;
}

export async function listSellerOrders(tx: Queries, sellerId: number, query: SellerOrderQuery) {
  const pageParams = new Params();
  const filter = matching(sellerId, query, pageParams);
  const status = query.status ? ` AND o.order_status = ${pageParams.add(query.status)}` : '';
  const order = ordering(query.sort);
  const limit = pageParams.add(query.limit);
  const offset = pageParams.add((query.page - 1) * query.limit);
  const page = named(
    `seller_orders_${filter.shape}${status ? 's' : ''}_${order.shape}`,
    `SELECT ${ROW_SQL} FROM orders o JOIN users u ON u.id = o.user_id
      WHERE ${filter.sql}${status} ${order.sql} LIMIT ${limit} OFFSET ${offset}`,
  );
  const orders = await tx.rows<SellerOrderRow>(page, pageParams.values);

  // The customer's name (users) only matters to a search; without one the counts come from
  // the (seller_id, order_status) index.
  const countParams = new Params();
  const countFilter = matching(sellerId, query, countParams);
  const searching = query.q !== null;
  const counts = named(
    `seller_order_counts_${countFilter.shape}`,
    `SELECT o.order_status AS status, count(*)::int AS n
       FROM orders o${searching ? ' JOIN users u ON u.id = o.user_id' : ''}
      WHERE ${countFilter.sql}
      GROUP BY o.order_status`,
  );
  const grouped = await tx.rows<{ status: OrderStatus; n: number }>(counts, countParams.values);
  const byStatus = Object.fromEntries([['all', 0], ...ORDER_STATUSES.map((s) => [s, 0])]) as StatusCounts;
  for (const { status: s, n } of grouped) {
    byStatus[s] = n;
    byStatus.all += n;
  }
  const total = query.status ? byStatus[query.status] : byStatus.all;
  return { orders, total, counts: byStatus };
}

export function exportSellerOrders(
  db: Queries,
  sellerId: number,
  filter: SellerOrderFilter,
  after: SellerOrderCursor | null,
  limit: number,
): Promise<SellerOrderExportRow[]> {
  const params = new Params();
  const where = matching(sellerId, filter, params);
  const status = filter.status ? ` AND o.order_status = ${params.add(filter.status)}` : '';
  const cursor = after ? ` AND ${afterCursor(filter.sort, after, params)}` : '';
  const order = ordering(filter.sort);
  const page = named(
    `seller_orders_export_${where.shape}${status ? 's' : ''}${cursor ? 'k' : ''}_${order.shape}`,
    `SELECT ${ROW_SQL}, s.carrier, s.tracking_number AS "trackingNumber"
       FROM orders o JOIN users u ON u.id = o.user_id LEFT JOIN shipments s ON s.order_id = o.order_id
      WHERE ${where.sql}${status}${cursor} ${order.sql} LIMIT ${params.add(limit)}`,
  );
  return db.rows<SellerOrderExportRow>(page, params.values);
}
