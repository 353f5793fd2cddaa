/** The dashboard's state lives in the URL: filter, search, sort, date range, page and the order being viewed. */
import type { SearchParams } from '@solidjs/router';
import { isOrderStatus, type OrderStatus } from '../../../../server/domain/order-status.js';
import { DEFAULT_SELLER_ORDER_SORT, isSellerOrderSortName, type SellerOrderSortName } from '../../../../server/domain/seller-orders.js';
import { positivePage, queryValue, withQuery } from '../page-query.js';

export const DASHBOARD_PATH = '/seller-dashboard';
export const ORDERS_PAGE_SIZE = 20;

export type StatusFilter = OrderStatus | 'all';

export interface DashboardQuery {
  status: StatusFilter;
  q: string;
  sort: SellerOrderSortName;
  /** Calendar days (YYYY-MM-DD) in the seller's time zone, '' for an open end. */
  from: string;
  to: string;
  page: number;
  view: string | null;
}

const calendarDay = (raw: string | null) => (raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : '');

export function readDashboardQuery(params: SearchParams): DashboardQuery {
  const status = queryValue(params, 'status');
  const sort = queryValue(params, 'sort');
  return {
    status: isOrderStatus(status) ? status : 'all',
    q: queryValue(params, 'q')?.trim() ?? '',
    sort: isSellerOrderSortName(sort) ? sort : DEFAULT_SELLER_ORDER_SORT,
    from: calendarDay(queryValue(params, 'from')),
    to: calendarDay(queryValue(params, 'to')),
    page: positivePage(queryValue(params, 'page')),
    view: queryValue(params, 'view') || null,
  };
}

export function dashboardHref(query: Partial<DashboardQuery>): string {
  return withQuery(DASHBOARD_PATH, {
    status: query.status === 'all' ? undefined : query.status,
    q: query.q,
    sort: query.sort === DEFAULT_SELLER_ORDER_SORT ? undefined : query.sort,
    from: query.from,
    to: query.to,
    page: query.page,
    view: query.view ?? undefined,
  });
}

/** The list's filters of a query: what the status tabs, search, pages and export keep while one of them changes. */
export function listFilters(query: DashboardQuery): Pick<DashboardQuery, 'status' | 'q' | 'sort' | 'from' | 'to'> {
  return { status: query.status, q: query.q, sort: query.sort, from: query.from, to: query.to };
}
