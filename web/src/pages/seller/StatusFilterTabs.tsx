import { For, type JSX } from 'solid-js';
import type { StatusCounts } from '../../../../server/contract/api.js';
import { ORDER_STATUSES, STATUS_INFO } from '../../../../server/domain/order-status.js';
import { dashboardHref, type DashboardQuery, type StatusFilter } from './dashboard-query.js';
import { StatusIcon } from '../../components/icons.jsx';

const FILTERS: readonly StatusFilter[] = ['all', ...ORDER_STATUSES];

/** All · Pending ⏳ · … with live counts. Links, so each filter has its own URL. */
/** `filters`: the search, sort and dates each tab keeps. */
export function StatusFilterTabs(props: { active: StatusFilter; filters: Partial<DashboardQuery>; counts: StatusCounts | undefined }): JSX.Element {
  return (
    <nav class="status-tabs" aria-label="Filter orders by status">
      <ul class="status-tabs__list">
        <For each={FILTERS}>
          {(filter) => (
            <li>
              <a
                class={`status-tabs__tab status-tabs__tab--${filter}`}
                href={dashboardHref({ ...props.filters, status: filter })}
                // A filter is the same page narrowed: the router keeps the scroll position.
                noscroll
                aria-current={props.active === filter ? 'page' : undefined}
              >
                <span>{filter === 'all' ? 'All' : STATUS_INFO[filter].label}</span>
                {filter === 'all' ? null : (
                  <span class="status-tabs__emoji" aria-hidden="true">
                    <StatusIcon status={filter} />
                  </span>
                )}
                <span class="status-tabs__count">
                  {props.counts?.[filter] ?? '–'}
                  <span class="visually-hidden">{props.counts?.[filter] === 1 ? ' order' : ' orders'}</span>
                </span>
              </a>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
