/** The dashboard's state lives in the URL: filter, search, page and the order being viewed. */
import { isOrderStatus, type OrderStatus } from '../../../../server/domain/order-status.js';
import { positivePage, withQuery } from '../page-query.js';

export const DASHBOARD_PATH = '/seller-dashboard';
export const ORDERS_PAGE_SIZE = 20;

export type StatusFilter = OrderStatus | 'all';

export interface DashboardQuery {
  status: StatusFilter;
  q: string;
  page: number;
  view: string | null;
}

export function readDashboardQuery(params: URLSearchParams): DashboardQuery {
  const status = params.get('status');
  return {
    status: isOrderStatus(status) ? status : 'all',
    q: params.get('q')?.trim() ?? '',
    page: positivePage(params.get('page')),
    view: params.get('view') || null,
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
