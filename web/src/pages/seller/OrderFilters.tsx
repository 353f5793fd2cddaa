/**
 * Everything that narrows the order list: status, search, sort, placing days (and the export
 * of that selection). Wide screens show it all, the status as tabs with counts; phones show
 * a status select and a "Filters" button that opens the rest, so the first order is on the
 * first screen. Both forms are in the page and CSS shows one (`display: none` keeps the other
 * out of the tab order and the accessibility tree).
 */
import { useNavigate } from '@solidjs/router';
import { For, Show, createEffect, createSignal, on, type JSX } from 'solid-js';
import type { StatusCounts } from '../../../../server/contract/api.js';
import { DEFAULT_SELLER_ORDER_SORT } from '../../../../server/domain/seller-orders.js';
import { ORDER_STATUSES, STATUS_INFO } from '../../../../server/domain/order-status.js';
import { sellerOrdersCsvHref } from '../../api/seller-api.js';
import { dashboardHref, listFilters, type DashboardQuery, type StatusFilter } from './dashboard-query.js';
import { OrderListControls } from './OrderListControls.jsx';
import { StatusFilterTabs } from './StatusFilterTabs.jsx';

const STATUS_FILTERS: readonly StatusFilter[] = ['all', ...ORDER_STATUSES];

export function OrderFilters(props: { query: DashboardQuery; counts: StatusCounts | undefined }): JSX.Element {
  const navigate = useNavigate();
  const [search, setSearch] = createSignal(props.query.q);
  const [open, setOpen] = createSignal(false);
  createEffect(on(() => props.query.q, (q) => setSearch(q), { defer: true }));
  const filters = () => listFilters(props.query);
  const go = (next: Partial<DashboardQuery>) => navigate(dashboardHref({ ...filters(), ...next }));
  // Search, sort and days: what the closed "Filters" button hides, counted on it so nothing applied is out of sight.
  const applied = () => [props.query.q, props.query.sort !== DEFAULT_SELLER_ORDER_SORT, props.query.from, props.query.to].filter(Boolean).length;

  const onSearch = (event: SubmitEvent) => {
    event.preventDefault();
    go({ q: search().trim() });
  };

  return (
    <div class="order-filters">
      <StatusFilterTabs active={props.query.status} filters={filters()} counts={props.counts} />
      <div class="order-filters__compact">
        <div class="field field--inline">
          <label for="orders-status">Status</label>
          <select
            id="orders-status"
            value={props.query.status}
            onChange={(event) => {
              const status = STATUS_FILTERS.find((filter) => filter === event.currentTarget.value);
              if (status) go({ status });
            }}
          >
            <For each={STATUS_FILTERS}>
              {(filter) => (
                // Words only: an option cannot hold the status icons, and not every device has an emoji font.
                <option value={filter}>
                  {filter === 'all' ? 'All' : STATUS_INFO[filter].label} ({props.counts?.[filter] ?? '–'})
                </option>
              )}
            </For>
          </select>
        </div>
        <button type="button" class="button button--secondary order-filters__toggle" aria-expanded={open()} aria-controls="order-filters-panel" onClick={() => setOpen(!open())}>
          Filters
          <Show when={applied() > 0}>
            <span class="order-filters__applied">
              {applied()}
              <span class="visually-hidden"> applied</span>
            </span>
          </Show>
        </button>
      </div>
      <div id="order-filters-panel" class="order-filters__panel" classList={{ 'is-open': open() }}>
        <form class="search-form" role="search" onSubmit={onSearch}>
          <label for="orders-search" class="visually-hidden">
            Search orders
          </label>
          <input id="orders-search" type="search" placeholder="Order #, customer or product" value={search()} onInput={(event) => setSearch(event.currentTarget.value)} />
          <button type="submit" class="button button--secondary">
            Search
          </button>
          <Show when={props.query.q}>
            <a href={dashboardHref({ ...filters(), q: '' })} class="button button--ghost">
              Clear<span class="visually-hidden"> search</span>
            </a>
          </Show>
        </form>
        <OrderListControls query={props.query} onChange={go} csvHref={sellerOrdersCsvHref(filters())} />
      </div>
    </div>
  );
}
