/**
 * Buyer returns: the buyer of a delivered order asks, within RETURN_WINDOW_DAYS of its
 * delivery, and the seller decides. Approving is the order's ordinary status change
 * delivered → returned (OrderService.returnBySeller), made in the same transaction as the
 * request's decision; declining leaves the order as it is. A seller who moves the order to
 * returned by a status change of its own (single or bulk) approves its open request with it,
 * in the same transaction (StatusChange.settlesOpenReturn): a returned order never keeps an
 * open request. Every committed change is handed to the event bus after its transaction.
 */
import { sellerIdOf } from './catalog-service.js';
import { DomainError, forbidden, notFound } from './errors.js';
import type { OrderStatusView, Page, User } from './model.js';
import type { OrderService } from './order-service.js';
import { STATUS_INFO } from './order-status.js';
import type { Clock, EventBus, OrderRepository, ReturnRequestRepository, StatusChange } from './ports.js';

export const RETURN_REASONS = ['damaged', 'wrong_item', 'not_as_described', 'no_longer_needed', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const RETURN_STATUSES = ['requested', 'approved', 'declined'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** How long after its delivery an order may be returned. */
export const RETURN_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
/** The longest message a buyer may give with a return request. */
export const MAX_RETURN_MESSAGE = 1000;

export interface ReturnRequest {
  id: number;
  orderId: number;
  orderNumber: string;
  buyerId: number;
  sellerId: number;
  status: ReturnStatus;
  reason: ReturnReason;
  /** The buyer's words. */
  message: string | null;
  createdAt: number;
  decidedAt: number | null;
  /** The seller's words to the buyer on the decision. */
  buyerMessage: string | null;
  /** Set on approval: whether the units went back into stock. */
  restock: boolean | null;
}

/** A row of the seller's list: the request and what the seller needs of its order. */
export interface SellerReturnRow extends ReturnRequest {
  customerName: string;
  totalAmount: number;
  orderStatus: OrderStatusView['status'];
}

export type ReturnCounts = Record<ReturnStatus, number>;

export interface SellerReturnQuery extends Page {
  status: ReturnStatus | null;
}

export interface NewReturnRequest {
  /** The order as the request was decided on: written only while it is still at this version. */
  orderId: number;
  orderNumber: string;
  orderVersion: number;
  buyerId: number;
  sellerId: number;
  reason: ReturnReason;
  message: string | null;
  now: number;
}

/** The record of a request just written with this id. */
export function requestedRecord(r: NewReturnRequest, id: number): ReturnRequest {
  return {
    id,
    orderId: r.orderId,
    orderNumber: r.orderNumber,
    buyerId: r.buyerId,
    sellerId: r.sellerId,
    status: 'requested',
    reason: r.reason,
    message: r.message,
    createdAt: r.now,
    decidedAt: null,
    buyerMessage: null,
    restock: null,
  };
}

/** The request as approved: the units go back into stock only when `restock` says so. */
export function approvedRecord(request: ReturnRequest, decision: { decidedAt: number; buyerMessage: string | null; restock: boolean }): ReturnRequest {
  return { ...request, status: 'approved', ...decision };
}

/**
 * The open request as a status change to `returned` settles it (StatusChange.settlesOpenReturn):
 * approved at the change's time, with the change's message to the buyer, restocked exactly
 * when the change itself restocks (a plain move to returned does not).
 */
export function approvedByChange(open: ReturnRequest, change: Pick<StatusChange, 'now' | 'buyerMessage' | 'restock'>): ReturnRequest {
  return approvedRecord(open, { decidedAt: change.now, buyerMessage: change.buyerMessage, restock: change.restock });
}

export const returnAlreadyRequested = () =>
  new DomainError('return_already_requested', 'A return has already been requested for this order and awaits the seller');
export const returnAlreadyDecided = () => new DomainError('return_already_decided', 'This return request has already been decided');

/** When the order became delivered: its latest delivered history row (the shipment's time for an order without one). */
export function deliveredAt(order: OrderStatusView): number | null {
  const row = order.history.findLast((entry) => entry.toStatus === 'delivered');
  return row?.createdAt ?? order.shipment.deliveredAt;
}

/** Refuses (return_not_allowed) a return of an order that is not delivered, or was delivered too long ago. */
export function checkReturnable(order: OrderStatusView, now: number): void {
  if (order.status !== 'delivered') {
    throw new DomainError('return_not_allowed', `Only a delivered order can be returned (this one is ${STATUS_INFO[order.status].label.toLowerCase()})`);
  }
  const since = deliveredAt(order);
  if (since !== null && now - since > RETURN_WINDOW_DAYS * DAY_MS) {
    throw new DomainError(
      'return_not_allowed',
      `Returns are possible for ${RETURN_WINDOW_DAYS} days after delivery; this order was delivered on ${new Date(since).toISOString().slice(0, 10)}`,
    );
  }
}

export class ReturnService {
  constructor(
    private readonly returns: ReturnRequestRepository,
    private readonly orders: OrderRepository,
    private readonly orderService: OrderService,
    private readonly events: EventBus,
    private readonly clock: Clock = Date.now,
  ) {}

  /** The order's buyer asks to return it; anyone else is told there is no such order. */
  async request(buyer: User, orderId: number, input: { reason: ReturnReason; message: string | null }): Promise<ReturnRequest> {
    for (;;) {
      const order = await this.orders.findStatusView(orderId);
      if (!order || order.buyerId !== buyer.id) throw notFound('Order');
      const now = this.clock();
      checkReturnable(order, now);
      const created = await this.returns.create({
        orderId: order.orderId,
        orderNumber: order.orderNumber,
        orderVersion: order.version,
        buyerId: order.buyerId,
        sellerId: order.sellerId,
        reason: input.reason,
        message: input.message,
        now,
      });
      // Null: the order changed since it was read; decided again on the order as it is now.
      if (!created) continue;
      this.events.publish(created.event);
      return created.request;
    }
  }

  async sellerRequests(seller: User, query: SellerReturnQuery) {
    return this.returns.listBySeller(sellerIdOf(seller), query);
  }

  /** The seller approves: the order becomes returned (units back in stock when `restock`). */
  async approve(seller: User, id: number, input: { restock: boolean; buyerMessage: string | null }) {
    const request = await this.decidable(seller, id);
    const decided = approvedRecord(request, { decidedAt: this.clock(), buyerMessage: input.buyerMessage, restock: input.restock });
    const result = await this.orderService.returnBySeller(seller, decided);
    return { returnRequest: decided, order: result.order };
  }

  /** The seller declines: the request is closed, the order left as it is. */
  async decline(seller: User, id: number, input: { buyerMessage: string }): Promise<ReturnRequest> {
    const request = await this.decidable(seller, id);
    const decided: ReturnRequest = { ...request, status: 'declined', decidedAt: this.clock(), buyerMessage: input.buyerMessage, restock: null };
    const event = await this.returns.decline(decided);
    if (!event) throw returnAlreadyDecided();
    this.events.publish(event);
    return decided;
  }

  /** Each order's latest request (orders the caller may already see). */
  latestFor(orderIds: number[]): Promise<Map<number, ReturnRequest>> {
    return this.returns.latestFor(orderIds);
  }

  private async decidable(seller: User, id: number): Promise<ReturnRequest> {
    const sellerId = sellerIdOf(seller);
    const request = await this.returns.find(id);
    if (!request) throw notFound('Return request');
    if (request.sellerId !== sellerId) throw forbidden('This return request belongs to another seller');
    if (request.status !== 'requested') throw returnAlreadyDecided();
    return request;
  }
}
