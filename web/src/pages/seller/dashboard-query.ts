/** The dashboard's state lives in the URL: filter, search, page and the order being viewed. */
import type { SearchParams } from '@solidjs/router';
import { isOrderStatus, type OrderStatus } from '../../../../server/domain/order-status.js';
import { positivePage, queryValue, withQuery } from '../page-query.js';

export const DASHBOARD_PATH = '/seller-dashboard';
export const ORDERS_PAGE_SIZE = 20;

export type StatusFilter = OrderStatus | 'all';

export interface DashboardQuery {
  status: StatusFilter;
  q: string;
  page: number;
  view: string | null;
}

export function readDashboardQuery(params: SearchParams): DashboardQuery {
  const status = queryValue(params, 'status');
  return {
    status: isOrderStatus(status) ? status : 'all',
    q: queryValue(params, 'q')?.trim() ?? '',
    page: positivePage(queryValue(params, 'page')),
    view: queryValue(params, 'view') || null,
  };
}

export function dashboardHref(query: Partial<DashboardQuery>): string {
  return withQuery(DASHBOARD_PATH, {
    status: query.status === 'all' ? undefined : query.status,
    q: query.q,
    page: query.page,
    view: query.view ?? undefined,
  });
}
