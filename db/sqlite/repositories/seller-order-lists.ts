/**
 * The seller's order list and its export: one filter (status, search over order number,
 * customer and product names, a creation window), one ordering, a page by offset for the
 * dashboard and pages by key for the export.
 */
import { and, asc, count, desc, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SellerOrderExportRow, SellerOrderRow, SellerOrderSort, StatusCounts } from '../../../server/domain/model.js';
import { ORDER_STATUSES } from '../../../server/domain/order-status.js';
import type { SellerOrderCursor, SellerOrderFilter, SellerOrderQuery } from '../../../server/domain/ports.js';
import { likePattern } from '../../rows.js';
import type { Db } from '../sqlite.js';
import { orderItems, orders, shipments, users } from '../schema.js';
import { customerName, headColumns } from './order-columns.js';

/** Units across the order's lines (order_items_order_idx finds them). */
const itemCount = sql<number>`(SELECT coalesce(sum(${orderItems.quantity}), 0) FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.orderId})`;

const rowColumns = { ...headColumns, customerName, itemCount };

/** A transaction or the database itself: both build the same queries. */
type Reader = Pick<Db, 'select'>;

/** Every condition of the filter but the status (the counts per status are taken over these). */
function matching(sellerId: number, filter: SellerOrderFilter): { where: SQL | undefined; needsCustomer: boolean } {
  const search = filter.q ? likePattern(filter.q) : null;
  const found = search
    ? or(
        sql`${orders.orderNumber} LIKE ${search} ESCAPE '\\'`,
        sql`${customerName} LIKE ${search} ESCAPE '\\'`,
        sql`EXISTS (SELECT 1 FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.orderId} AND ${orderItems.productName} LIKE ${search} ESCAPE '\\')`,
      )
    : undefined;
  const where = and(
    eq(orders.sellerId, sellerId),
    found,
    filter.createdFrom === null ? undefined : gte(orders.createdAt, filter.createdFrom),
    filter.createdBefore === null ? undefined : lt(orders.createdAt, filter.createdBefore),
  );
  return { where, needsCustomer: search !== null };
}

const sortColumn = (sort: SellerOrderSort) => (sort.by === 'createdAt' ? orders.createdAt : orders.totalAmount);

function ordering(sort: SellerOrderSort): SQL[] {
  const direction = sort.descending ? desc : asc;
  return [direction(sortColumn(sort)), direction(orders.orderId)];
}

/**
 * The rows after the cursor in the sort's order. Spelled with a plain range on the sort
 * column first (`key <= k`), which an index on (seller_id, key) can seek to, rather than as
 * a row value or a bare OR.
 */
function afterCursor(sort: SellerOrderSort, after: SellerOrderCursor): SQL | undefined {
  const column = sortColumn(sort);
  const key = after[sort.by];
  return sort.descending
    ? and(lte(column, key), or(lt(column, key), lt(orders.orderId, after.orderId)))
    : and(gte(column, key), or(sql`${column} > ${key}`, sql`${orders.orderId} > ${after.orderId}`));
}

export function listSellerOrders(db: Reader, sellerId: number, query: SellerOrderQuery) {
  const { where, needsCustomer } = matching(sellerId, query);
  const rows: SellerOrderRow[] = db
    .select(rowColumns)
    .from(orders)
    .innerJoin(users, eq(users.id, orders.userId))
    .where(and(where, query.status ? eq(orders.orderStatus, query.status) : undefined))
    .orderBy(...ordering(query.sort))
    .limit(query.limit)
    .offset((query.page - 1) * query.limit)
    .all();
  // The customer's name (users) only matters to a search; without one the counts come
  // from the (seller_id, order_status) index alone (a covering index scan).
  const countColumns = { status: orders.orderStatus, n: count() };
  const grouped = needsCustomer
    ? db.select(countColumns).from(orders).innerJoin(users, eq(users.id, orders.userId)).where(where).groupBy(orders.orderStatus).all()
    : db.select(countColumns).from(orders).where(where).groupBy(orders.orderStatus).all();
  const counts = Object.fromEntries([['all', 0], ...ORDER_STATUSES.map((s) => [s, 0])]) as StatusCounts;
  for (const { status, n } of grouped) {
    counts[status] = n;
    counts.all += n;
  }
  const total = query.status ? counts[query.status] : counts.all;
  return { orders: rows, total, counts };
}

export function exportSellerOrders(
  db: Reader,
  sellerId: number,
  filter: SellerOrderFilter,
  after: SellerOrderCursor | null,
  limit: number,
): SellerOrderExportRow[] {
  const { where } = matching(sellerId, filter);
  return db
    .select({ ...rowColumns, carrier: shipments.carrier, trackingNumber: shipments.trackingNumber })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.userId))
    .leftJoin(shipments, eq(shipments.orderId, orders.orderId))
    .where(and(where, filter.status ? eq(orders.orderStatus, filter.status) : undefined, after ? afterCursor(filter.sort, after) : undefined))
    .orderBy(...ordering(filter.sort))
    .limit(limit)
    .all();
}
