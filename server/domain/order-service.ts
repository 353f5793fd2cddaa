/**
 * Placing orders and moving them through the status flow. Every committed change is handed
 * to the event bus after its transaction, never before.
 */
import { requireBuyer, sellerIdOf } from './catalog-service.js';
import { DomainError, forbidden, invalid, notFound } from './errors.js';
import type { BuyerOrderSummary, OrderDetail, OrderHead, OrderStatusView, PaymentMethod, SellerOrderExportRow, ShippingAddress, User } from './model.js';
import { canBuyerCancel, canTransition, SHIPMENT_STATUS, STATUS_INFO, type OrderStatus } from './order-status.js';
import { newOrderNumber, planOrders } from './order-placement.js';
import { MAX_BULK_ORDERS } from './seller-orders.js';
import type {
  CartLineInput,
  Clock,
  EventBus,
  OrderRepository,
  PlacedOrder,
  SellerOrderCursor,
  SellerOrderFilter,
  SellerOrderQuery,
  StatusChange,
  StatusChangeResult,
} from './ports.js';

export interface PlaceOrderInput {
  paymentMethod: PaymentMethod;
  shippingAddress: ShippingAddress;
  items: CartLineInput[] | null;
  idempotency: { key: string; requestHash: string } | null;
}

export interface StatusUpdateInput {
  orderId: number;
  newStatus: OrderStatus;
  expectedVersion: number | null;
  carrier: string | null;
  trackingNumber: string | null;
  note: string | null;
}

export type StatusUpdateResult = StatusChangeResult;

/** One status change applied to several orders: every field of the single change but the order and its version. */
export interface BulkStatusUpdateInput extends Omit<StatusUpdateInput, 'orderId' | 'expectedVersion'> {
  /** 1 to MAX_BULK_ORDERS distinct ids, changed in this order. */
  orderIds: number[];
  /** The version the seller saw, by order id; an order not named here is changed at whatever version it is. */
  expectedVersions: ReadonlyMap<number, number>;
}

/** One order's outcome: the change, or what refused it (a DomainError, or an unexpected failure for the edge to log). */
export type BulkStatusOutcome = { orderId: number; ok: true; result: StatusUpdateResult } | { orderId: number; ok: false; error: unknown };

/** How many rows the export reads per page. */
const EXPORT_PAGE_SIZE = 500;

export class OrderService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly events: EventBus,
    private readonly clock: Clock = Date.now,
    private readonly orderNumber: () => string = newOrderNumber,
  ) {}

  async place(buyer: User, input: PlaceOrderInput): Promise<{ orders: PlacedOrder[]; replayed: boolean }> {
    requireBuyer(buyer);
    const now = this.clock();
    const outcome = await this.orders.place({
      buyerId: buyer.id,
      customerName: fullName(buyer),
      lines: input.items,
      paymentMethod: input.paymentMethod,
      shippingAddress: input.shippingAddress,
      idempotency: input.idempotency,
      now,
      plan: (lines) => planOrders(lines, this.orderNumber),
    });
    if (outcome.kind === 'placed') for (const event of outcome.events) this.events.publish(event);
    return { orders: outcome.orders, replayed: outcome.kind === 'replayed' };
  }

  /** The tracker's view of an order, for its buyer or its seller; anyone else gets not_found. */
  async status(viewer: User, orderId: number): Promise<OrderStatusView> {
    const view = await this.orders.findStatusView(orderId);
    if (!view || !mayView(viewer, view)) throw notFound('Order');
    return view;
  }

  /** The order's head only (status and version), with the same access rule: a cheap revalidation. */
  async head(viewer: User, orderId: number): Promise<OrderHead> {
    const head = await this.orders.findHead(orderId);
    if (!head || !mayView(viewer, head)) throw notFound('Order');
    return head;
  }

  async detail(viewer: User, orderNumber: string): Promise<OrderDetail> {
    const detail = await this.orders.findDetailByNumber(orderNumber);
    if (!detail || !mayView(viewer, detail)) throw notFound('Order');
    return detail;
  }

  async buyerOrders(buyer: User): Promise<BuyerOrderSummary[]> {
    requireBuyer(buyer);
    return this.orders.listByBuyer(buyer.id);
  }

  sellerOrders(seller: User, query: SellerOrderQuery) {
    return this.orders.listBySeller(sellerIdOf(seller), query);
  }

  /**
   * Every order of the seller that the filter selects, page by page (keyset), so that an
   * export of any size holds one page at a time. Who may export is checked now, before the
   * first page is asked for (and before anything has been sent).
   */
  exportSellerOrders(seller: User, filter: SellerOrderFilter, pageSize = EXPORT_PAGE_SIZE): AsyncIterable<SellerOrderExportRow[]> {
    return this.exportPages(sellerIdOf(seller), filter, pageSize);
  }

  private async *exportPages(sellerId: number, filter: SellerOrderFilter, pageSize: number): AsyncGenerator<SellerOrderExportRow[]> {
    let after: SellerOrderCursor | null = null;
    for (;;) {
      const rows = await this.orders.exportBySeller(sellerId, filter, after, pageSize);
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (rows.length < pageSize || !last) return;
      after = last;
    }
  }

  async cancelByBuyer(buyer: User, orderId: number): Promise<OrderHead> {
    const result = await this.change(orderId, (head) => {
      if (head.buyerId !== buyer.id) throw notFound('Order');
      return this.plan(buyer, head, {
        newStatus: 'cancelled',
        expectedVersion: null,
        carrier: null,
        trackingNumber: null,
        note: 'Cancelled by the buyer',
        allowed: (status) => canBuyerCancel(status),
      });
    });
    return result.order;
  }

  /** Steps 4–6 of the seller's validation chain (the HTTP layer did 1–3). */
  async updateBySeller(seller: User, input: StatusUpdateInput): Promise<StatusUpdateResult> {
    if (seller.role !== 'seller' || seller.sellerId === null) throw forbidden('Only sellers can update order status');
    return this.change(input.orderId, (head) => {
      if (head.sellerId !== seller.sellerId) throw forbidden('This order belongs to another seller');
      return this.plan(seller, head, { ...input, allowed: (status) => canTransition(status, input.newStatus) });
    });
  }

  /**
   * The same change for several orders, each exactly as updateBySeller makes it (its rules,
   * its own transaction, history row, version and event), one after the other in the given
   * order. One order's refusal or failure is its outcome and leaves the others as they go.
   */
  async bulkUpdateBySeller(seller: User, input: BulkStatusUpdateInput): Promise<BulkStatusOutcome[]> {
    if (seller.role !== 'seller' || seller.sellerId === null) throw forbidden('Only sellers can update order status');
    const { orderIds, expectedVersions, ...fields } = input;
    if (orderIds.length === 0 || orderIds.length > MAX_BULK_ORDERS) throw invalid(`Give 1 to ${MAX_BULK_ORDERS} order ids`);
    if (new Set(orderIds).size !== orderIds.length) throw invalid('Each order id may be given once');
    const outcomes: BulkStatusOutcome[] = [];
    for (const orderId of orderIds) {
      const expectedVersion = expectedVersions.get(orderId) ?? null;
      try {
        outcomes.push({ orderId, ok: true, result: await this.updateBySeller(seller, { ...fields, orderId, expectedVersion }) });
      } catch (error) {
        outcomes.push({ orderId, ok: false, error });
      }
    }
    return outcomes;
  }

  /** Applies the change `decide` makes of the order as it is, then announces it. */
  private async change(orderId: number, decide: (head: OrderHead) => StatusChange | null): Promise<StatusUpdateResult> {
    const result = await this.orders.changeStatus(orderId, decide);
    if (!result) throw notFound('Order');
    if (result.event) this.events.publish(result.event);
    return result;
  }

  /**
   * The rules of a move, on the order as the write transaction sees it: a stale
   * expected_version, an illegal move and a move to the current status are decided here.
   */
  private plan(
    actor: User,
    head: OrderHead,
    change: Omit<StatusUpdateInput, 'orderId'> & { allowed: (from: OrderStatus) => boolean },
  ): StatusChange | null {
    if (change.expectedVersion !== null && change.expectedVersion !== head.version) {
      throw new DomainError('version_conflict', 'The order was changed by someone else; reload it and try again', {
        current: { status: head.status, version: head.version },
      });
    }
    if (head.status === change.newStatus) return null;
    if (!change.allowed(head.status)) throw illegal(head.status, change.newStatus, actor.role === 'buyer');
    const shipmentStatus = SHIPMENT_STATUS[change.newStatus];
    return {
      orderId: head.orderId,
      fromStatus: head.status,
      fromVersion: head.version,
      toStatus: change.newStatus,
      actorUserId: actor.id,
      actorRole: actor.role,
      note: change.note,
      shipment:
        change.newStatus === 'shipped' || change.carrier || change.trackingNumber
          ? { carrier: change.carrier, trackingNumber: change.trackingNumber }
          : null,
      shipmentStatus: shipmentStatus === SHIPMENT_STATUS[head.status] ? null : shipmentStatus,
      restock: change.newStatus === 'cancelled',
      now: this.clock(),
    };
  }
}

function mayView(viewer: User, order: OrderHead): boolean {
  return order.buyerId === viewer.id || (viewer.sellerId !== null && order.sellerId === viewer.sellerId);
}

function illegal(from: OrderStatus, to: OrderStatus, byBuyer: boolean): DomainError {
  const fromLabel = STATUS_INFO[from].label;
  if (byBuyer) {
    return new DomainError('not_cancellable', `This order can no longer be cancelled (it is ${fromLabel.toLowerCase()})`);
  }
  return new DomainError('illegal_transition', `An order that is ${fromLabel.toLowerCase()} cannot become ${STATUS_INFO[to].label.toLowerCase()}`, {
    from,
    to,
  });
}

export const fullName = (u: Pick<User, 'firstName' | 'lastName'>) => `${u.firstName} ${u.lastName}`.trim();
