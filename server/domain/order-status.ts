/**
 * The order status flow as data: one table of statuses and one of legal moves.
 * Imported by the server (state machine, API bodies) and by the web app (tracker, badges,
 * update modal), so the two can never disagree.
 */

export const ORDER_STATUSES = [
  'pending',
  'confirmed',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'returned',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface StatusInfo {
  readonly label: string;
  readonly emoji: string;
  /** 1–5 on the main track; 0 for the off-track final states. */
  readonly step: number;
  /** What the buyer's tracker says while the order is in this status. */
  readonly message: string;
}

export const STATUS_INFO: Readonly<Record<OrderStatus, StatusInfo>> = {
  pending: { label: 'Pending', emoji: '⏳', step: 1, message: '⏳ Waiting for the seller to confirm your order…' },
  confirmed: { label: 'Confirmed', emoji: '✔️', step: 2, message: '✔️ Seller confirmed your order!' },
  processing: { label: 'Processing', emoji: '🔄', step: 3, message: '🔄 Your order is being prepared…' },
  shipped: { label: 'Shipped', emoji: '📦', step: 4, message: '📦 Your order is on its way!' },
  delivered: { label: 'Delivered', emoji: '✅', step: 5, message: '✅ Your order has been delivered. Enjoy!' },
  cancelled: { label: 'Cancelled', emoji: '❌', step: 0, message: '❌ This order was cancelled.' },
  returned: { label: 'Returned', emoji: '↩️', step: 0, message: '↩️ This order was returned.' },
};

/** The five steps of the main track, in order. */
export const MAIN_TRACK: readonly OrderStatus[] = ['pending', 'confirmed', 'processing', 'shipped', 'delivered'];

/** Legal moves. cancelled and returned are final. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered', 'returned'],
  delivered: ['returned'],
  cancelled: [],
  returned: [],
};

/** The longest message a seller may send the buyer with a status change. */
export const MAX_BUYER_MESSAGE = 500;

/** Statuses in which the buyer may still cancel their own order. */
export const BUYER_CANCELLABLE: readonly OrderStatus[] = ['pending', 'confirmed'];

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: OrderStatus): readonly OrderStatus[] {
  return TRANSITIONS[from];
}

export function isFinal(status: OrderStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export function canBuyerCancel(status: OrderStatus): boolean {
  return BUYER_CANCELLABLE.includes(status);
}

export type ShipmentStatus = 'pending' | 'shipped' | 'delivered' | 'returned' | 'cancelled';

/** What the shipment record says while its order is in each status. */
export const SHIPMENT_STATUS: Readonly<Record<OrderStatus, ShipmentStatus>> = {
  pending: 'pending',
  confirmed: 'pending',
  processing: 'pending',
  shipped: 'shipped',
  delivered: 'delivered',
  cancelled: 'cancelled',
  returned: 'returned',
};
