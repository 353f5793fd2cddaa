/**
 * Shapes of the HTTP and socket bodies, as PRODUCT.md specifies them (snake_case).
 * Types only: the server builds these bodies, the web app and tests read them.
 */
import type { OrderStatus } from '../domain/order-status.js';

export type Role = 'buyer' | 'seller' | 'admin';
export type Currency = 'USD';
/** ISO-8601 timestamp string. */
export type Timestamp = string;

export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

export interface UserBody {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: Role;
  created_at: Timestamp;
  seller_id?: number;
  store_name?: string;
}

export interface ProductBody {
  id: number;
  name: string;
  description: string;
  price: number;
  currency: Currency;
  stock: number;
  sizes: string[];
  colors: string[];
  image_url: string | null;
  seller_id: number;
  store_name: string;
  active: boolean;
}

export interface ProductListBody {
  products: ProductBody[];
  total: number;
}

export interface CartItemBody {
  id: number;
  product_id: number;
  quantity: number;
  size: string | null;
  color: string | null;
  product: ProductBody;
}

export interface CartBody {
  items: CartItemBody[];
  total_amount: number;
  currency: Currency;
}

export type PaymentMethod = 'card' | 'paypal' | 'bank_transfer' | 'cash_on_delivery';

export interface ShippingAddress {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  postal_code: string;
  country: string;
}

export interface PlaceOrderBody {
  success: true;
  order_id: number;
  order_number: string;
  orders: { order_id: number; order_number: string; seller_id: number; total_amount: number }[];
}

export interface StatusFields {
  status: OrderStatus;
  status_label: string;
  status_emoji: string;
  progress_step: number;
}

export interface ShipmentBody {
  carrier: string | null;
  tracking_number: string | null;
  status: string;
}

export interface HistoryEntry {
  status: OrderStatus;
  at: Timestamp;
  note?: string | null;
}

export interface OrderStatusBody extends StatusFields {
  order_id: number;
  order_number: string;
  version: number;
  updated_at: Timestamp;
  history: HistoryEntry[];
  shipment: ShipmentBody;
}

export interface OrderItemBody {
  product_id: number;
  product_name: string;
  quantity: number;
  unit_price: number;
  size: string | null;
  color: string | null;
}

export interface SellerRef {
  seller_id: number;
  store_name: string;
}

export interface BuyerOrderSummary extends StatusFields {
  order_id: number;
  order_number: string;
  total_amount: number;
  currency: Currency;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
  seller: SellerRef;
  items: OrderItemBody[];
}

export interface OrderDetailBody extends StatusFields {
  order_id: number;
  order_number: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  total_amount: number;
  currency: Currency;
  payment_method: PaymentMethod;
  shipping_address: ShippingAddress;
  seller: SellerRef;
  customer_name: string;
  items: OrderItemBody[];
  history: HistoryEntry[];
  shipment: ShipmentBody;
  /** Legal next statuses (for the seller's update modal). */
  next_statuses: OrderStatus[];
  /** Whether the buyer may cancel now. */
  can_cancel: boolean;
}

export interface SellerOrderRow extends StatusFields {
  order_id: number;
  order_number: string;
  customer_name: string;
  total_amount: number;
  currency: Currency;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type StatusCounts = Record<'all' | OrderStatus, number>;

export interface SellerOrdersBody {
  orders: SellerOrderRow[];
  counts: StatusCounts;
  total: number;
}

export interface UpdateStatusBody {
  success: true;
  changed: boolean;
  order: { order_id: number; status: OrderStatus; version: number; updated_at: Timestamp };
}

export interface HealthBody {
  ok: boolean;
  db: 'ok' | 'down';
  redis: 'ok' | 'disabled' | 'down';
}

/* ---- Socket.IO events ---- */

export interface OrderStatusEvent extends StatusFields {
  order_id: number;
  order_number: string;
  version: number;
  updated_at: Timestamp;
}

export interface OrderCreatedEvent {
  order_id: number;
  order_number: string;
  customer_name: string;
  total_amount: number;
  currency: Currency;
  status: OrderStatus;
  created_at: Timestamp;
}

export type WatchAck = { ok: true; order: OrderStatusBody } | { ok: false; error: 'not_found' | 'bad_request' };

export interface ServerToClientEvents {
  'order:status': (event: OrderStatusEvent) => void;
  'order:created': (event: OrderCreatedEvent) => void;
}

export interface ClientToServerEvents {
  'order:watch': (payload: { order_id: number }, ack: (response: WatchAck) => void) => void;
  'order:unwatch': (payload: { order_id: number }) => void;
}
