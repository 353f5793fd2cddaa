/**
 * The HTTP and socket bodies, as PRODUCT.md specifies them (snake_case), declared once as zod
 * schemas. The route declarations (server/http/declarations/) document responses with them,
 * so the OpenAPI document says exactly this; the types the presenters build, the web app
 * reads and the tests check are inferred from the same schemas.
 *
 * Response objects are strict: a field the code sends but this file does not name is drift,
 * and the contract tests catch it against the generated document.
 */
import { z } from 'zod';
import { ORDER_STATUSES } from '../domain/order-status.js';
import { PAYMENT_METHODS } from '../domain/model.js';
import { DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from '../domain/webhooks.js';
import { RETURN_REASONS, RETURN_STATUSES } from '../domain/returns.js';

const named = <T extends z.ZodType>(id: string, schema: T, description?: string): T =>
  schema.meta(description ? { id, description } : { id });

export const Role = z.enum(['buyer', 'seller', 'admin']);
export type Role = z.infer<typeof Role>;
export const Currency = z.literal('USD').describe('ISO 4217; every amount is an integer count of cents');
export type Currency = z.infer<typeof Currency>;
/** ISO-8601 timestamp string. */
export const Timestamp = z.iso.datetime();
export type Timestamp = z.infer<typeof Timestamp>;
const Id = z.number().int().min(1);
const Cents = z.number().int().min(0).describe('Integer cents');
export const OrderStatusName = z.enum(ORDER_STATUSES);

export const ApiError = named(
  'Error',
  z.strictObject({
    error: z.strictObject({
      code: z.string().describe('Stable, machine-readable reason, e.g. invalid_input, unauthorized, illegal_transition'),
      message: z.string().describe('A sentence for people'),
      details: z.unknown().optional().describe('For invalid_input: one {path, message} per problem'),
    }),
  }),
  'Every error: a code and a message',
);
export type ApiError = z.infer<typeof ApiError>;

export const UserBody = named(
  'User',
  z.strictObject({
    id: Id,
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    role: Role,
    created_at: Timestamp,
    seller_id: Id.optional().describe('Sellers only'),
    store_name: z.string().optional().describe('Sellers only'),
    email_notifications: z.boolean().optional().describe('Whether order e-mails are sent to this user (GET and PATCH /api/auth/me only)'),
  }),
);
export type UserBody = z.infer<typeof UserBody>;

export const ProductBody = named(
  'Product',
  z.strictObject({
    id: Id,
    name: z.string(),
    description: z.string(),
    price: Cents,
    currency: Currency,
    stock: z.number().int().min(0),
    sizes: z.array(z.string()),
    colors: z.array(z.string()),
    image_url: z.string().nullable(),
    seller_id: Id,
    store_name: z.string(),
    active: z.boolean(),
  }),
);
export type ProductBody = z.infer<typeof ProductBody>;

export const ProductListBody = z.strictObject({
  products: z.array(ProductBody),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  limit: z.number().int().min(1),
});
export type ProductListBody = z.infer<typeof ProductListBody>;

export const CartItemBody = named(
  'CartItem',
  z.strictObject({
    id: Id,
    product_id: Id,
    quantity: z.number().int().min(1),
    size: z.string().nullable(),
    color: z.string().nullable(),
    product: ProductBody,
  }),
);
export type CartItemBody = z.infer<typeof CartItemBody>;

export const CartBody = named(
  'Cart',
  z.strictObject({ items: z.array(CartItemBody), total_amount: Cents, currency: Currency }),
);
export type CartBody = z.infer<typeof CartBody>;

export const PaymentMethod = z.enum(PAYMENT_METHODS);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export const ShippingAddress = named(
  'ShippingAddress',
  z.strictObject({
    name: z.string(),
    line1: z.string(),
    line2: z.string().nullable().optional(),
    city: z.string(),
    postal_code: z.string(),
    country: z.string(),
  }),
);
export type ShippingAddress = z.infer<typeof ShippingAddress>;

export const PlaceOrderBody = named(
  'PlacedOrders',
  z.strictObject({
    success: z.literal(true),
    order_id: Id.describe('The first of `orders`'),
    order_number: z.string().describe('The first of `orders`'),
    checkout_number: z.string().describe('The checkout (CO-…) every order of this placement belongs to: GET /api/checkouts/{checkout_number}'),
    orders: z
      .array(z.strictObject({ order_id: Id, order_number: z.string(), seller_id: Id, total_amount: Cents }))
      .describe('One order per seller in the cart'),
  }),
);
export type PlaceOrderBody = z.infer<typeof PlaceOrderBody>;

const statusFields = {
  status: OrderStatusName,
  status_label: z.string(),
  status_emoji: z.string(),
  progress_step: z.number().int().min(0).max(5).describe('1–5 on the main track; 0 for cancelled and returned'),
};
export type StatusFields = z.infer<z.ZodObject<typeof statusFields>>;

/** Field groups several order bodies share. */
const orderRef = { order_id: Id, order_number: z.string() };
const version = z.number().int().min(1).describe('Bumped by every change; clients keep the highest they have seen');
const orderMoney = { total_amount: Cents, currency: Currency };
const orderTimes = { created_at: Timestamp, updated_at: Timestamp };

/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = z.iso.date();

export const DeliveryWindowBody = named(
  'DeliveryWindow',
  z.strictObject({ earliest: CalendarDate, latest: CalendarDate }),
  'Calendar dates, both included',
);
export type DeliveryWindowBody = z.infer<typeof DeliveryWindowBody>;

export const ShipmentBody = named(
  'Shipment',
  z.strictObject({
    carrier: z.string().nullable().describe("The carrier's name: one of GET /api/carriers, or the seller's free text"),
    carrier_code: z.string().nullable().describe('A code of GET /api/carriers; null for a carrier not in the list'),
    tracking_number: z.string().nullable(),
    tracking_url: z.string().nullable().describe("The carrier's tracking page for this parcel; null unless the carrier is in the list and the number known"),
    status: z.string(),
    shipped_at: Timestamp.nullable(),
    delivered_at: Timestamp.nullable(),
    estimated_delivery: DeliveryWindowBody.nullable().describe("Given by the seller when shipping, or the carrier's usual window in business days from the ship date"),
  }),
);
export type ShipmentBody = z.infer<typeof ShipmentBody>;

export const HistoryEntry = named(
  'HistoryEntry',
  z.strictObject({
    status: OrderStatusName,
    at: Timestamp,
    buyer_message: z.string().nullable().describe("What the seller said to the buyer with this change"),
    note: z.string().nullable().optional().describe("The seller's internal note: in the seller's view of the order detail only, never the buyer's"),
  }),
);
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const OrderStatusEvent = named(
  'OrderStatusEvent',
  z.strictObject({ ...orderRef, ...statusFields, version, updated_at: Timestamp }),
  'The `order:status` socket event; also the head of the order-status body',
);
export type OrderStatusEvent = z.infer<typeof OrderStatusEvent>;

export const OrderStatusBody = named(
  'OrderStatus',
  OrderStatusEvent.extend({ history: z.array(HistoryEntry), shipment: ShipmentBody }),
);
export type OrderStatusBody = z.infer<typeof OrderStatusBody>;

export const OrderItemBody = named(
  'OrderItem',
  z.strictObject({
    product_id: Id,
    product_name: z.string().describe('As it was when the order was placed'),
    quantity: z.number().int().min(1),
    unit_price: Cents.describe('Integer cents, as it was when the order was placed'),
    size: z.string().nullable(),
    color: z.string().nullable(),
  }),
);
export type OrderItemBody = z.infer<typeof OrderItemBody>;

export const SellerRef = z.strictObject({ seller_id: Id, store_name: z.string() });
export type SellerRef = z.infer<typeof SellerRef>;

export const ReturnRequestBody = named(
  'ReturnRequest',
  z.strictObject({
    id: Id,
    ...orderRef,
    status: z.enum(RETURN_STATUSES),
    reason: z.enum(RETURN_REASONS),
    message: z.string().nullable().describe("The buyer's words"),
    created_at: Timestamp,
    decided_at: Timestamp.nullable(),
    buyer_message: z.string().nullable().describe("The seller's words to the buyer on the decision"),
    restock: z.boolean().nullable().describe('Set on approval: whether the units went back into stock'),
  }),
  "A buyer's request to return a delivered order, and the seller's decision",
);
export type ReturnRequestBody = z.infer<typeof ReturnRequestBody>;

const latestReturn = ReturnRequestBody.nullable().describe("The order's latest return request, or null");

const checkoutRef = z.string().nullable().describe('The checkout (CO-…) the order was placed in; null for orders placed before checkouts were numbered');

export const BuyerOrderSummary = named(
  'BuyerOrderSummary',
  z.strictObject({
    ...orderRef,
    checkout_number: checkoutRef,
    ...statusFields,
    ...orderMoney,
    ...orderTimes,
    version,
    seller: SellerRef,
    items: z.array(OrderItemBody),
    return_request: latestReturn,
  }),
);
export type BuyerOrderSummary = z.infer<typeof BuyerOrderSummary>;

export const OrderDetailBody = named(
  'OrderDetail',
  z.strictObject({
    ...orderRef,
    checkout_number: checkoutRef,
    ...statusFields,
    version,
    ...orderTimes,
    ...orderMoney,
    payment_method: PaymentMethod,
    shipping_address: ShippingAddress,
    seller: SellerRef,
    customer_name: z.string(),
    items: z.array(OrderItemBody),
    history: z.array(HistoryEntry),
    shipment: ShipmentBody,
    next_statuses: z.array(OrderStatusName).describe("Legal next statuses (for the seller's update dialog)"),
    can_cancel: z.boolean().describe('Whether the buyer may cancel now'),
    return_request: latestReturn,
  }),
);
export type OrderDetailBody = z.infer<typeof OrderDetailBody>;

export const CheckoutBody = named(
  'Checkout',
  z.strictObject({
    checkout_number: z.string(),
    created_at: Timestamp,
    total_amount: Cents.describe('Every order of the checkout together'),
    currency: Currency,
    orders: z.array(OrderDetailBody).describe('One per seller of the cart, in the order they were placed'),
  }),
  'Every order one checkout made, as its buyer sees them',
);
export type CheckoutBody = z.infer<typeof CheckoutBody>;

export const SellerOrderRow = named(
  'SellerOrderRow',
  z.strictObject({
    ...orderRef,
    customer_name: z.string(),
    ...orderMoney,
    ...statusFields,
    version,
    ...orderTimes,
    item_count: z.number().int().min(0).describe("Units across the order's lines"),
  }),
);
export type SellerOrderRow = z.infer<typeof SellerOrderRow>;

const count = z.number().int().min(0);
export const StatusCounts = z.strictObject({
  all: count,
  pending: count,
  confirmed: count,
  processing: count,
  shipped: count,
  delivered: count,
  cancelled: count,
  returned: count,
});
export type StatusCounts = z.infer<typeof StatusCounts>;

export const SellerOrdersBody = z.strictObject({
  orders: z.array(SellerOrderRow),
  counts: StatusCounts.describe("Per status, over the seller's orders matching the search"),
  total: count.describe('Orders matching the filter and search'),
});
export type SellerOrdersBody = z.infer<typeof SellerOrdersBody>;

const changedFlag = z.boolean().describe('false when the order already had this status (nothing written, no event)');
const UpdatedOrder = z.strictObject({ order_id: Id, status: OrderStatusName, version, updated_at: Timestamp });

export const UpdateStatusBody = named('StatusUpdated', z.strictObject({ success: z.literal(true), changed: changedFlag, order: UpdatedOrder }));
export type UpdateStatusBody = z.infer<typeof UpdateStatusBody>;

export const BulkStatusResult = named(
  'BulkStatusResult',
  z.discriminatedUnion('ok', [
    z.strictObject({ order_id: Id, ok: z.literal(true), changed: changedFlag, order: UpdatedOrder }),
    z.strictObject({
      order_id: Id,
      ok: z.literal(false),
      error: z
        .strictObject({ code: z.string(), message: z.string() })
        .describe('What the single change would have answered: forbidden, not_found, illegal_transition, version_conflict, …'),
    }),
  ]),
  "One order's outcome: changed (or already in that status), or refused and left as it was",
);
export type BulkStatusResult = z.infer<typeof BulkStatusResult>;

export const BulkStatusBody = named(
  'BulkStatusResults',
  z.strictObject({ results: z.array(BulkStatusResult).describe("One per order id, in the request's order") }),
);
export type BulkStatusBody = z.infer<typeof BulkStatusBody>;

export const SellerReturnRow = named(
  'SellerReturnRequest',
  ReturnRequestBody.extend({ customer_name: z.string(), ...orderMoney, order_status: OrderStatusName }),
  "A return request in the seller's list, with what the seller needs of its order",
);
export type SellerReturnRow = z.infer<typeof SellerReturnRow>;

export const SellerReturnsBody = z.strictObject({
  return_requests: z.array(SellerReturnRow),
  counts: z.strictObject({ requested: count, approved: count, declined: count }).describe("Per status, over all the seller's requests"),
  total: count.describe('Requests matching the status filter'),
});
export type SellerReturnsBody = z.infer<typeof SellerReturnsBody>;

export const ReturnRequestCreatedBody = z.strictObject({ return_request: ReturnRequestBody });
export type ReturnRequestCreatedBody = z.infer<typeof ReturnRequestCreatedBody>;

export const ReturnApprovedBody = z.strictObject({ return_request: ReturnRequestBody, order: UpdatedOrder.describe('The order, now returned') });
export type ReturnApprovedBody = z.infer<typeof ReturnApprovedBody>;

export const CarriersBody = named(
  'Carriers',
  z.strictObject({ carriers: z.array(z.strictObject({ code: z.string(), name: z.string() })) }),
  'The carriers a seller can pick when shipping; any other is given as free text (`carrier`)',
);
export type CarriersBody = z.infer<typeof CarriersBody>;

export const HealthBody = named(
  'Health',
  z.strictObject({
    ok: z.boolean(),
    db: z.enum(['ok', 'down']),
    redis: z.enum(['ok', 'disabled', 'down']).describe('disabled: no REDIS_URL (single node); down: pushes to other nodes wait'),
  }),
);
export type HealthBody = z.infer<typeof HealthBody>;

export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);

export const WebhookBody = named(
  'Webhook',
  z.strictObject({
    id: Id,
    url: z.string(),
    events: z.array(WebhookEventType),
    description: z.string().nullable(),
    active: z.boolean(),
    created_at: Timestamp,
    disabled_reason: z.string().nullable().describe('Why the deliveries turned it off (410, or failing too long); null otherwise'),
    failing_since: Timestamp.nullable().describe('When its current run of failed attempts began; null while it answers'),
    secret: z
      .string()
      .optional()
      .describe('`whsec_` + base64 of 32 random bytes: in the answers to creating it and to rotating the secret only'),
  }),
  "A seller's webhook endpoint",
);
export type WebhookBody = z.infer<typeof WebhookBody>;

export const WebhookDeliveryBody = named(
  'WebhookDelivery',
  z.strictObject({
    id: Id,
    event_type: WebhookEventType,
    webhook_id_header: z.string().describe('The `webhook-id` header: the same on every attempt'),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int().min(0),
    last_status_code: z.number().int().nullable().describe('null: no attempt yet, or no HTTP answer'),
    last_error: z.string().nullable(),
    last_duration_ms: z.number().int().min(0).nullable(),
    next_attempt_at: Timestamp.nullable().describe('null once it succeeded or failed for good'),
    created_at: Timestamp,
  }),
  'One event for one endpoint, and how its attempts went',
);
export type WebhookDeliveryBody = z.infer<typeof WebhookDeliveryBody>;

/* ---- Socket.IO events ---- */

export const OrderCreatedEvent = named(
  'OrderCreatedEvent',
  z.strictObject({ ...orderRef, customer_name: z.string(), ...orderMoney, status: OrderStatusName, created_at: Timestamp }),
  "The `order:created` socket event, sent to the seller's room",
);
export type OrderCreatedEvent = z.infer<typeof OrderCreatedEvent>;

export const ReturnEventBody = named(
  'ReturnEvent',
  z.strictObject({ ...orderRef, return_request: ReturnRequestBody }),
  "The `return:requested` and `return:decided` socket events, sent to the order's buyer and seller rooms",
);
export type ReturnEventBody = z.infer<typeof ReturnEventBody>;

export type WatchAck = { ok: true; order: OrderStatusBody } | { ok: false; error: 'not_found' | 'bad_request' };

export interface ServerToClientEvents {
  'order:status': (event: OrderStatusEvent) => void;
  'order:created': (event: OrderCreatedEvent) => void;
  'return:requested': (event: ReturnEventBody) => void;
  'return:decided': (event: ReturnEventBody) => void;
}

export interface ClientToServerEvents {
  'order:watch': (payload: { order_id: number }, ack: (response: WatchAck) => void) => void;
  'order:unwatch': (payload: { order_id: number }) => void;
}
