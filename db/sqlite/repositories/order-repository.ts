import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { DomainError } from '../../../server/domain/errors.js';
import type {
  BuyerOrderSummary,
  HistoryEntry,
  OrderDetail,
  OrderHead,
  OrderItem,
  OrderStatusView,
  PaymentMethod,
  Role,
} from '../../../server/domain/model.js';
import { NO_SHIPMENT } from '../../../server/domain/model.js';
import type { OrderStatus } from '../../../server/domain/order-status.js';
import type {
  CartLineInput,
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
import type { Db } from '../sqlite.js';
import {
  cartItems,
  idempotencyKeys,
  orderItems,
  orders,
  orderStatusHistory,
  products,
  sellers,
  shipments,
  users,
} from '../schema.js';
import { historyRowOf, RETURN_FROM, RETURN_SQL, shipmentUpdateOf, toProduct, toReturnRequest, toShipment, type ReturnRow, type ShipmentUpdate } from '../../rows.js';
import { productColumns } from './product-rows.js';
import { customerName, headColumns } from './order-columns.js';
import { exportSellerOrders, listSellerOrders } from './seller-order-lists.js';

import { EventAppender } from './event-log-repository.js';
import { DECIDE_RETURN_SQL, decisionValues } from './return-repository.js';
import { approvedByChange, returnAlreadyDecided, type ReturnRequest, type ReturnStatus } from '../../../server/domain/returns.js';

const p = sql.placeholder;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];


const itemColumns = {
  productId: orderItems.productId,
  productName: orderItems.productName,
  quantity: orderItems.quantity,
  unitPrice: orderItems.unitPrice,
  size: orderItems.size,
  color: orderItems.color,
};

const historyColumns = {
  fromStatus: orderStatusHistory.fromStatus,
  toStatus: orderStatusHistory.toStatus,
  note: orderStatusHistory.note,
  buyerMessage: orderStatusHistory.buyerMessage,
  createdAt: orderStatusHistory.createdAt,
};

const shipmentColumns = {
  carrier: shipments.carrier,
  carrierCode: shipments.carrierCode,
  trackingNumber: shipments.trackingNumber,
  status: shipments.status,
  shippedAt: shipments.shippedAt,
  deliveredAt: shipments.deliveredAt,
  estimatedEarliest: shipments.estimatedEarliest,
  estimatedLatest: shipments.estimatedLatest,
};


/**
 * The head columns for the raw statements of the hottest reads. Those run in raw (array)
 * mode: better-sqlite3 then skips building an object keyed by column names per row.
 */
const HEAD_SQL = `o.order_id, o.order_number, o.user_id, o.seller_id, o.order_status, o.version, o.total_amount, o.created_at, o.updated_at`;

type HeadRow = [
  orderId: number,
  orderNumber: string,
  buyerId: number,
  sellerId: number,
  status: OrderStatus,
  version: number,
  totalAmount: number,
  createdAt: number,
  updatedAt: number,
];

type StatusViewRow = [
  ...head: HeadRow,
  shipmentOrderId: number | null,
  carrier: string | null,
  carrierCode: string | null,
  trackingNumber: string | null,
  shipmentStatus: string | null,
  shippedAt: number | null,
  deliveredAt: number | null,
  estimatedEarliest: string | null,
  estimatedLatest: string | null,
  /** JSON: [[from_status, to_status, note, buyer_message, created_at], …] oldest first. */
  history: string,
];

/** The head of a raw row: a HeadRow, or any row that starts with one (the status view's). */
function toHead(r: HeadRow | StatusViewRow): OrderHead {
  return {
    orderId: r[0],
    orderNumber: r[1],
    buyerId: r[2],
    sellerId: r[3],
    status: r[4],
    version: r[5],
    totalAmount: r[6],
    createdAt: r[7],
    updatedAt: r[8],
  };
}

export class SqliteOrderRepository implements OrderRepository {
  private readonly q;
  /**
   * The transactions on the hot paths, built once: drizzle's db.transaction() makes a new
   * better-sqlite3 transaction function (and a tx object) on every call.
   */
  private readonly tx;
  private readonly hot;
  private readonly log: EventAppender;

  constructor(private readonly db: Db) {
    this.log = new EventAppender(db);
    // The statements on the hot paths (status reads, placing, status changes), prepared once.
    this.q = {
      history: db
        .select(historyColumns)
        .from(orderStatusHistory)
        .where(eq(orderStatusHistory.orderId, p('id')))
        .orderBy(asc(orderStatusHistory.id))
        .prepare(),
      lastHistoryBefore: db
        .select({ id: orderStatusHistory.id })
        .from(orderStatusHistory)
        .where(lt(orderStatusHistory.createdAt, p('since')))
        .orderBy(desc(orderStatusHistory.id))
        .limit(1)
        .prepare(),
      shipment: db.select(shipmentColumns).from(shipments).where(eq(shipments.orderId, p('id'))).prepare(),
      idempotency: db
        .select({ requestHash: idempotencyKeys.requestHash, response: idempotencyKeys.response })
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, p('userId')), eq(idempotencyKeys.key, p('key'))))
        .prepare(),
      cartLines: db
        .select({ productId: cartItems.productId, quantity: cartItems.quantity, size: cartItems.size, color: cartItems.color })
        .from(cartItems)
        .where(eq(cartItems.userId, p('userId')))
        .orderBy(asc(cartItems.id))
        .prepare(),
      product: db
        .select(productColumns)
        .from(products)
        .innerJoin(sellers, eq(sellers.sellerId, products.sellerId))
        .where(eq(products.id, p('id')))
        .prepare(),
      takeStock: db
        .update(products)
        .set({ stock: sql`${products.stock} - ${p('quantity')}` })
        .where(and(eq(products.id, p('id')), sql`${products.stock} >= ${p('quantity')}`))
        .prepare(),
      insertOrder: db
        .insert(orders)
        .values({
          orderNumber: p('orderNumber'),
          checkoutNumber: p('checkoutNumber'),
          userId: p('userId'),
          sellerId: p('sellerId'),
          orderStatus: 'pending',
          version: 1,
          totalAmount: p('totalAmount'),
          currency: 'USD',
          paymentMethod: p('paymentMethod'),
          shipName: p('shipName'),
          shipLine1: p('shipLine1'),
          shipLine2: p('shipLine2'),
          shipCity: p('shipCity'),
          shipPostalCode: p('shipPostalCode'),
          shipCountry: p('shipCountry'),
          createdAt: p('now'),
          updatedAt: p('now'),
        })
        .returning({ orderId: orders.orderId })
        .prepare(),
      insertItem: db
        .insert(orderItems)
        .values({
          orderId: p('orderId'),
          productId: p('productId'),
          productName: p('productName'),
          quantity: p('quantity'),
          unitPrice: p('unitPrice'),
          size: p('size'),
          color: p('color'),
        })
        .prepare(),
      insertShipment: db.insert(shipments).values({ orderId: p('orderId'), status: 'pending' }).prepare(),
      clearCart: db.delete(cartItems).where(eq(cartItems.userId, p('userId'))).prepare(),
      insertIdempotency: db
        .insert(idempotencyKeys)
        .values({
          key: p('key'),
          userId: p('userId'),
          requestHash: p('requestHash'),
          statusCode: 201,
          response: p('response'),
          createdAt: p('now'),
        })
        .prepare(),
      // A cancelled order's units go back, every line of a product summed.
      restock: db
        .update(products)
        .set({
          stock: sql`${products.stock} + (SELECT sum(${orderItems.quantity}) FROM ${orderItems} WHERE ${orderItems.orderId} = ${p('orderId')} AND ${orderItems.productId} = ${products.id})`,
        })
        .where(sql`${products.id} IN (SELECT ${orderItems.productId} FROM ${orderItems} WHERE ${orderItems.orderId} = ${p('orderId')})`)
        .prepare(),
    };
    this.tx = {
      place: db.$client.transaction((command: PlaceOrderCommand) => this.placeInTransaction(command)),
      changeStatus: db.$client.transaction((orderId: number, decide: (head: OrderHead) => StatusChange | null) =>
        this.changeStatusInTransaction(orderId, decide),
      ),
    };
    // The order-status reads (the tracker's polls), straight from better-sqlite3: every
    // statement outside a transaction takes and drops a WAL read lock, and drizzle's row
    // mapping costs as much as the query. The view is one statement, hence one snapshot.
    this.hot = {
      head: db.$client.prepare<[number], HeadRow>(`SELECT ${HEAD_SQL} FROM orders o WHERE o.order_id = ?`).raw(true),
      // Compare-and-set on version; the new head comes back from the same statement.
      moveStatus: db.$client
        .prepare<[toStatus: OrderStatus, now: number, id: number, fromVersion: number], HeadRow>(
          `UPDATE orders SET order_status = ?, version = version + 1, updated_at = ?
            WHERE order_id = ? AND version = ?
           RETURNING ${HEAD_SQL.replaceAll('o.', '')}`,
        )
        .raw(true),
      insertHistory: db.$client.prepare<
        [
          orderId: number,
          fromStatus: OrderStatus | null,
          toStatus: OrderStatus,
          actorUserId: number,
          actorRole: Role,
          note: string | null,
          buyerMessage: string | null,
          now: number,
        ]
      >(
        `INSERT INTO order_status_history (order_id, from_status, to_status, actor_user_id, actor_role, note, buyer_message, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // NULL keeps what the shipment had: carrier, tracking number and window are only ever
      // added. A carrier's name and code are replaced together (the code is null for free text).
      updateShipment: db.$client.prepare<[ShipmentUpdate]>(
        `UPDATE shipments SET status = coalesce(@status, status),
                carrier = coalesce(@carrier, carrier),
                carrier_code = CASE WHEN @carrier IS NULL THEN carrier_code ELSE @carrierCode END,
                tracking_number = coalesce(@trackingNumber, tracking_number),
                shipped_at = coalesce(@shippedAt, shipped_at), delivered_at = coalesce(@deliveredAt, delivered_at),
                estimated_earliest = coalesce(@earliest, estimated_earliest), estimated_latest = coalesce(@latest, estimated_latest)
          WHERE order_id = @orderId`,
      ),
      decideReturn: db.$client.prepare<[status: ReturnStatus, decidedAt: number | null, buyerMessage: string | null, restock: number | null, id: number]>(
        DECIDE_RETURN_SQL,
      ),
      // The partial unique index holds an order to one open request.
      openReturn: db.$client.prepare<[number], ReturnRow>(`SELECT ${RETURN_SQL} ${RETURN_FROM} WHERE r.order_id = ? AND r.status = 'requested'`),
      statusView: db.$client
        .prepare<[number], StatusViewRow>(
          `SELECT ${HEAD_SQL},
                  s.order_id, s.carrier, s.carrier_code, s.tracking_number, s.status, s.shipped_at, s.delivered_at,
                  s.estimated_earliest, s.estimated_latest,
                  (SELECT json_group_array(json_array(h.from_status, h.to_status, h.note, h.buyer_message, h.created_at))
                     FROM (SELECT from_status, to_status, note, buyer_message, created_at FROM order_status_history
                            WHERE order_id = o.order_id ORDER BY id) h)
             FROM orders o LEFT JOIN shipments s ON s.order_id = o.order_id
            WHERE o.order_id = ?`,
        )
        .raw(true),
    };
  }

  async place(command: PlaceOrderCommand): Promise<PlaceOrderOutcome> {
    return this.tx.place.immediate(command);
  }

  /** The placement; runs inside BEGIN IMMEDIATE and must stay synchronous, or its statements escape the transaction. */
  private placeInTransaction(command: PlaceOrderCommand): PlaceOrderOutcome {
    const { buyerId, idempotency, now } = command;
    if (idempotency) {
      const stored = this.q.idempotency.get({ userId: buyerId, key: idempotency.key });
      if (stored) {
        if (stored.requestHash !== idempotency.requestHash) {
          throw new DomainError('idempotency_mismatch', 'This Idempotency-Key was already used with a different request');
        }
        return { kind: 'replayed' as const, orders: JSON.parse(stored.response) as PlacedOrder[] };
      }
    }
    const lines: CartLineInput[] = command.lines ?? this.q.cartLines.all({ userId: buyerId });
    const resolved: ResolvedLine[] = lines.map((line) => {
      const row = this.q.product.get({ id: line.productId });
      if (!row) throw new DomainError('not_found', `Product ${line.productId} not found`);
      return { ...line, product: toProduct(row) };
    });
    const plans = command.plan(resolved);
    const address = command.shippingAddress;
    const placed: PlacedOrder[] = plans.map((plan) => {
      const inserted = this.q.insertOrder.get({
        orderNumber: plan.orderNumber,
        checkoutNumber: command.checkoutNumber,
        userId: buyerId,
        sellerId: plan.sellerId,
        totalAmount: plan.totalAmount,
        paymentMethod: command.paymentMethod,
        shipName: address.name,
        shipLine1: address.line1,
        shipLine2: address.line2,
        shipCity: address.city,
        shipPostalCode: address.postalCode,
        shipCountry: address.country,
        now,
      });
      if (!inserted) throw new Error('order insert returned no row');
      const { orderId } = inserted;
      for (const item of plan.items) {
        const taken = this.q.takeStock.run({ id: item.productId, quantity: item.quantity });
        if (taken.changes === 0) {
          throw new DomainError('insufficient_stock', `Not enough stock for ${item.productName}`, { product_id: item.productId });
        }
        this.q.insertItem.run({ orderId, ...item });
      }
      this.q.insertShipment.run({ orderId });
      this.hot.insertHistory.run(orderId, null, 'pending', buyerId, 'buyer', null, null, now);
      return { orderId, orderNumber: plan.orderNumber, checkoutNumber: command.checkoutNumber, sellerId: plan.sellerId, totalAmount: plan.totalAmount };
    });
    if (command.lines === null) this.q.clearCart.run({ userId: buyerId });
    if (idempotency) {
      this.q.insertIdempotency.run({ key: idempotency.key, userId: buyerId, requestHash: idempotency.requestHash, response: JSON.stringify(placed), now });
    }
    const events = placed.map(({ checkoutNumber: _checkout, ...order }) =>
      this.log.append(
        { type: 'order:created', order: { ...order, buyerId, status: 'pending', version: 1, createdAt: now, updatedAt: now }, customerName: command.customerName },
        now,
      ),
    );
    return { kind: 'placed' as const, orders: placed, events };
  }

  async findHead(orderId: number): Promise<OrderHead | null> {
    const r = this.hot.head.get(orderId);
    return r ? toHead(r) : null;
  }

  findStatusViewToShow(orderId: number): Promise<OrderStatusView | null> {
    return this.findStatusView(orderId);
  }

  async findStatusView(orderId: number): Promise<OrderStatusView | null> {
    const r = this.hot.statusView.get(orderId);
    if (!r) return null;
    // The subquery keeps its ORDER BY for the aggregate (SQLite never flattens it into one): oldest first.
    const history = JSON.parse(r[18]) as [OrderStatus | null, OrderStatus, string | null, string | null, number][];
    return {
      ...toHead(r),
      history: history.map(([fromStatus, toStatus, note, buyerMessage, createdAt]) => ({ fromStatus, toStatus, note, buyerMessage, createdAt })),
      shipment:
        r[9] === null
          ? NO_SHIPMENT
          : toShipment({
              carrier: r[10],
              carrierCode: r[11],
              trackingNumber: r[12],
              status: r[13] ?? 'pending',
              shippedAt: r[14],
              deliveredAt: r[15],
              estimatedEarliest: r[16],
              estimatedLatest: r[17],
            }),
    };
  }

  async findDetailByNumber(orderNumber: string): Promise<OrderDetail | null> {
    return this.db.transaction((tx) => this.detailIn(tx, orderNumber));
  }

  async findCheckout(checkoutNumber: string): Promise<OrderDetail[]> {
    return this.db.transaction((tx) => {
      const numbers = tx
        .select({ orderNumber: orders.orderNumber })
        .from(orders)
        .where(eq(orders.checkoutNumber, checkoutNumber))
        .orderBy(asc(orders.orderId))
        .all();
      return numbers.map(({ orderNumber }) => this.detailIn(tx, orderNumber)).filter((detail) => detail !== null);
    });
  }

  /** One order in full, read inside the caller's transaction (one snapshot). */
  private detailIn(tx: Tx, orderNumber: string): OrderDetail | null {
    const row = tx
      .select({
        ...headColumns,
        checkoutNumber: orders.checkoutNumber,
        storeName: sellers.storeName,
        customerName,
        paymentMethod: orders.paymentMethod,
        shipName: orders.shipName,
        shipLine1: orders.shipLine1,
        shipLine2: orders.shipLine2,
        shipCity: orders.shipCity,
        shipPostalCode: orders.shipPostalCode,
        shipCountry: orders.shipCountry,
      })
      .from(orders)
      .innerJoin(sellers, eq(sellers.sellerId, orders.sellerId))
      .innerJoin(users, eq(users.id, orders.userId))
      .where(eq(orders.orderNumber, orderNumber))
      .get();
    if (!row) return null;
    const { shipName, shipLine1, shipLine2, shipCity, shipPostalCode, shipCountry, paymentMethod, ...rest } = row;
    const shipmentRow = this.q.shipment.get({ id: row.orderId });
    return {
      ...rest,
      paymentMethod: paymentMethod as PaymentMethod,
      shippingAddress: { name: shipName, line1: shipLine1, line2: shipLine2, city: shipCity, postalCode: shipPostalCode, country: shipCountry },
      items: this.itemsOf([row.orderId]).get(row.orderId) ?? [],
      history: this.q.history.all({ id: row.orderId }) satisfies HistoryEntry[],
      shipment: shipmentRow ? toShipment(shipmentRow) : NO_SHIPMENT,
    };
  }

  async listByBuyer(buyerId: number): Promise<BuyerOrderSummary[]> {
    return this.db.transaction((tx) => {
      const rows = tx
        .select({ ...headColumns, checkoutNumber: orders.checkoutNumber, storeName: sellers.storeName })
        .from(orders)
        .innerJoin(sellers, eq(sellers.sellerId, orders.sellerId))
        .where(eq(orders.userId, buyerId))
        .orderBy(desc(orders.createdAt), desc(orders.orderId))
        .all();
      const items = this.itemsOf(rows.map((r) => r.orderId));
      return rows.map((r) => ({ ...r, items: items.get(r.orderId) ?? [] }));
    });
  }

  async listBySeller(sellerId: number, query: SellerOrderQuery) {
    // One read transaction: the page, its total and the counts agree.
    return this.db.transaction((tx) => listSellerOrders(tx, sellerId, query));
  }

  async exportBySeller(sellerId: number, filter: SellerOrderFilter, after: SellerOrderCursor | null, limit: number) {
    return exportSellerOrders(this.db, sellerId, filter, after, limit);
  }

  async changeStatus(orderId: number, decide: (head: OrderHead) => StatusChange | null): Promise<StatusChangeResult | null> {
    return this.tx.changeStatus.immediate(orderId, decide);
  }

  /** A status change; runs inside BEGIN IMMEDIATE and must stay synchronous (so must `decide`). */
  private changeStatusInTransaction(orderId: number, decide: (head: OrderHead) => StatusChange | null): StatusChangeResult | null {
    const row = this.hot.head.get(orderId);
    if (!row) return null;
    const head = toHead(row);
    const change = decide(head);
    if (!change) return { changed: false, order: head, event: null };
    // The write lock is held since BEGIN IMMEDIATE: no request of the order can be opened or
    // decided before this one commits, so the open one read here is the one settled.
    const settles = change.settlesReturn ?? (change.settlesOpenReturn ? this.openReturnOf(orderId, change) : null);
    // The return request it settles is decided first: once decided otherwise, nothing of the change stays.
    if (settles && this.hot.decideReturn.run(...decisionValues(settles)).changes === 0) throw returnAlreadyDecided();
    // The write lock is held since BEGIN IMMEDIATE, so the version cannot have moved; the
    // compare-and-set stays as a guard.
    const moved = this.hot.moveStatus.get(change.toStatus, change.now, change.orderId, change.fromVersion);
    if (!moved) throw new Error(`order ${orderId} changed inside its own write transaction`);
    this.hot.insertHistory.run(...historyRowOf(change));
    const shipment = shipmentUpdateOf(change);
    if (shipment) this.hot.updateShipment.run(shipment);
    if (change.restock) this.q.restock.run({ orderId: change.orderId });
    const order = toHead(moved);
    const event = this.log.append({ type: 'order:status', order, previousStatus: change.fromStatus }, change.now);
    if (!settles) return { changed: true, order, event };
    return { changed: true, order, event, returnEvent: this.log.append({ type: 'return:decided', returnRequest: settles }, change.now) };
  }

  /** The order's open return request as `change` settles it, or null when it has none. */
  private openReturnOf(orderId: number, change: StatusChange): ReturnRequest | null {
    const open = this.hot.openReturn.get(orderId);
    return open ? approvedByChange(toReturnRequest(open), change) : null;
  }

  private itemsOf(orderIds: number[]): Map<number, OrderItem[]> {
    const byOrder = new Map<number, OrderItem[]>();
    if (orderIds.length === 0) return byOrder;
    const rows = this.db
      .select({ orderId: orderItems.orderId, ...itemColumns })
      .from(orderItems)
      .where(inArray(orderItems.orderId, orderIds))
      .orderBy(asc(orderItems.id))
      .all();
    for (const { orderId, ...item } of rows) {
      const list = byOrder.get(orderId) ?? [];
      list.push(item);
      byOrder.set(orderId, list);
    }
    return byOrder;
  }
}
