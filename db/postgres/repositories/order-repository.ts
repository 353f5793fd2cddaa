import { DomainError } from '../../../server/domain/errors.js';
import { approvedByChange, returnAlreadyDecided } from '../../../server/domain/returns.js';
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
import { NO_SHIPMENT } from '../../../server/domain/model.js';
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
import pg from 'pg';
import { statement, type PgDatabase, type Queries } from '../pg-database.js';
import type { PlacementBatcher } from '../placement-batcher.js';
import { lockCartOwner } from './cart-repository.js';
import { historyRowOf, RETURN_FROM, RETURN_SQL, shipmentUpdateOf, toProduct, toReturnRequest, toShipment, type ProductRow, type ReturnRow, type ShipmentRow } from '../../rows.js';
import { PRODUCT_SQL } from './product-rows.js';
import { canNameRow } from './row-ids.js';
import { exportSellerOrders, listSellerOrders } from './seller-order-lists.js';

/** `o` is orders. */
const HEAD_SQL = `o.order_id AS "orderId", o.order_number AS "orderNumber", o.user_id AS "buyerId", o.seller_id AS "sellerId",
       o.order_status AS status, o.version, o.total_amount AS "totalAmount", o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

/** `u` is the buyer. */
const CUSTOMER_NAME_SQL = `trim(u.first_name || ' ' || u.last_name)`;

/** `s` is the order's shipment (left-joined). */
const SHIPMENT_SQL = `s.order_id AS "shipmentOrderId", s.carrier, s.carrier_code AS "carrierCode", s.tracking_number AS "trackingNumber",
       s.status AS "shipmentStatus", s.shipped_at AS "shippedAt", s.delivered_at AS "deliveredAt",
       s.estimated_earliest AS "estimatedEarliest", s.estimated_latest AS "estimatedLatest"`;

/** Each order's history and items as JSON arrays, oldest first: one statement reads a whole order. */
const HISTORY_JSON_SQL = `(SELECT coalesce(json_agg(json_build_object('fromStatus', h.from_status, 'toStatus', h.to_status,
                                                     'note', h.note, 'buyerMessage', h.buyer_message,
                                                     'createdAt', h.created_at) ORDER BY h.id), '[]')
          FROM order_status_history h WHERE h.order_id = o.order_id) AS history`;
const ITEMS_JSON_SQL = `(SELECT coalesce(json_agg(json_build_object('productId', i.product_id, 'productName', i.product_name,
                                                   'quantity', i.quantity, 'unitPrice', i.unit_price, 'size', i.size, 'color', i.color) ORDER BY i.id), '[]')
          FROM order_items i WHERE i.order_id = o.order_id) AS items`;

interface ShipmentColumns extends Omit<ShipmentRow, 'status'> {
  shipmentOrderId: number | null;
  shipmentStatus: string | null;
}

interface StatusViewRow extends OrderHead, ShipmentColumns {
  history: HistoryEntry[];
}

interface DetailRow extends StatusViewRow {
  checkoutNumber: string | null;
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

/** Whole orders (DetailRow), those `where` names. */
function detailSql(where: string): string {
  return `SELECT ${HEAD_SQL}, ${SHIPMENT_SQL}, ${HISTORY_JSON_SQL}, ${ITEMS_JSON_SQL}, o.checkout_number AS "checkoutNumber",
            se.store_name AS "storeName", ${CUSTOMER_NAME_SQL} AS "customerName", o.payment_method AS "paymentMethod",
            o.ship_name AS "shipName", o.ship_line1 AS "shipLine1", o.ship_line2 AS "shipLine2", o.ship_city AS "shipCity",
            o.ship_postal_code AS "shipPostalCode", o.ship_country AS "shipCountry"
       FROM orders o
       JOIN sellers se ON se.seller_id = o.seller_id
       JOIN users u ON u.id = o.user_id
       LEFT JOIN shipments s ON s.order_id = o.order_id
      WHERE ${where}`;
}

const q = {
  head: statement('orders_head', `SELECT ${HEAD_SQL} FROM orders o WHERE o.order_id = $1`),
  // A change that settles the order's open return request (see changeSettlingOpenReturn):
  // the order locked at the version decided on, then its open request, each its own statement
  // of one transaction, so the second reads after the lock was granted.
  lockAtVersion: statement('orders_lock_at_version', `SELECT 1 AS locked FROM orders WHERE order_id = $1 AND version = $2 FOR NO KEY UPDATE`),
  openReturn: statement('orders_open_return', `SELECT ${RETURN_SQL} ${RETURN_FROM} WHERE r.order_id = $1 AND r.status = 'requested'`),
  statusView: statement(
    'orders_status_view',
    `SELECT ${HEAD_SQL}, ${SHIPMENT_SQL}, ${HISTORY_JSON_SQL}
       FROM orders o LEFT JOIN shipments s ON s.order_id = o.order_id
      WHERE o.order_id = $1`,
  ),
  detail: statement('orders_detail', detailSql('o.order_number = $1')),
  checkout: statement('orders_checkout', `${detailSql('o.checkout_number = $1')} ORDER BY o.order_id`),
  byBuyer: statement(
    'orders_by_buyer',
    `SELECT ${HEAD_SQL}, o.checkout_number AS "checkoutNumber", se.store_name AS "storeName", ${ITEMS_JSON_SQL}
       FROM orders o JOIN sellers se ON se.seller_id = o.seller_id
      WHERE o.user_id = $1
      ORDER BY o.created_at DESC, o.order_id DESC`,
  ),
  // Placing. A placement reads what it needs without locks, is planned on that, and is then
  // written by one statement, q.place, in a batch of the node's placements that share one
  // commit (placement-batcher.ts): its row locks are held for that statement, the batch's
  // other statements and the one commit, never across a round trip to the domain — what keeps
  // a product many buyers order at once from serialising on the event loop of a busy node, or
  // on one WAL flush per placement. The statement checks under its locks that what was read is
  // still so, and refuses (orderpulse_refuse, migration 0003) when it is not: nothing of it
  // stays, and the placement is read and planned again.
  storedKey: statement(
    'idempotency_stored',
    `SELECT request_hash AS "requestHash", response FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
  ),
  cartLines: statement(
    'orders_cart_lines',
    `SELECT id, product_id AS "productId", quantity, size, color FROM cart_items WHERE user_id = $1 ORDER BY id`,
  ),
  readProducts: statement(
    'orders_read_products',
    `SELECT ${PRODUCT_SQL} FROM products p JOIN sellers se ON se.seller_id = p.seller_id WHERE p.id = ANY($1::int[])`,
  ),
  // The last attempt's read (see PgOrderRepository.place): in a transaction, the products
  // locked in id order, so that q.place finds them as planned.
  lockProducts: statement(
    'orders_lock_products',
    `SELECT ${PRODUCT_SQL}
       FROM products p JOIN sellers se ON se.seller_id = p.seller_id
      WHERE p.id = ANY($1::int[])
      ORDER BY p.id
        FOR NO KEY UPDATE OF p`,
  ),
  // The placement's one statement. Its parts, in the order the references between them make
  // PostgreSQL run them (a refusal is correct whatever the order; this one keeps the products'
  // locks for last and shortest):
  //  - the orders, each with its items, shipment, first history row and `order:created` event;
  //  - the response remembered under the Idempotency-Key: a second request with the key waits
  //    here for the first one's commit, then finds the key taken (`key_used`: the caller
  //    replays the stored response);
  //  - the cart lines ordered deleted, each only if it is still as read (`cart_changed`);
  //  - the products locked in id order (two placements never deadlock), and their units taken
  //    only if each one is still as planned — price, name, options, seller, active — and has
  //    the units (`products_changed`).
  // $1 buyer, $2 now, $3 payment, $4-$9 address; $10-$12 the orders (number, seller, total);
  // $13-$19 their items (order number, product, name, quantity, unit price, size, colour);
  // $20-$26 each product as planned (id, units wanted, price, name, sizes, colours, seller);
  // $27 the Idempotency-Key or null, $28 its request hash; $29 the buyer's name for the events;
  // $30-$34 the cart lines ordered (id, product, quantity, size, colour), empty for explicit lines;
  // $35 the checkout number every order of it gets.
  place: statement(
    'orders_place',
    `WITH o AS (
       INSERT INTO orders (order_number, checkout_number, user_id, seller_id, order_status, version, total_amount, currency, payment_method,
                           ship_name, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, created_at, updated_at)
       SELECT t.number, $35, $1, t.seller_id, 'pending', 1, t.total, 'USD', $3, $4, $5, $6, $7, $8, $9, $2, $2
         FROM unnest($10::text[], $11::int[], $12::bigint[]) WITH ORDINALITY AS t(number, seller_id, total, n)
        ORDER BY t.n
       RETURNING order_id, order_number, checkout_number, seller_id, total_amount),
     items AS (
       INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price, size, color)
       SELECT o.order_id, t.product_id, t.product_name, t.quantity, t.unit_price, t.size, t.color
         FROM unnest($13::text[], $14::int[], $15::text[], $16::int[], $17::bigint[], $18::text[], $19::text[])
                 WITH ORDINALITY AS t(order_number, product_id, product_name, quantity, unit_price, size, color, n)
         JOIN o ON o.order_number = t.order_number
        ORDER BY t.n
       RETURNING 1),
     shipment AS (INSERT INTO shipments (order_id, status) SELECT order_id, 'pending' FROM o RETURNING 1),
     history AS (
       INSERT INTO order_status_history (order_id, from_status, to_status, actor_user_id, actor_role, note, created_at)
       SELECT order_id, NULL, 'pending', $1, 'buyer', NULL, $2 FROM o ORDER BY order_id
       RETURNING 1),
     logged AS (
       INSERT INTO events (type, payload, created_at)
       SELECT 'order:created',
              json_build_object('type', 'order:created',
                                'order', json_build_object('orderId', order_id, 'orderNumber', order_number, 'sellerId', seller_id,
                                                           'totalAmount', total_amount, 'buyerId', $1, 'status', 'pending',
                                                           'version', 1, 'createdAt', $2, 'updatedAt', $2),
                                'customerName', $29::text)::text,
              $2
         FROM o ORDER BY order_id
       RETURNING position),
     placed AS (
       SELECT coalesce(json_agg(json_build_object('orderId', order_id, 'orderNumber', order_number, 'checkoutNumber', checkout_number,
                                                  'sellerId', seller_id, 'totalAmount', total_amount) ORDER BY order_id), '[]') AS orders
         FROM o),
     claimed AS (
       INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
       SELECT $1, $27, $28, 201, placed.orders::text, $2 FROM placed WHERE $27::text IS NOT NULL
       ON CONFLICT (user_id, key) DO NOTHING
       RETURNING 1),
     emptied AS (
       DELETE FROM cart_items c
        USING unnest($30::int[], $31::int[], $32::int[], $33::text[], $34::text[]) AS l(id, product_id, quantity, size, color)
        WHERE c.id = l.id AND c.user_id = $1 AND c.product_id = l.product_id AND c.quantity = l.quantity
          AND c.size IS NOT DISTINCT FROM l.size AND c.color IS NOT DISTINCT FROM l.color
       RETURNING 1),
     written AS (
       SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM shipment) + (SELECT count(*) FROM history)
              + (SELECT count(*) FROM logged) AS n,
              $27::text IS NULL OR EXISTS (SELECT 1 FROM claimed) AS claimed,
              (SELECT count(*) FROM emptied) = cardinality($30::int[]) AS emptied),
     wanted AS (
       SELECT * FROM unnest($20::int[], $21::int[], $22::bigint[], $23::text[], $24::text[], $25::text[], $26::int[])
                  AS w(id, quantity, price, name, sizes, colors, seller_id)),
     locked AS (
       SELECT p.id, p.stock, p.price, p.name, p.sizes, p.colors, p.seller_id, p.active
         FROM products p, written
        WHERE p.id = ANY($20::int[]) AND written.claimed AND written.emptied AND written.n > 0
        ORDER BY p.id
          FOR NO KEY UPDATE OF p),
     ready AS (
       SELECT count(*) = cardinality($20::int[])
              AND coalesce(bool_and(l.active AND l.stock >= w.quantity AND l.price = w.price AND l.name = w.name
                                    AND l.sizes = w.sizes AND l.colors = w.colors AND l.seller_id = w.seller_id), false) AS ok
         FROM locked l JOIN wanted w ON w.id = l.id),
     taken AS (
       UPDATE products p SET stock = p.stock - w.quantity
         FROM wanted w, ready
        WHERE ready.ok AND p.id = w.id AND p.stock >= w.quantity
       RETURNING p.id)
     SELECT CASE WHEN NOT written.claimed THEN orderpulse_refuse('key_used')
                 WHEN NOT written.emptied THEN orderpulse_refuse('cart_changed')
                 WHEN NOT ready.ok OR (SELECT count(*) FROM taken) < cardinality($20::int[]) THEN orderpulse_refuse('products_changed')
            END AS refused,
            placed.orders, (SELECT coalesce(json_agg(position ORDER BY position), '[]') FROM logged) AS positions
       FROM written, ready, placed`,
  ),

  // Changing status. The order's head is read without a lock and the change decided on it;
  // q.change then writes it in one statement of its own (autocommit), as a compare-and-set on
  // the version: the order's row lock is held for that statement and its commit only, never
  // across a round trip to this process. When the version moved meanwhile nothing is written,
  // and the change is decided again on the order as it is then.
  //  - `moved`: the order, one version on;
  //  - its history row, its shipment's part of the change, and its `order:status` event;
  //  - a cancelled order's units back into stock, every line of a product summed, its products
  //    locked in id order first, the order placements lock them in.
  //  - the return request it settles (an approval), as a compare-and-set on the request still
  //    being `requested`, with its `return:decided` event after the `order:status` one; when
  //    the request was decided meanwhile the statement refuses (orderpulse_refuse) and nothing
  //    of the change stays.
  // $1 order, $2 new status, $3 now, $4 the version decided on, $5 the status it leaves,
  // $6-$9 the history row's actor, role, note and buyer message; $10 whether the shipment
  // changes, $11-$18 its status, carrier, carrier code, tracking number, shipped, delivered, and
  // window (null keeps what the shipment had); $19 whether to restock; $20 the return request
  // settled (or null), $21 its `return:decided` payload.
  change: statement(
    'orders_change_status',
    `WITH moved AS (
       UPDATE orders o SET order_status = $2, version = o.version + 1, updated_at = $3
        WHERE o.order_id = $1 AND o.version = $4
       RETURNING ${HEAD_SQL}),
     history AS (
       INSERT INTO order_status_history (order_id, from_status, to_status, actor_user_id, actor_role, note, buyer_message, created_at)
       SELECT $1, $5, $2, $6, $7, $8, $9, $3 FROM moved
       RETURNING 1),
     shipment AS (
       UPDATE shipments SET status = coalesce($11, status),
              carrier = coalesce($12, carrier),
              carrier_code = CASE WHEN $12::text IS NULL THEN carrier_code ELSE $13 END,
              tracking_number = coalesce($14, tracking_number),
              shipped_at = coalesce($15, shipped_at), delivered_at = coalesce($16, delivered_at),
              estimated_earliest = coalesce($17, estimated_earliest), estimated_latest = coalesce($18, estimated_latest)
        WHERE order_id = $1 AND $10::boolean AND EXISTS (SELECT 1 FROM moved)
       RETURNING 1),
     restocked AS (
       SELECT p.id FROM products p
        WHERE $19::boolean AND EXISTS (SELECT 1 FROM moved) AND p.id IN (SELECT product_id FROM order_items WHERE order_id = $1)
        ORDER BY p.id
          FOR NO KEY UPDATE),
     restock AS (
       UPDATE products p SET stock = p.stock + i.quantity
         FROM (SELECT product_id, sum(quantity) AS quantity FROM order_items WHERE order_id = $1 GROUP BY product_id) i
        WHERE p.id = i.product_id AND p.id IN (SELECT id FROM restocked)
       RETURNING 1),
     logged AS (
       INSERT INTO events (type, payload, created_at)
       SELECT 'order:status', json_build_object('type', 'order:status', 'order', to_json(m), 'previousStatus', $5::text)::text, $3 FROM moved m
       RETURNING position),
     settled AS (
       UPDATE return_requests SET status = 'approved', decided_at = $3, buyer_message = $9, restock = $19
        WHERE id = $20 AND status = 'requested' AND EXISTS (SELECT 1 FROM moved)
       RETURNING id),
     settled_logged AS (
       INSERT INTO events (type, payload, created_at)
       SELECT 'return:decided', $21, $3 FROM settled, logged
       RETURNING position)
     SELECT to_json(m) AS moved, (SELECT position FROM logged) AS position, (SELECT position FROM settled_logged) AS "returnPosition",
            CASE WHEN $20::int IS NOT NULL AND NOT EXISTS (SELECT 1 FROM settled) THEN orderpulse_refuse('return_decided') END AS refused
       FROM moved m`,
  ),
};

function toStatusView(row: StatusViewRow) {
  const { shipmentOrderId, carrier, carrierCode, trackingNumber, shipmentStatus, shippedAt, deliveredAt, estimatedEarliest, estimatedLatest, history, ...head } =
    row;
  const shipment: Shipment =
    shipmentOrderId === null
      ? NO_SHIPMENT
      : toShipment({ carrier, carrierCode, trackingNumber, status: shipmentStatus ?? 'pending', shippedAt, deliveredAt, estimatedEarliest, estimatedLatest });
  return { head, history, shipment };
}

/**
 * Placement attempts: each but the last reads without locks and writes in a batch; the last
 * (and any after it that PostgreSQL undid in a deadlock) runs in a transaction of its own that
 * reads the products (and the cart) locked, so that q.place finds them as planned.
 */
const PLACEMENT_ATTEMPTS = 4;
/** The SQLSTATE orderpulse_refuse raises (migration 0003); its message says why. */
const REFUSED = 'OP409';
/**
 * deadlock_detected and serialization_failure: PostgreSQL chose this placement to undo so that
 * others could go on (two batches meeting on products in opposite orders). Nothing of it stayed;
 * it is read and planned again.
 */
const UNDONE = new Set(['40P01', '40001']);
type Refusal = 'key_used' | 'cart_changed' | 'products_changed' | 'return_decided';

const undone = (error: unknown) => error instanceof pg.DatabaseError && error.code !== undefined && UNDONE.has(error.code);

function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof pg.DatabaseError) || error.code !== REFUSED) return null;
  const reason = error.message;
  return reason === 'key_used' || reason === 'cart_changed' || reason === 'products_changed' || reason === 'return_decided' ? reason : null;
}

/** What q.change returns. */
interface ChangedRow {
  moved: OrderHead;
  position: number;
  returnPosition: number | null;
}

/** What q.place returns. */
interface PlacementRow {
  orders: PlacedOrder[];
  positions: number[];
}

/** A cart line as the placement reads it: its row id names it in q.place's delete. */
interface CartRow extends CartLineInput {
  id: number;
}

/** The lines with their products; not_found for the first line whose product is gone. */
function resolve(lines: CartLineInput[], rows: Map<number, ProductRow>): ResolvedLine[] {
  return lines.map(({ productId, quantity, size, color }) => {
    const row = rows.get(productId);
    if (!row) throw new DomainError('not_found', `Product ${productId} not found`);
    return { productId, quantity, size, color, product: toProduct(row) };
  });
}

/** q.place's values: the plans, each product as it was when they were made, the cart lines ordered. */
function placementValues(command: PlaceOrderCommand, plans: OrderPlan[], rows: Map<number, ProductRow>, cart: CartRow[]): unknown[] {
  const items = plans.flatMap((plan) => plan.items.map((item) => ({ ...item, orderNumber: plan.orderNumber })));
  const wanted = new Map<number, number>();
  for (const item of items) wanted.set(item.productId, (wanted.get(item.productId) ?? 0) + item.quantity);
  const products = [...wanted.keys()].map((id) => {
    const row = rows.get(id);
    if (!row) throw new Error(`planned product ${id} was not read`);
    return row;
  });
  const address = command.shippingAddress;
  return [
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
    products.map((p) => p.id),
    products.map((p) => wanted.get(p.id)),
    products.map((p) => p.price),
    products.map((p) => p.name),
    products.map((p) => p.sizes),
    products.map((p) => p.colors),
    products.map((p) => p.sellerId),
    command.idempotency?.key ?? null,
    command.idempotency?.requestHash ?? null,
    command.customerName,
    cart.map((line) => line.id),
    cart.map((line) => line.productId),
    cart.map((line) => line.quantity),
    cart.map((line) => line.size),
    cart.map((line) => line.color),
    command.checkoutNumber,
  ];
}

function toDetail(row: DetailRow): OrderDetail {
  const { checkoutNumber, storeName, customerName, paymentMethod, shipName, shipLine1, shipLine2, shipCity, shipPostalCode, shipCountry, items, ...view } =
    row;
  const { head, history, shipment } = toStatusView(view);
  return {
    ...head,
    checkoutNumber,
    storeName,
    customerName,
    paymentMethod,
    shippingAddress: { name: shipName, line1: shipLine1, line2: shipLine2, city: shipCity, postalCode: shipPostalCode, country: shipCountry },
    items,
    history,
    shipment,
  };
}

/** q.change's values (see there). */
function changeValues(change: StatusChange): unknown[] {
  const [, fromStatus, , actorUserId, actorRole, note, buyerMessage] = historyRowOf(change);
  const shipment = shipmentUpdateOf(change);
  return [
    change.orderId,
    change.toStatus,
    change.now,
    change.fromVersion,
    fromStatus,
    actorUserId,
    actorRole,
    note,
    buyerMessage,
    shipment !== null,
    shipment?.status ?? null,
    shipment?.carrier ?? null,
    shipment?.carrierCode ?? null,
    shipment?.trackingNumber ?? null,
    shipment?.shippedAt ?? null,
    shipment?.deliveredAt ?? null,
    shipment?.earliest ?? null,
    shipment?.latest ?? null,
    change.restock,
    change.settlesReturn?.id ?? null,
    change.settlesReturn ? JSON.stringify({ type: 'return:decided', returnRequest: change.settlesReturn }) : null,
  ];
}

export class PgOrderRepository implements OrderRepository {
  private readonly placements: PlacementBatcher<PlacementRow>;

  constructor(private readonly db: PgDatabase) {
    this.placements = db.batcher<PlacementRow>(q.place);
  }

  async place(command: PlaceOrderCommand): Promise<PlaceOrderOutcome> {
    // A request repeated after its first one committed is answered from the key, whatever its
    // cart or the stock say now; one repeated while the first is in flight meets it in q.place.
    const done = await this.replay(command);
    if (done) return done;
    for (let attempt = 1; ; attempt++) {
      const locking = attempt >= PLACEMENT_ATTEMPTS;
      try {
        return locking ? await this.db.transaction((tx) => this.attempt(tx, command, true)) : await this.attempt(this.db, command, false);
      } catch (error) {
        const refusal = refusalOf(error);
        if (refusal === 'key_used') {
          const replayed = await this.replay(command);
          if (replayed) return replayed;
        }
        if ((refusal === null || locking) && !undone(error)) throw error;
        // Read and planned again on what is committed now.
      }
    }
  }

  private async attempt(on: Queries, command: PlaceOrderCommand, locking: boolean): Promise<PlaceOrderOutcome> {
    const { buyerId, now } = command;
    // The cart's other writes queue on its owner (see lockCartOwner): locked, the lines read are those deleted.
    if (locking && command.lines === null) await on.run(lockCartOwner, [buyerId]);
    const cart = command.lines === null ? await on.rows<CartRow>(q.cartLines, [buyerId]) : [];
    const lines = command.lines ?? cart;
    const ids = [...new Set(lines.map((line) => line.productId))].filter(canNameRow);
    const read = ids.length === 0 ? [] : await on.rows<ProductRow>(locking ? q.lockProducts : q.readProducts, [ids]);
    const rows = new Map(read.map((row) => [row.id, row]));
    const plans = command.plan(resolve(lines, rows));
    const values = placementValues(command, plans, rows, cart);
    // The locked attempt's transaction is its own; an unlocked one's statement joins a batch.
    const result = locking ? await on.row<PlacementRow>(q.place, values) : await this.placements.row(values);
    if (!result || result.positions.length !== result.orders.length) throw new Error('placement returned no orders');
    // The event names the order as the logged row does (q.place's payload): no checkout number.
    const events = result.orders.map(({ checkoutNumber: _checkout, ...order }, i) => ({
      position: result.positions[i] ?? 0,
      at: now,
      event: {
        type: 'order:created' as const,
        order: { ...order, buyerId, status: 'pending' as const, version: 1, createdAt: now, updatedAt: now },
        customerName: command.customerName,
      },
    }));
    return { kind: 'placed', orders: result.orders, events };
  }

  /** The outcome stored under the command's Idempotency-Key; null when there is none (any more) to replay. */
  private async replay(command: PlaceOrderCommand): Promise<PlaceOrderOutcome | null> {
    const { idempotency } = command;
    if (!idempotency) return null;
    const stored = await this.db.row<{ requestHash: string; response: string }>(q.storedKey, [command.buyerId, idempotency.key]);
    if (!stored) return null;
    if (stored.requestHash !== idempotency.requestHash) {
      throw new DomainError('idempotency_mismatch', 'This Idempotency-Key was already used with a different request');
    }
    return { kind: 'replayed', orders: JSON.parse(stored.response) as PlacedOrder[] };
  }

  async findHead(orderId: number): Promise<OrderHead | null> {
    if (!canNameRow(orderId)) return null;
    return this.db.row<OrderHead>(q.head, [orderId]);
  }

  findStatusViewToShow(orderId: number): Promise<OrderStatusView | null> {
    return this.findStatusView(orderId);
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
    return row ? toDetail(row) : null;
  }

  async findCheckout(checkoutNumber: string): Promise<OrderDetail[]> {
    return (await this.db.rows<DetailRow>(q.checkout, [checkoutNumber])).map(toDetail);
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
    for (;;) {
      const head = await this.db.row<OrderHead>(q.head, [orderId]);
      if (!head) return null;
      const decided = decide(head);
      if (!decided) return { changed: false, order: head, event: null };
      const written = decided.settlesReturn === null && decided.settlesOpenReturn ? await this.changeSettlingOpenReturn(decided) : await this.writeChange(this.db, decided);
      // Nothing written: another change moved the version since the head was read (or the
      // open request was declined meanwhile); decide again on the order as it is now.
      if (!written) continue;
      const { row, change } = written;
      const event = { type: 'order:status' as const, order: row.moved, previousStatus: change.fromStatus };
      const result: StatusChangeResult = { changed: true, order: row.moved, event: { position: row.position, at: change.now, event } };
      if (change.settlesReturn && row.returnPosition !== null) {
        result.returnEvent = { position: row.returnPosition, at: change.now, event: { type: 'return:decided', returnRequest: change.settlesReturn } };
      }
      return result;
    }
  }

  /** q.change, autocommit or in `tx`: null when the version moved; return_already_decided when its request was decided otherwise. */
  private async writeChange(tx: Queries, change: StatusChange): Promise<{ row: ChangedRow; change: StatusChange } | null> {
    const row = await tx.row<ChangedRow>(q.change, changeValues(change)).catch((error: unknown) => {
      throw refusalOf(error) === 'return_decided' ? returnAlreadyDecided() : error;
    });
    return row && { row, change };
  }

  /**
   * A change that settles whatever return request of the order is open. Read with the head,
   * the request could miss one being written: returns_create holds the order's row FOR SHARE,
   * at the version this change was decided on, until its commit, and a statement that waits
   * for it keeps the snapshot it began with. So the order is locked first, in a transaction of
   * its own; once the lock is granted, a request either committed before (the next statement's
   * snapshot sees it) or will find the order moved and be refused. Null when the version moved,
   * or when the request was declined between its read and the change (nothing stays; decided again).
   */
  private async changeSettlingOpenReturn(decided: StatusChange): Promise<{ row: ChangedRow; change: StatusChange } | null> {
    try {
      return await this.db.transaction(async (tx) => {
        if (!(await tx.row(q.lockAtVersion, [decided.orderId, decided.fromVersion]))) return null;
        const open = await tx.row<ReturnRow>(q.openReturn, [decided.orderId]);
        return this.writeChange(tx, { ...decided, settlesReturn: open ? approvedByChange(toReturnRequest(open), decided) : null });
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'return_already_decided') return null;
      throw error;
    }
  }


}
