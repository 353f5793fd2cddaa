/**
 * Buyer returns (RETURNS-CONTRACT.md): the buyer asks, the order's seller approves (the order
 * becomes returned, units restocked when asked) or declines with a message to the buyer.
 */
import type { HistoryEntry } from '../../../server/contract/api.js';
import type { OrderStatus } from '../../../server/domain/order-status.js';
import { apiRequest } from './api-client.js';

export const RETURN_REASONS = ['damaged', 'wrong_item', 'not_as_described', 'no_longer_needed', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
export const RETURN_REQUEST_STATUSES = ['requested', 'approved', 'declined'] as const;
export type ReturnRequestStatus = (typeof RETURN_REQUEST_STATUSES)[number];

export interface ReturnRequestBody {
  id: number;
  order_id: number;
  order_number: string;
  status: ReturnRequestStatus;
  reason: ReturnReason;
  /** The buyer's words. */
  message: string | null;
  created_at: string;
  decided_at: string | null;
  /** The seller's words to the buyer on the decision. */
  buyer_message: string | null;
  restock: boolean | null;
}

/** A request as the seller's list has it: with the order's customer, total and status. */
export interface SellerReturnRequestRow extends ReturnRequestBody {
  customer_name: string;
  total_amount: number;
  currency: 'USD';
  order_status: OrderStatus;
}

export interface SellerReturnRequestsBody {
  return_requests: SellerReturnRequestRow[];
  counts: Record<ReturnRequestStatus, number>;
  total: number;
}

/** The `return:requested` and `return:decided` socket events. */
export interface ReturnRequestEvent {
  order_id: number;
  order_number: string;
  return_request: ReturnRequestBody;
}

export interface ReturnEvents {
  'return:requested': (event: ReturnRequestEvent) => void;
  'return:decided': (event: ReturnRequestEvent) => void;
}

/** How long after delivery a buyer may ask: the server enforces it, the page only offers what it allows. */
export const RETURN_WINDOW_DAYS = 30;
export const MAX_RETURN_MESSAGE = 1000;
export const MAX_DECISION_MESSAGE = 500;

export const RETURN_REASON_LABELS: Readonly<Record<ReturnReason, string>> = {
  damaged: 'Arrived damaged',
  wrong_item: 'Wrong item sent',
  not_as_described: 'Not as described',
  no_longer_needed: 'No longer needed',
  other: 'Another reason',
};

export function isReturnReason(value: unknown): value is ReturnReason {
  return RETURN_REASONS.some((reason) => reason === value);
}

/** The last moment a return may be asked for: 30 days after the order became delivered; null when it never did. */
export function returnDeadline(history: readonly HistoryEntry[]): Date | null {
  const delivered = history.findLast((entry) => entry.status === 'delivered');
  if (!delivered) return null;
  const at = new Date(delivered.at);
  return Number.isNaN(at.getTime()) ? null : new Date(at.getTime() + RETURN_WINDOW_DAYS * 24 * 60 * 60 * 1000);
}

/**
 * Whether `next` is news over `current`: a later request, or the same one decided. A request is
 * never deleted, so a fetch answering none, or an older state arriving late, changes nothing.
 */
export function isNewerReturnRequest(current: ReturnRequestBody | null, next: ReturnRequestBody | null): boolean {
  if (next === null) return false;
  if (current === null) return true;
  if (next.id !== current.id) return next.id > current.id;
  return current.status === 'requested' && next.status !== 'requested';
}

export interface ReturnRequestInput {
  reason: ReturnReason;
  message?: string;
}

export async function requestReturn(orderId: number, input: ReturnRequestInput): Promise<ReturnRequestBody> {
  const { return_request } = await apiRequest<{ return_request: ReturnRequestBody }>(`/api/orders/${orderId}/return-request`, { method: 'POST', body: input });
  return return_request;
}

export type ReturnStatusFilter = ReturnRequestStatus | 'all';

export interface SellerReturnRequestsQuery {
  status: ReturnStatusFilter;
  page: number;
  limit: number;
}

export function fetchSellerReturnRequests(query: SellerReturnRequestsQuery): Promise<SellerReturnRequestsBody> {
  const params = new URLSearchParams({ page: String(query.page), limit: String(query.limit) });
  if (query.status !== 'all') params.set('status', query.status);
  return apiRequest<SellerReturnRequestsBody>(`/api/seller/return-requests?${params}`, { cache: 'no-store' });
}

/** How many requests wait for the seller's decision. */
export async function countOpenReturnRequests(): Promise<number> {
  const body = await fetchSellerReturnRequests({ status: 'requested', page: 1, limit: 1 });
  return body.counts.requested;
}

export interface ApproveReturnInput {
  restock: boolean;
  buyer_message?: string;
}

export interface ApprovedReturnBody {
  return_request: ReturnRequestBody;
  order: { order_id: number; status: OrderStatus; version: number; updated_at: string };
}

export function approveReturnRequest(id: number, input: ApproveReturnInput): Promise<ApprovedReturnBody> {
  return apiRequest<ApprovedReturnBody>(`/api/seller/return-requests/${id}/approve`, { method: 'POST', body: input });
}

export async function declineReturnRequest(id: number, input: { buyer_message: string }): Promise<ReturnRequestBody> {
  const { return_request } = await apiRequest<{ return_request: ReturnRequestBody }>(`/api/seller/return-requests/${id}/decline`, { method: 'POST', body: input });
  return return_request;
}
