/** The domain's records. Timestamps are epoch milliseconds; money is integer cents. */
import type { DeliveryWindow } from './carriers.js';
import type { OrderStatus } from './order-status.js';

export type Role = 'buyer' | 'seller' | 'admin';
export const PAYMENT_METHODS = ['card', 'paypal', 'bank_transfer', 'cash_on_delivery'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface User {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  createdAt: number;
  /** Set for sellers. */
  sellerId: number | null;
  storeName: string | null;
}

export interface UserWithSecret extends User {
  passwordHash: string;
}

export interface Session {
  id: string;
  userId: number;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

/** A session is active until its absolute expiry, and while it was last seen within the idle limit. */
export function isSessionActive(session: Pick<Session, 'expiresAt' | 'lastSeenAt'>, now: number, idleMs: number): boolean {
  return session.expiresAt > now && session.lastSeenAt > now - idleMs;
}

export interface Product {
  id: number;
  sellerId: number;
  storeName: string;
  name: string;
  description: string;
  price: number;
  stock: number;
  sizes: string[];
  colors: string[];
  imageUrl: string | null;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface CartLine {
  id: number;
  productId: number;
  quantity: number;
  size: string | null;
  color: string | null;
  product: Product;
}

export interface ShippingAddress {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
}

export interface OrderItem {
  productId: number;
  productName: string;
  quantity: number;
  unitPrice: number;
  size: string | null;
  color: string | null;
}

export interface Shipment {
  /** The carrier's name: one of the built-in list's, or the seller's free text. */
  carrier: string | null;
  /** Set when the carrier is one of the built-in list (server/domain/carriers.ts). */
  carrierCode: string | null;
  trackingNumber: string | null;
  status: string;
  shippedAt: number | null;
  deliveredAt: number | null;
  /** Given by the seller when shipping, or the carrier's default window from the ship date. */
  estimatedDelivery: DeliveryWindow | null;
}

/** The shipment of an order that has not shipped. */
export const NO_SHIPMENT: Shipment = {
  carrier: null,
  carrierCode: null,
  trackingNumber: null,
  status: 'pending',
  shippedAt: null,
  deliveredAt: null,
  estimatedDelivery: null,
};

export interface HistoryEntry {
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  /** Internal: the seller's own note, never shown to the buyer. */
  note: string | null;
  /** What the seller said to the buyer with this change. */
  buyerMessage: string | null;
  createdAt: number;
}

/** The fields every view of an order has. */
export interface OrderHead {
  orderId: number;
  orderNumber: string;
  buyerId: number;
  sellerId: number;
  status: OrderStatus;
  version: number;
  totalAmount: number;
  createdAt: number;
  updatedAt: number;
}

/** What the tracker needs: the head, its timeline and its shipment. */
export interface OrderStatusView extends OrderHead {
  history: HistoryEntry[];
  shipment: Shipment;
}

export interface OrderDetail extends OrderStatusView {
  /** Null for orders placed before checkouts were numbered. */
  checkoutNumber: string | null;
  storeName: string;
  customerName: string;
  paymentMethod: PaymentMethod;
  shippingAddress: ShippingAddress;
  items: OrderItem[];
}

/** The orders one placement made (one per seller of the cart), as their buyer sees them. */
export interface Checkout {
  checkoutNumber: string;
  createdAt: number;
  totalAmount: number;
  orders: OrderDetail[];
}

export interface BuyerOrderSummary extends OrderHead {
  checkoutNumber: string | null;
  storeName: string;
  items: OrderItem[];
}

export interface SellerOrderRow extends OrderHead {
  customerName: string;
  /** Units across the order's lines. */
  itemCount: number;
}

/** A row of the seller's export: the list's row and the shipment's carrier and tracking number. */
export interface SellerOrderExportRow extends SellerOrderRow {
  carrier: string | null;
  trackingNumber: string | null;
}

/** How the seller's orders are ordered; ties are broken by order id in the same direction. */
export interface SellerOrderSort {
  by: 'createdAt' | 'totalAmount';
  descending: boolean;
}

export interface Page {
  page: number;
  limit: number;
}

export type StatusCounts = Record<'all' | OrderStatus, number>;
