/** Bodies the web tests build orders from. */
import type { OrderDetailBody, ReturnRequestBody, ShipmentBody } from '../../../server/contract/api.js';
import { statusFields } from '../../../server/contract/presenters.js';

/** An order's shipment before anything has shipped. */
export const UNSHIPPED: ShipmentBody = {
  carrier: null,
  carrier_code: null,
  tracking_number: null,
  tracking_url: null,
  status: 'pending',
  shipped_at: null,
  delivered_at: null,
  estimated_delivery: null,
};

/** A pending order of one line as GET /api/orders/:order_number has it, with what a test changes. */
export function orderDetail(overrides: Partial<OrderDetailBody> = {}): OrderDetailBody {
  return {
    order_id: 5,
    order_number: 'OP-5',
    checkout_number: 'CO-5',
    ...statusFields('pending'),
    version: 1,
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
    total_amount: 4800,
    currency: 'USD',
    payment_method: 'card',
    shipping_address: { name: 'Ada L', line1: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' },
    seller: { seller_id: 2, store_name: 'Urban Threads' },
    customer_name: 'Ada L',
    items: [{ product_id: 9, product_name: 'Tee', quantity: 2, unit_price: 2400, size: 'M', color: null }],
    history: [{ status: 'pending', at: '2026-01-01T10:00:00Z', buyer_message: null }],
    shipment: UNSHIPPED,
    next_statuses: ['confirmed', 'cancelled'],
    can_cancel: true,
    return_request: null,
    ...overrides,
  };
}

/** A return request as the server answers it: open, for order 5, with what a test changes. */
export function returnRequestBody(overrides: Partial<ReturnRequestBody> = {}): ReturnRequestBody {
  return {
    id: 11,
    order_id: 5,
    order_number: 'OP-5',
    status: 'requested',
    reason: 'damaged',
    message: 'The box was crushed.',
    created_at: '2026-01-06T09:00:00Z',
    decided_at: null,
    buyer_message: null,
    restock: null,
    ...overrides,
  };
}

/** Order 5 delivered at `deliveredAt`, with its latest return request (none by default). */
export function deliveredOrder(deliveredAt: string, returnRequest: ReturnRequestBody | null = null): OrderDetailBody {
  return {
    ...orderDetail({
      ...statusFields('delivered'),
      version: 5,
      updated_at: deliveredAt,
      history: [
        { status: 'pending', at: '2026-01-01T10:00:00Z', buyer_message: null },
        { status: 'confirmed', at: '2026-01-01T11:00:00Z', buyer_message: null },
        { status: 'processing', at: '2026-01-02T09:00:00Z', buyer_message: null },
        { status: 'shipped', at: '2026-01-02T15:00:00Z', buyer_message: null },
        { status: 'delivered', at: deliveredAt, buyer_message: null },
      ],
      shipment: { ...UNSHIPPED, status: 'delivered', shipped_at: '2026-01-02T15:00:00Z', delivered_at: deliveredAt },
      next_statuses: ['returned'],
      can_cancel: false,
    }),
    return_request: returnRequest,
  };
}
