import { DomainError } from '../../../server/domain/errors.js';
import type {
  BuyerOrderSummary,
  HistoryEntry,
  OrderDetail,
  OrderHead,
  OrderItem,
  OrderStatusView,
  PaymentMethod,
  Shipment,
} from '../../../server/domain/model.js';
import type {
  CartLineInput,
  OrderPlan,
  OrderRepository,
  PlacedOrder,
  PlaceOrderCommand,
  PlaceOrderOutcome,
  ResolvedLine,
  SellerOrderCursor,
  SellerOrderFilter,
  SellerOrderQuery,
  StatusChange,
  StatusChangeResult,
} from '../../../server/domain/ports.js';
import { statement, type PgDatabase, type PgTransaction } from '../pg-database.js';
import { lockCartOwner } from './cart-repository.js';
import { appendEvent, appendEvents } from './event-log-repository.js';
import { toProduct, type ProductRow } from '../../rows.js';
import { PRODUCT_SQL } from './product-rows.js';
import { canNameRow } from './row-ids.js';
import { exportSellerOrders, listSellerOrders } from './seller-order-lists.js';

/** `o` is orders. */
const HEAD_SQL = `o.order_id AS "orderId", o.order_number AS "orderNumber", o.user_id AS "buyerId", o.seller_id AS "sellerId",
       o.order_status AS status, o.version, o.total_amount AS "totalAmount", o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

/** `u` is the buyer. */
const CUSTOMER_NAME_SQL = `trim(u.first_name || ' ' || u.last_name)`;

/** `s` is the order's shipment (left-joined). */
const SHIPMENT_SQL = `s.order_id AS "shipmentOrderId", s.carrier, s.tracking_number AS "trackingNumber", s.status AS "shipmentStatus",
       s.shipped_at AS "shippedAt", s.delivered_at AS "deliveredAt"`;

/** Each order's history and items as JSON arrays, oldest first: one statement reads a whole order. */
const HISTORY_JSON_SQL = `(SELECT coalesce(json_agg(json_build_object('fromStatus', h.from_status, 'toStatus', h.to_status,
                                                     'note', h.note, 'createdAt', h.created_at) ORDER BY h.id), '[]')
          FROM order_status_history h WHERE h.order_id = o.order_id) AS history`;
const ITEMS_JSON_SQL = `(SELECT coalesce(json_agg(json_build_object('productId', i.product_id, 'productName', i.product_name,
                                                   'quantity', i.quantity, 'unitPrice', i.unit_price, 'size', i.size, 'color', i.color) ORDER BY i.id), '[]')
          FROM order_items i WHERE i.order_id = o.order_id) AS items`;

interface ShipmentColumns {
  shipmentOrderId: number | null;
  carrier: string | null;
  trackingNumber: string | null;
  shipmentStatus: string | null;
  shippedAt: number | null;
  deliveredAt: number | null;
}

interface StatusViewRow extends OrderHead, ShipmentColumns {
  history: HistoryEntry[];
}

interface DetailRow extends StatusViewRow {
  storeName: string;
  customerName: string;
  paymentMethod: PaymentMethod;
  shipName: string;
  shipLine1: string;
  shipLine2: string | null;
  shipCity: string;
  shipPostalCode: string;
  shipCountry: string;
  items: OrderItem[];
}

const NO_SHIPMENT: Shipment = { carrier: null, trackingNumber: null, status: 'pending', shippedAt: null, deliveredAt: null };

const q = {
  head: statement('orders_head', `SELECT ${HEAD_SQL} FROM orders o WHERE o.order_id = $1`),
  statusView: statement(
    'orders_status_view',
    `SELECT ${HEAD_SQL}, ${SHIPMENT_SQL}, ${HISTORY_JSON_SQL}
       FROM orders o LEFT JOIN shipments s ON s.order_id = o.order_id
      WHERE o.order_id = $1`,
  ),
  detail: statement(
    'orders_detail',
    `SELECT ${HEAD_SQL}, ${SHIPMENT_SQL}, ${HISTORY_JSON_SQL}, ${ITEMS_JSON_SQL},
            se.store_name AS "storeName", ${CUSTOMER_NAME_SQL} AS "customerName", o.payment_method AS "paymentMethod",
            o.ship_name AS "shipName", o.ship_line1 AS "shipLine1", o.ship_line2 AS "shipLine2", o.ship_city AS "shipCity",
            o.ship_postal_code AS "shipPostalCode", o.ship_country AS "shipCountry"
       FROM orders o
       JOIN sellers se ON se.seller_id = o.seller_id
       JOIN users u ON u.id = o.user_id
       LEFT JOIN shipments s ON s.order_id = o.order_id
      WHERE o.order_number = $1`,
  ),
  byBuyer: statement(
    'orders_by_buyer',
    `SELECT ${HEAD_SQL}, se.store_name AS "storeName", ${ITEMS_JSON_SQL}
       FROM orders o JOIN sellers se ON se.seller_id = o.seller_id
      WHERE o.user_id = $1
      ORDER BY o.created_at DESC, o.order_id DESC`,
  ),
  // Every placement and every change writes a history row, and history ids grow with time:
  // the rows after the newest one older than $1 name every order changed since. That row is
  // found walking back from the newest one, so no index on time is kept up by writes.
  // Placing. $1 user, $2 key, $3 request hash, $4 now. The key is claimed first: a second
  // request with it waits here for the first one's transaction, then finds its row (or,
  // when the first one failed and rolled back, claims the key itself).
  claimKey: statement(
    'idempotency_claim',
    `INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
     VALUES ($1, $2, $3, 201, '', $4)
     ON CONFLICT (user_id, key) DO NOTHING
     RETURNING 1 AS claimed`,
  ),
  storedKey: statement(
    'idempotency_stored',
    `SELECT request_hash AS "requestHash", response FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
  ),
  cartLines: statement(
    'orders_cart_lines',
    `SELECT product_id AS "productId", quantity, size, color FROM cart_items WHERE user_id = $1 ORDER BY id`,
  ),
  // The products of the order, locked in id order (so two placements never deadlock): the plan
  // sees their stock as it will be committed, as it does under SQLite's BEGIN IMMEDIATE.
  lockProducts: statement(
    'orders_lock_products',
    `SELECT ${PRODUCT_SQL}
       FROM products p JOIN sellers se ON se.seller_id = p.seller_id
      WHERE p.id = ANY($1::int[])
      ORDER BY p.id
        FOR NO KEY UPDATE OF p`,
  ),
  // Everything a placement writes, in one statement (one round trip while its products are
  // locked): each product's units taken, `stock >= wanted` kept as the guard (compare-and-set);
  // the orders, each with its items, shipment and first history row; the response remembered
  // for the Idempotency-Key; the cart emptied when it was the cart that was ordered.
  // $1 buyer, $2 now, $3 payment, $4-$9 address; $10-$12 the orders (number, seller, total);
  // $13-$19 their items (order number, product, name, quantity, unit price, size, colour);
  // $20-$21 each product and the units wanted of it; $22 the Idempotency-Key or null; $23 empty the cart.
  placeOrders: statement(
    'orders_place',
    `WITH taken AS (
       UPDATE products p SET stock = p.stock - w.quantity
         FROM unnest($20::int[], $21::int[]) AS w(id, quantity)
        WHERE p.id = w.id AND p.stock >= w.quantity
       RETURNING p.id),
     o AS (
       INSERT INTO orders (order_number, user_id, seller_id, order_status, version, total_amount, currency, payment_method,
                           ship_name, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, created_at, updated_at)
       SELECT t.number, $1, t.seller_id, 'pending', 1, t.total, 'USD', $3, $4, $5, $6, $7, $8, $9, $2, $2
         FROM unnest($10::text[], $11::int[], $12::bigint[]) WITH ORDINALITY AS t(number, seller_id, total, n)
        ORDER BY t.n
       RETURNING order_id, order_number, seller_id, total_amount),
     items AS (
       INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price, size, color)
       SELECT o.order_id, t.product_id, t.product_name, t.quantity, t.unit_price, t.size, t.color
         FROM unnest($13::text[], $14::int[], $15::text[], $16::int[], $17::bigint[], $18::text[], $19::text[])
                 WITH ORDINALITY AS t(order_number, product_id, product_name, quantity, unit_price, size, color, n)
         JOIN o ON o.order_number = t.order_number
        ORDER BY t.n),
     shipment AS (INSERT INTO shipments (order_id, status) SELECT order_id, 'pending' FROM o),
     history AS (
       INSERT INTO order_status_history (order_id, from_status, to_status, actor_user_id, actor_role, note, created_at)
       SELECT order_id, NULL, 'pending', $1, 'buyer', NULL, $2 FROM o ORDER BY order_id),
     placed AS (
       SELECT coalesce(json_agg(json_build_object('orderId', order_id, 'orderNumber', order_number, 'sellerId', seller_id,
                                                  'totalAmount', total_amount) ORDER BY order_id), '[]') AS orders
         FROM o),
     remembered AS (UPDATE idempotency_keys k SET response = placed.orders::text FROM placed WHERE k.user_id = $1 AND k.key = $22),
     emptied AS (DELETE FROM cart_items WHERE $23::boolean AND user_id = $1)
     SELECT array(SELECT id FROM taken) AS taken, placed.orders FROM placed`,
  ),

  // Changing status. The row lock is what an UPDATE of non-key columns takes; FOR UPDATE would
  // also block inserts of rows that reference the order.
  lockHead: statement('orders_lock_head', `SELECT ${HEAD_SQL} FROM orders o WHERE o.order_id = $1 FOR NO KEY UPDATE`),
  // Compare-and-set on version; the new head comes back from the same statement.
  moveStatus: statement(
    'orders_move_status',
    `UPDATE orders o SET order_status = $2, version = o.version + 1, updated_at = $3
      WHERE o.order_id = $1 AND o.version = $4
     RETURNING ${HEAD_SQL}`,
  ),
  insertHistory: statement(
    'orders_insert_history',
    `INSERT INTO order_status_history (order_id, from_status, to_status, actor_user_id, actor_role, note, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  ),
  // NULL keeps what the shipment had: carrier and tracking number are only ever added.
  updateShipment: statement(
    'orders_update_shipment',
    `UPDATE shipments SET status = coalesce($2, status), carrier = coalesce($3, carrier), tracking_number = coalesce($4, tracking_number),
            shipped_at = coalesce($5, shipped_at), delivered_at = coalesce($6, delivered_at)
      WHERE order_id = $1`,
  ),
  // A cancelled order's units go back, every line of a product summed; its products locked in
  // id order first, the order placements lock them in.
  lockRestocked: statement(
    'orders_lock_restocked',
    `SELECT id FROM products WHERE id IN (SELECT product_id FROM order_items WHERE order_id = $1) ORDER BY id FOR NO KEY UPDATE`,
  ),
  restock: statement(
    'orders_restock',
    `UPDATE products p SET stock = p.stock + i.quantity
       FROM (SELECT product_id, sum(quantity) AS quantity FROM order_items WHERE order_id = $1 GROUP BY product_id) i
      WHERE p.id = i.product_id`,
  ),
};

function toStatusView({ shipmentOrderId, carrier, trackingNumber, shipmentStatus, shippedAt, deliveredAt, history, ...head }: StatusViewRow) {
  const shipment: Shipment =
    shipmentOrderId === null ? NO_SHIPMENT : { carrier, trackingNumber, status: shipmentStatus ?? 'pending', shippedAt, deliveredAt };
  return { head, history, shipment };
}

export class PgOrderRepository implements OrderRepository {
  constructor(private readonly db: PgDatabase) {}

  async place(command: PlaceOrderCommand): Promise<PlaceOrderOutcome> {
    return this.db.transaction((tx) => this.placeIn(tx, command));
  }

  private async placeIn(tx: PgTransaction, command: PlaceOrderCommand): Promise<PlaceOrderOutcome> {
    const { buyerId, idempotency, now } = command;
    if (idempotency) {
      const claimed = await tx.row(q.claimKey, [buyerId, idempotency.key, idempotency.requestHash, now]);
      if (!claimed) {
        const stored = await tx.row<{ requestHash: string; response: string }>(q.storedKey, [buyerId, idempotency.key]);
        if (!stored) throw new Error('idempotency key neither claimed nor stored');
        if (stored.requestHash !== idempotency.requestHash) {
          throw new DomainError('idempotency_mismatch', 'This Idempotency-Key was already used with a different request');
        }
        return { kind: 'replayed', orders: JSON.parse(stored.response) as PlacedOrder[] };
      }
    }
    // Checking out the cart: the cart's other writes wait (see lockCartOwner), so the lines read
    // here are the lines deleted at the end.
    if (command.lines === null) await tx.run(lockCartOwner, [buyerId]);
    const lines = command.lines ?? (await tx.rows<CartLineInput>(q.cartLines, [buyerId]));
    const plans = command.plan(await this.resolve(tx, lines));
    const placed = await this.write(tx, command, plans);
    const heads = placed.map((order) => ({ ...order, buyerId, status: 'pending' as const, version: 1, createdAt: now, updatedAt: now }));
    const events = await appendEvents(tx, heads.map((order) => ({ type: 'order:created' as const, order, customerName: command.customerName })), now);
    return { kind: 'placed', orders: placed, events };
  }

  /** The lines with their products as locked now; not_found for the first line whose product is gone. */
  private async resolve(tx: PgTransaction, lines: CartLineInput[]): Promise<ResolvedLine[]> {
    const ids = [...new Set(lines.map((line) => line.productId))].filter(canNameRow);
    const rows = ids.length === 0 ? [] : await tx.rows<ProductRow>(q.lockProducts, [ids]);
    const products = new Map(rows.map((row) => [row.id, toProduct(row)]));
    return lines.map((line) => {
      const product = products.get(line.productId);
      if (!product) throw new DomainError('not_found', `Product ${line.productId} not found`);
      return { ...line, product };
    });
  }

  /** The placement's writes (see q.placeOrders); insufficient_stock if a product's units were not all there. */
  private async write(tx: PgTransaction, command: PlaceOrderCommand, plans: OrderPlan[]): Promise<PlacedOrder[]> {
    const items = plans.flatMap((plan) => plan.items.map((item) => ({ ...item, orderNumber: plan.orderNumber })));
    const wanted = new Map<number, number>();
    for (const item of items) wanted.set(item.productId, (wanted.get(item.productId) ?? 0) + item.quantity);
    const address = command.shippingAddress;
    const result = await tx.row<{ taken: number[]; orders: PlacedOrder[] }>(q.placeOrders, [
      command.buyerId,
      command.now,
      command.paymentMethod,
      address.name,
      address.line1,
      address.line2,
      address.city,
      address.postalCode,
      address.country,
      plans.map((plan) => plan.orderNumber),
      plans.map((plan) => plan.sellerId),
      plans.map((plan) => plan.totalAmount),
      items.map((i) => i.orderNumber),
      items.map((i) => i.productId),
      items.map((i) => i.productName),
      items.map((i) => i.quantity),
      items.map((i) => i.unitPrice),
      items.map((i) => i.size),
      items.map((i) => i.color),
      [...wanted.keys()],
      [...wanted.values()],
      command.idempotency?.key ?? null,
      command.lines === null,
    ]);
    if (!result) throw new Error('placement returned no row');
    // The products are locked since the plan checked their stock: only a plan that skipped
    // that check gets here, and the transaction is rolled back.
    const short = items.find((item) => !result.taken.includes(item.productId));
    if (short) throw new DomainError('insufficient_stock', `Not enough stock for ${short.productName}`, { product_id: short.productId });
    return result.orders;
  }

  async findHead(orderId: number): Promise<OrderHead | null> {
    if (!canNameRow(orderId)) return null;
    return this.db.row<OrderHead>(q.head, [orderId]);
  }

  async findStatusView(orderId: number): Promise<OrderStatusView | null> {
    if (!canNameRow(orderId)) return null;
    const row = await this.db.row<StatusViewRow>(q.statusView, [orderId]);
    if (!row) return null;
    const { head, history, shipment } = toStatusView(row);
    return { ...head, history, shipment };
  }

  async findDetailByNumber(orderNumber: string): Promise<OrderDetail | null> {
    const row = await this.db.row<DetailRow>(q.detail, [orderNumber]);
    if (!row) return null;
    const { storeName, customerName, paymentMethod, shipName, shipLine1, shipLine2, shipCity, shipPostalCode, shipCountry, items, ...view } = row;
    const { head, history, shipment } = toStatusView(view);
    return {
      ...head,
      storeName,
      customerName,
      paymentMethod,
      shippingAddress: { name: shipName, line1: shipLine1, line2: shipLine2, city: shipCity, postalCode: shipPostalCode, country: shipCountry },
      items,
      history,
      shipment,
    };
  }

  async listByBuyer(buyerId: number): Promise<BuyerOrderSummary[]> {
    return this.db.rows<BuyerOrderSummary>(q.byBuyer, [buyerId]);
  }

  async listBySeller(sellerId: number, query: SellerOrderQuery) {
    // One snapshot, so that the page, its total and the counts agree.
    return this.db.snapshot((tx) => listSellerOrders(tx, sellerId, query));
  }

  async exportBySeller(sellerId: number, filter: SellerOrderFilter, after: SellerOrderCursor | null, limit: number) {
    return exportSellerOrders(this.db, sellerId, filter, after, limit);
  }

  async changeStatus(orderId: number, decide: (head: OrderHead) => StatusChange | null): Promise<StatusChangeResult | null> {
    if (!canNameRow(orderId)) return null;
    return this.db.transaction(async (tx) => {
      // Locked: every other change of this order waits here until this transaction ends, and
      // `decide` sees the order as it is committed.
      const head = await tx.row<OrderHead>(q.lockHead, [orderId]);
      if (!head) return null;
      const change = decide(head);
      if (!change) return { changed: false, order: head, event: null };
      const moved = await tx.row<OrderHead>(q.moveStatus, [change.orderId, change.toStatus, change.now, change.fromVersion]);
      if (!moved) throw new Error(`order ${orderId} changed under its own row lock`);
      await tx.run(q.insertHistory, [
        change.orderId,
        change.fromStatus,
        change.toStatus,
        change.actorUserId,
        change.actorRole,
        change.note,
        change.now,
      ]);
      if (change.shipment !== null || change.shipmentStatus !== null) {
        await tx.run(q.updateShipment, [
          change.orderId,
          change.shipmentStatus,
          change.shipment?.carrier ?? null,
          change.shipment?.trackingNumber ?? null,
          change.toStatus === 'shipped' ? change.now : null,
          change.toStatus === 'delivered' ? change.now : null,
        ]);
      }
      if (change.restock) {
        await tx.run(q.lockRestocked, [change.orderId]);
        await tx.run(q.restock, [change.orderId]);
      }
      return { changed: true, order: moved, event: await appendEvent(tx, { type: 'order:status', order: moved }, change.now) };
    });
  }
}
