/** How a seller's orders are listed and changed together: rules the server and the web app share. */
import type { SellerOrderSort } from './model.js';

/** Sort names as clients spell them: a column, with a leading `-` for descending. */
export const SELLER_ORDER_SORTS = ['-created_at', 'created_at', '-total_amount', 'total_amount'] as const;
export type SellerOrderSortName = (typeof SELLER_ORDER_SORTS)[number];
export const DEFAULT_SELLER_ORDER_SORT: SellerOrderSortName = '-created_at';

export function isSellerOrderSortName(value: unknown): value is SellerOrderSortName {
  return (SELLER_ORDER_SORTS as readonly unknown[]).includes(value);
}

export function sellerOrderSort(name: SellerOrderSortName): SellerOrderSort {
  return { by: name.endsWith('created_at') ? 'createdAt' : 'totalAmount', descending: name.startsWith('-') };
}

/** The most orders one bulk status change takes. */
export const MAX_BULK_ORDERS = 100;
