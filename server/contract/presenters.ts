/** Domain records → the API's snake_case bodies. The only place that knows both spellings. */
import type * as Api from './api.js';
import type * as M from '../domain/model.js';
import { canBuyerCancel, nextStatuses, STATUS_INFO, type OrderStatus } from '../domain/order-status.js';
import { CURRENCY } from '../domain/money.js';
import type { WebhookDelivery, WebhookEndpoint } from '../domain/webhooks.js';
import { CARRIERS, trackingUrl } from '../domain/carriers.js';
import type { ReturnRequest, SellerReturnRow } from '../domain/returns.js';

export const iso = (ms: number): string => new Date(ms).toISOString();

/** A status with its label, emoji and progress step, as the API spells them. */
export function statusFields(status: OrderStatus): Api.StatusFields {
  const info = STATUS_INFO[status];
  return { status, status_label: info.label, status_emoji: info.emoji, progress_step: info.step };
}

export function presentUser(user: M.User): Api.UserBody {
  const body: Api.UserBody = {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    role: user.role,
    created_at: iso(user.createdAt),
  };
  if (user.sellerId !== null) body.seller_id = user.sellerId;
  if (user.storeName !== null) body.store_name = user.storeName;
  return body;
}

export function presentProduct(p: M.Product): Api.ProductBody {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    price: p.price,
    currency: CURRENCY,
    stock: p.stock,
    sizes: p.sizes,
    colors: p.colors,
    image_url: p.imageUrl,
    seller_id: p.sellerId,
    store_name: p.storeName,
    active: p.active,
  };
}

export function presentCart(lines: M.CartLine[]): Api.CartBody {
  let total = 0;
  const items = lines.map((line) => {
    total += line.product.price * line.quantity;
    return {
      id: line.id,
      product_id: line.productId,
      quantity: line.quantity,
      size: line.size,
      color: line.color,
      product: presentProduct(line.product),
    };
  });
  return { items, total_amount: total, currency: CURRENCY };
}

export function presentPlaced(orders: { orderId: number; orderNumber: string; checkoutNumber: string; sellerId: number; totalAmount: number }[]): Api.PlaceOrderBody {
  const first = orders[0];
  if (!first) throw new Error('an order placement always creates at least one order');
  return {
    success: true,
    order_id: first.orderId,
    order_number: first.orderNumber,
    checkout_number: first.checkoutNumber,
    orders: orders.map((o) => ({
      order_id: o.orderId,
      order_number: o.orderNumber,
      seller_id: o.sellerId,
      total_amount: o.totalAmount,
    })),
  };
}

const presentItem = (i: M.OrderItem): Api.OrderItemBody => ({
  product_id: i.productId,
  product_name: i.productName,
  quantity: i.quantity,
  unit_price: i.unitPrice,
  size: i.size,
  color: i.color,
});

const presentShipment = (s: M.Shipment): Api.ShipmentBody => ({
  carrier: s.carrier,
  carrier_code: s.carrierCode,
  tracking_number: s.trackingNumber,
  tracking_url: trackingUrl(s.carrierCode, s.trackingNumber),
  status: s.status,
  shipped_at: s.shippedAt === null ? null : iso(s.shippedAt),
  delivered_at: s.deliveredAt === null ? null : iso(s.deliveredAt),
  estimated_delivery: s.estimatedDelivery === null ? null : { earliest: s.estimatedDelivery.earliest, latest: s.estimatedDelivery.latest },
});

/**
 * Who reads an order's history: its buyer sees what the seller said to them; its seller
 * also sees the seller's internal notes.
 */
export type HistoryAudience = 'buyer' | 'seller';

const presentHistory = (h: M.HistoryEntry, audience: HistoryAudience): Api.HistoryEntry =>
  audience === 'seller'
    ? { status: h.toStatus, at: iso(h.createdAt), buyer_message: h.buyerMessage, note: h.note }
    : { status: h.toStatus, at: iso(h.createdAt), buyer_message: h.buyerMessage };

export const presentCarriers = (): Api.CarriersBody => ({ carriers: CARRIERS.map(({ code, name }) => ({ code, name })) });

/** An order's head as a status change answers it. */
export const presentUpdated = (order: M.OrderHead) => ({ order_id: order.orderId, status: order.status, version: order.version, updated_at: iso(order.updatedAt) });

export function presentStatusEvent(o: M.OrderHead): Api.OrderStatusEvent {
  return {
    order_id: o.orderId,
    order_number: o.orderNumber,
    ...statusFields(o.status),
    version: o.version,
    updated_at: iso(o.updatedAt),
  };
}

export function presentCreatedEvent(o: M.OrderHead, customerName: string): Api.OrderCreatedEvent {
  return {
    order_id: o.orderId,
    order_number: o.orderNumber,
    customer_name: customerName,
    total_amount: o.totalAmount,
    currency: CURRENCY,
    status: o.status,
    created_at: iso(o.createdAt),
  };
}

/**
 * The tracker's body: the same for the order's buyer and its seller (it is cached per version,
 * whoever asks), so its history is the buyer's.
 */
export function presentOrderStatus(o: M.OrderStatusView): Api.OrderStatusBody {
  return {
    ...presentStatusEvent(o),
    history: o.history.map((h) => presentHistory(h, 'buyer')),
    shipment: presentShipment(o.shipment),
  };
}

export function presentOrderDetail(o: M.OrderDetail, audience: HistoryAudience, returnRequest: ReturnRequest | null): Api.OrderDetailBody {
  return {
    order_id: o.orderId,
    order_number: o.orderNumber,
    checkout_number: o.checkoutNumber,
    ...statusFields(o.status),
    version: o.version,
    created_at: iso(o.createdAt),
    updated_at: iso(o.updatedAt),
    total_amount: o.totalAmount,
    currency: CURRENCY,
    payment_method: o.paymentMethod,
    shipping_address: {
      name: o.shippingAddress.name,
      line1: o.shippingAddress.line1,
      line2: o.shippingAddress.line2,
      city: o.shippingAddress.city,
      postal_code: o.shippingAddress.postalCode,
      country: o.shippingAddress.country,
    },
    seller: { seller_id: o.sellerId, store_name: o.storeName },
    customer_name: o.customerName,
    items: o.items.map(presentItem),
    history: o.history.map((h) => presentHistory(h, audience)),
    shipment: presentShipment(o.shipment),
    next_statuses: [...nextStatuses(o.status)],
    can_cancel: canBuyerCancel(o.status),
    return_request: returnRequest && presentReturnRequest(returnRequest),
  };
}

/** Each order's latest return request, by order id. */
export type LatestReturns = ReadonlyMap<number, ReturnRequest>;

/** A checkout for its buyer: each order as the buyer's GET /api/orders/{order_number} body has it. */
export function presentCheckout(c: M.Checkout, returns: LatestReturns): Api.CheckoutBody {
  return {
    checkout_number: c.checkoutNumber,
    created_at: iso(c.createdAt),
    total_amount: c.totalAmount,
    currency: CURRENCY,
    orders: c.orders.map((order) => presentOrderDetail(order, 'buyer', returns.get(order.orderId) ?? null)),
  };
}

export function presentBuyerOrder(o: M.BuyerOrderSummary, returnRequest: ReturnRequest | null): Api.BuyerOrderSummary {
  return {
    order_id: o.orderId,
    order_number: o.orderNumber,
    checkout_number: o.checkoutNumber,
    ...statusFields(o.status),
    total_amount: o.totalAmount,
    currency: CURRENCY,
    created_at: iso(o.createdAt),
    updated_at: iso(o.updatedAt),
    version: o.version,
    seller: { seller_id: o.sellerId, store_name: o.storeName },
    items: o.items.map(presentItem),
    return_request: returnRequest && presentReturnRequest(returnRequest),
  };
}

export function presentReturnRequest(r: ReturnRequest): Api.ReturnRequestBody {
  return {
    id: r.id,
    order_id: r.orderId,
    order_number: r.orderNumber,
    status: r.status,
    reason: r.reason,
    message: r.message,
    created_at: iso(r.createdAt),
    decided_at: r.decidedAt === null ? null : iso(r.decidedAt),
    buyer_message: r.buyerMessage,
    restock: r.restock,
  };
}

export function presentSellerReturn(r: SellerReturnRow): Api.SellerReturnRow {
  return {
    ...presentReturnRequest(r),
    customer_name: r.customerName,
    total_amount: r.totalAmount,
    currency: CURRENCY,
    order_status: r.orderStatus,
  };
}

/** The `return:requested` / `return:decided` socket event. */
export function presentReturnEvent(r: ReturnRequest): Api.ReturnEventBody {
  return { order_id: r.orderId, order_number: r.orderNumber, return_request: presentReturnRequest(r) };
}

export function presentSellerRow(o: M.SellerOrderRow): Api.SellerOrderRow {
  return {
    order_id: o.orderId,
    order_number: o.orderNumber,
    customer_name: o.customerName,
    total_amount: o.totalAmount,
    currency: CURRENCY,
    ...statusFields(o.status),
    version: o.version,
    created_at: iso(o.createdAt),
    updated_at: iso(o.updatedAt),
    item_count: o.itemCount,
  };
}

/** An endpoint; its secret only when asked (the answers to creating it and to a rotation). */
export function presentWebhook(e: WebhookEndpoint, { withSecret = false } = {}): Api.WebhookBody {
  const body: Api.WebhookBody = {
    id: e.id,
    url: e.url,
    events: e.events,
    description: e.description,
    active: e.active,
    created_at: iso(e.createdAt),
    disabled_reason: e.disabledReason,
    failing_since: e.failingSince === null ? null : iso(e.failingSince),
  };
  if (withSecret) body.secret = e.secret;
  return body;
}

export function presentDelivery(d: WebhookDelivery): Api.WebhookDeliveryBody {
  return {
    id: d.id,
    event_type: d.eventType,
    webhook_id_header: d.webhookIdHeader,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    last_duration_ms: d.lastDurationMs,
    next_attempt_at: d.nextAttemptAt === null ? null : iso(d.nextAttemptAt),
    created_at: iso(d.createdAt),
  };
}
