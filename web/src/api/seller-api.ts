import type { SellerOrdersBody, UpdateStatusBody } from '../../../server/contract/api.js';
import type { OrderStatus } from '../../../server/domain/order-status.js';
import { apiRequest } from './api-client.js';

export interface SellerOrdersQuery {
  status: OrderStatus | 'all';
  q: string;
  page: number;
  limit: number;
}

export function fetchSellerOrders(query: SellerOrdersQuery): Promise<SellerOrdersBody> {
  const params = new URLSearchParams({ page: String(query.page), limit: String(query.limit) });
  if (query.status !== 'all') params.set('status', query.status);
  if (query.q) params.set('q', query.q);
  return apiRequest<SellerOrdersBody>(`/api/seller/orders?${params}`, { cache: 'no-store' });
}

export interface UpdateStatusInput {
  order_id: number;
  new_status: OrderStatus;
  expected_version: number;
  carrier?: string;
  tracking_number?: string;
  note?: string;
}

export function updateOrderStatus(input: UpdateStatusInput): Promise<UpdateStatusBody> {
  return apiRequest<UpdateStatusBody>('/seller/update-order-status', { method: 'POST', body: input });
}
