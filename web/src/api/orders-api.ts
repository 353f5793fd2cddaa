import type {
  BuyerOrderSummary,
  CheckoutBody,
  OrderDetailBody,
  OrderStatusBody,
  PaymentMethod,
  PlaceOrderBody,
  ShippingAddress,
} from '../../../server/contract/api.js';
import { apiRequest } from './api-client.js';

export interface PlaceOrderInput {
  payment_method: PaymentMethod;
  shipping_address: ShippingAddress;
}

export function placeOrder(input: PlaceOrderInput, idempotencyKey: string): Promise<PlaceOrderBody> {
  return apiRequest<PlaceOrderBody>('/api/place-order', {
    method: 'POST',
    body: input,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export async function fetchOrder(orderNumber: string): Promise<OrderDetailBody> {
  const { order } = await apiRequest<{ order: OrderDetailBody }>(`/api/orders/${encodeURIComponent(orderNumber)}`, {
    cache: 'no-store',
  });
  return order;
}

/** Revalidates with the server's ETag, so an unchanged order costs a 304. */
export function fetchOrderStatus(orderId: number): Promise<OrderStatusBody> {
  return apiRequest<OrderStatusBody>(`/api/order-status/${orderId}`, { cache: 'no-cache' });
}

export async function fetchCheckout(checkoutNumber: string): Promise<CheckoutBody> {
  const { checkout } = await apiRequest<{ checkout: CheckoutBody }>(`/api/checkouts/${encodeURIComponent(checkoutNumber)}`, { cache: 'no-store' });
  return checkout;
}

export async function fetchMyOrders(): Promise<BuyerOrderSummary[]> {
  const { orders } = await apiRequest<{ orders: BuyerOrderSummary[] }>('/api/user-orders-detailed', {
    cache: 'no-store',
  });
  return orders;
}

export async function cancelOrder(orderId: number): Promise<void> {
  await apiRequest<unknown>(`/api/orders/${orderId}/cancel`, { method: 'POST' });
}
