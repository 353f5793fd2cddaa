/**
 * Placing orders and moving them through the status flow. Every committed change is handed
 * to the event bus after its transaction, never before.
 */
import { defaultDeliveryWindow, findCarrier, isIsoDate, type DeliveryWindow } from './carriers.js';
import { requireBuyer, sellerIdOf } from './catalog-service.js';
import { DomainError, forbidden, invalid, notFound } from './errors.js';
import type { BuyerOrderSummary, Checkout, OrderDetail, OrderHead, OrderStatusView, PaymentMethod, SellerOrderExportRow, ShippingAddress, User } from './model.js';
import { canBuyerCancel, canTransition, MAX_BUYER_MESSAGE, SHIPMENT_STATUS, STATUS_INFO, type OrderStatus } from './order-status.js';
import { newCheckoutNumber, newOrderNumber, planOrders } from './order-placement.js';
import { returnAlreadyDecided, type ReturnRequest } from './returns.js';
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

/**
 * One status change as a seller asks for it: the single change and each order of a bulk change
 * are this command.
 */
export interface StatusUpdateInput {
  orderId: number;
  newStatus: OrderStatus;
  expectedVersion: number | null;
  /** A carrier of the built-in list (server/domain/carriers.ts); or else `carrier`, never both. */
  carrierCode: string | null;
  /** A carrier not in the list, as free text: no tracking link, no default delivery window. */
  carrier: string | null;
  trackingNumber: string | null;
  /** Only when shipping; without it the carrier's default window from the ship date applies. */
  estimatedDelivery: DeliveryWindow | null;
  /** Internal to the seller: never shown to the buyer. */
  note: string | null;
  /** Shown to the buyer on the order's timeline. */
  buyerMessage: string | null;
}

/** How far from the ship date an estimated delivery may lie: a window outside is a typo. */
const ESTIMATE_SLACK_BEFORE_DAYS = 1;
const ESTIMATE_MAX_AHEAD_DAYS = 365;

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
    private readonly checkoutNumber: () => string = newCheckoutNumber,
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
      checkoutNumber: this.checkoutNumber(),
      now,
      plan: (lines) => planOrders(lines, this.orderNumber),
    });
    if (outcome.kind === 'placed') for (const event of outcome.events) this.events.publish(event);
    return { orders: outcome.orders, replayed: outcome.kind === 'replayed' };
  }

  /** The tracker's view of an order, for its buyer or its seller; anyone else gets not_found. */
  async status(viewer: User, orderId: number): Promise<OrderStatusView> {
    const view = await this.orders.findStatusViewToShow(orderId);
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

  /** Every order of one checkout, for the buyer who placed it; anyone else gets not_found. */
  async checkout(viewer: User, checkoutNumber: string): Promise<Checkout> {
    const orders = await this.orders.findCheckout(checkoutNumber);
    const first = orders[0];
    if (!first || orders.some((order) => order.buyerId !== viewer.id)) throw notFound('Checkout');
    return {
      checkoutNumber,
      createdAt: Math.min(...orders.map((order) => order.createdAt)),
      totalAmount: orders.reduce((sum, order) => sum + order.totalAmount, 0),
      orders,
    };
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
        carrierCode: null,
        carrier: null,
        trackingNumber: null,
        estimatedDelivery: null,
        note: 'Cancelled by the buyer',
        buyerMessage: null,
        allowed: (status) => canBuyerCancel(status),
      });
    });
    return result.order;
  }

  /** Steps 4–6 of the seller's validation chain (the HTTP layer did 1–3). */
  async updateBySeller(seller: User, input: StatusUpdateInput): Promise<StatusUpdateResult> {
    checkShippingDetails(input, this.clock());
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

  /**
   * An approved return: the seller's status change delivered → returned, with the seller's
   * message to the buyer on its history row, settling the request in the same transaction.
   * The units go back into stock only when the approval says so.
   */
  async returnBySeller(seller: User, approved: ReturnRequest): Promise<StatusUpdateResult> {
    if (seller.role !== 'seller' || seller.sellerId === null) throw forbidden('Only sellers decide return requests');
    return this.change(approved.orderId, (head) => {
      if (head.sellerId !== seller.sellerId) throw forbidden('This order belongs to another seller');
      const change = this.plan(seller, head, {
        newStatus: 'returned',
        expectedVersion: null,
        carrierCode: null,
        carrier: null,
        trackingNumber: null,
        estimatedDelivery: null,
        note: 'Return approved',
        buyerMessage: approved.buyerMessage,
        allowed: (status) => status === 'delivered' && canTransition(status, 'returned'),
      });
      // Already returned: by a status change of the seller's own since the request was read,
      // which settled the request with it (settlesOpenReturn).
      if (!change) throw returnAlreadyDecided();
      return { ...change, restock: approved.restock === true, settlesReturn: approved };
    });
  }

  /** Applies the change `decide` makes of the order as it is, then announces it. */
  private async change(orderId: number, decide: (head: OrderHead) => StatusChange | null): Promise<StatusUpdateResult> {
    const result = await this.orders.changeStatus(orderId, decide);
    if (!result) throw notFound('Order');
    if (result.event) this.events.publish(result.event);
    if (result.returnEvent) this.events.publish(result.returnEvent);
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
    const now = this.clock();
    const shipping = change.newStatus === 'shipped';
    const carrier = change.carrierCode === null ? change.carrier : (findCarrier(change.carrierCode)?.name ?? null);
    return {
      orderId: head.orderId,
      fromStatus: head.status,
      fromVersion: head.version,
      toStatus: change.newStatus,
      actorUserId: actor.id,
      actorRole: actor.role,
      note: change.note,
      buyerMessage: change.buyerMessage,
      shipment:
        shipping || carrier || change.trackingNumber
          ? { carrier, carrierCode: carrier === null ? null : change.carrierCode, trackingNumber: change.trackingNumber }
          : null,
      estimatedDelivery: shipping ? (change.estimatedDelivery ?? defaultDeliveryWindow(change.carrierCode, now)) : null,
      shipmentStatus: shipmentStatus === SHIPMENT_STATUS[head.status] ? null : shipmentStatus,
      restock: change.newStatus === 'cancelled',
      settlesReturn: null,
      // Returning the order is the return: its open request is approved with it, never left
      // open on a returned order. (Cancelling meets no open request: only a delivered order
      // has one, and a delivered order cannot be cancelled.)
      settlesOpenReturn: change.newStatus === 'returned',
      now,
    };
  }
}

/**
 * The rules of a change's shipping details that need no order to decide (the HTTP layer's
 * schema says the same; this holds them for every caller). Each problem is one `{path, message}`.
 */
export function checkShippingDetails(input: StatusUpdateInput, now: number): void {
  const problems: { path: string; message: string }[] = [];
  if (input.carrierCode !== null && input.carrier !== null) problems.push({ path: 'carrier', message: 'Give carrier_code or carrier, not both' });
  if (input.carrierCode !== null && !findCarrier(input.carrierCode)) problems.push({ path: 'carrier_code', message: 'Not a carrier of the list' });
  if (input.buyerMessage !== null && input.buyerMessage.length > MAX_BUYER_MESSAGE) {
    problems.push({ path: 'buyer_message', message: `At most ${MAX_BUYER_MESSAGE} characters` });
  }
  const window = input.estimatedDelivery;
  if (window !== null) {
    if (input.newStatus !== 'shipped') problems.push({ path: 'estimated_delivery', message: 'Only when shipping' });
    else problems.push(...windowProblems(window, now));
  }
  const first = problems[0];
  if (first) throw invalid(`The request is not valid: ${first.path} — ${first.message}`, problems);
}

function windowProblems(window: DeliveryWindow, now: number): { path: string; message: string }[] {
  if (!isIsoDate(window.earliest) || !isIsoDate(window.latest)) {
    return [{ path: 'estimated_delivery', message: 'Dates are written YYYY-MM-DD' }];
  }
  if (window.earliest > window.latest) return [{ path: 'estimated_delivery', message: 'earliest must not be after latest' }];
  const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
  if (window.earliest < day(-ESTIMATE_SLACK_BEFORE_DAYS)) {
    return [{ path: 'estimated_delivery.earliest', message: 'Must not be before the ship date' }];
  }
  if (window.latest > day(ESTIMATE_MAX_AHEAD_DAYS)) {
    return [{ path: 'estimated_delivery.latest', message: `At most ${ESTIMATE_MAX_AHEAD_DAYS} days after the ship date` }];
  }
  return [];
}

/** Which side of the order the viewer is on (one who may view it: its buyer or its seller). */
export function sideOf(viewer: User, order: OrderHead): 'buyer' | 'seller' {
  return viewer.sellerId !== null && order.sellerId === viewer.sellerId ? 'seller' : 'buyer';
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
