import type { BulkStatusBody, DeliveryWindowBody, SellerOrdersBody, UpdateStatusBody } from '../../../server/contract/api.js';
import type { OrderStatus } from '../../../server/domain/order-status.js';
import { DEFAULT_SELLER_ORDER_SORT, type SellerOrderSortName } from '../../../server/domain/seller-orders.js';
import { apiRequest } from './api-client.js';

/** What the list and the CSV export select: dates are the seller's own calendar days (YYYY-MM-DD, '' for open). */
export interface SellerOrdersFilter {
  status: OrderStatus | 'all';
  q: string;
  sort: SellerOrderSortName;
  from: string;
  to: string;
}

export interface SellerOrdersQuery extends SellerOrdersFilter {
  page: number;
  limit: number;
}

/**
 * A calendar day in the browser's time zone as the instant it starts (or, for the end of a
 * range, the last millisecond it holds): the server takes ISO date-times as instants.
 */
export function dayBound(day: string, edge: 'start' | 'end'): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const at = new Date(`${day}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

function filterParams(filter: SellerOrdersFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status !== 'all') params.set('status', filter.status);
  if (filter.q) params.set('q', filter.q);
  if (filter.sort !== DEFAULT_SELLER_ORDER_SORT) params.set('sort', filter.sort);
  const from = dayBound(filter.from, 'start');
  const to = dayBound(filter.to, 'end');
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  return params;
}

export function fetchSellerOrders(query: SellerOrdersQuery): Promise<SellerOrdersBody> {
  const params = filterParams(query);
  params.set('page', String(query.page));
  params.set('limit', String(query.limit));
  return apiRequest<SellerOrdersBody>(`/api/seller/orders?${params}`, { cache: 'no-store' });
}

/** How many orders were placed at or after an instant (and the ids of the newest of them). */
export async function countOrdersPlacedSince(since: string): Promise<{ ids: number[]; total: number }> {
  const params = new URLSearchParams({ from: since, page: '1', limit: '100' });
  const body = await apiRequest<SellerOrdersBody>(`/api/seller/orders?${params}`, { cache: 'no-store' });
  return { ids: body.orders.map((order) => order.order_id), total: body.total };
}

/** The CSV export of what the filter selects (every page), as a same-origin download link. */
export function sellerOrdersCsvHref(filter: SellerOrdersFilter): string {
  const params = filterParams(filter).toString();
  return `/api/seller/orders.csv${params ? `?${params}` : ''}`;
}

export interface UpdateStatusInput {
  order_id: number;
  new_status: OrderStatus;
  expected_version: number;
  /** A code of GET /api/carriers; or else `carrier`, free text, never both. */
  carrier_code?: string;
  carrier?: string;
  tracking_number?: string;
  /** Only when shipping. */
  estimated_delivery?: DeliveryWindowBody;
  /** Internal to the seller. */
  note?: string;
  /** Shown to the buyer on the order's timeline. */
  buyer_message?: string;
}

export function updateOrderStatus(input: UpdateStatusInput): Promise<UpdateStatusBody> {
  return apiRequest<UpdateStatusBody>('/seller/update-order-status', { method: 'POST', body: input });
}

export interface BulkStatusInput extends Omit<UpdateStatusInput, 'order_id' | 'expected_version'> {
  order_ids: number[];
  expected_versions: Record<string, number>;
}

export function bulkUpdateOrderStatus(input: BulkStatusInput): Promise<BulkStatusBody> {
  return apiRequest<BulkStatusBody>('/api/seller/orders/bulk-status', { method: 'POST', body: input });
}
