/**
 * Buyer returns (RETURNS-CONTRACT.md): the buyer asks, the order's seller approves (the order
 * becomes returned, units restocked when asked) or declines with a message to the buyer.
 */
import type { HistoryEntry, ReturnApprovedBody, ReturnRequestBody, SellerReturnsBody } from '../../../server/contract/api.js';
import type {
  MAX_RETURN_MESSAGE as SERVER_MAX_RETURN_MESSAGE,
  RETURN_WINDOW_DAYS as SERVER_RETURN_WINDOW_DAYS,
  ReturnReason,
  ReturnStatus,
} from '../../../server/domain/returns.js';
import { apiRequest } from './api-client.js';

/*
 * The server's return rules, taken by type: server/domain/returns.ts also holds the return
 * service (and, through the catalog, node:crypto), which a page must not load. Each value is
 * typed by the server's own, so the compiler keeps the two equal.
 */
export const RETURN_WINDOW_DAYS: typeof SERVER_RETURN_WINDOW_DAYS = 30;
export const MAX_RETURN_MESSAGE: typeof SERVER_MAX_RETURN_MESSAGE = 1000;

export const RETURN_REASON_LABELS: Readonly<Record<ReturnReason, string>> = {
  damaged: 'Arrived damaged',
  wrong_item: 'Wrong item sent',
  not_as_described: 'Not as described',
  no_longer_needed: 'No longer needed',
  other: 'Another reason',
};

export function isReturnReason(value: unknown): value is ReturnReason {
  return typeof value === 'string' && Object.hasOwn(RETURN_REASON_LABELS, value);
}

/** Every reason, in the order the buyer's form offers them. */
export const RETURN_REASONS: readonly ReturnReason[] = Object.keys(RETURN_REASON_LABELS).filter(isReturnReason);

/**
 * The last moment a return may be asked for (the server enforces it; the page offers only what
 * it allows): RETURN_WINDOW_DAYS after the order became delivered; null when it never did. */
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

export type ReturnStatusFilter = ReturnStatus | 'all';

export interface SellerReturnRequestsQuery {
  status: ReturnStatusFilter;
  page: number;
  limit: number;
}

export function fetchSellerReturnRequests(query: SellerReturnRequestsQuery): Promise<SellerReturnsBody> {
  const params = new URLSearchParams({ page: String(query.page), limit: String(query.limit) });
  if (query.status !== 'all') params.set('status', query.status);
  return apiRequest<SellerReturnsBody>(`/api/seller/return-requests?${params}`, { cache: 'no-store' });
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

export function approveReturnRequest(id: number, input: ApproveReturnInput): Promise<ReturnApprovedBody> {
  return apiRequest<ReturnApprovedBody>(`/api/seller/return-requests/${id}/approve`, { method: 'POST', body: input });
}

export async function declineReturnRequest(id: number, input: { buyer_message: string }): Promise<ReturnRequestBody> {
  const { return_request } = await apiRequest<{ return_request: ReturnRequestBody }>(`/api/seller/return-requests/${id}/decline`, { method: 'POST', body: input });
  return return_request;
}
