/**
 * The seller's orders: status tabs with counts, search, pages, and a table that follows
 * the seller room by push (new orders and status changes refetch the page and flash).
 */
import { useSearchParams } from '@solidjs/router';
import { Show, Suspense, createEffect, createMemo, createSignal, on, onCleanup, type JSX } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { BulkStatusResult, OrderCreatedEvent, OrderStatusEvent, ReturnEventBody, SellerOrderRow, SellerOrdersBody } from '../../../../server/contract/api.js';
import { STATUS_INFO } from '../../../../server/domain/order-status.js';
import { errorMessage } from '../../api/api-client.js';
import { countOrdersPlacedSince, fetchSellerOrders } from '../../api/seller-api.js';
import { LiveIndicator } from '../../components/LiveIndicator.jsx';
import { Loading } from '../../components/Loading.jsx';
import { Notice } from '../../components/Notice.jsx';
import { Pagination, PastTheLastPage, pageCount } from '../../components/Pagination.jsx';
import { RequireUser } from '../../components/RequireUser.jsx';
import { UpdateStatusModal } from '../../components/UpdateStatusModal.jsx';
import { APP_NAME, usePageTitle } from '../../components/page-title.js';
import { formatMoney } from '../../format/money.js';
import { currentUser } from '../../state/session.js';
import { createRoomFeed } from '../../live/create-room-feed.js';
import { VersionBook } from '../../live/room-feed.js';
import { BulkStatusDialog } from './BulkStatusDialog.jsx';
import { ORDERS_PAGE_SIZE, dashboardHref, listFilters, readDashboardQuery } from './dashboard-query.js';
import { createNewOrderAlerts } from './new-order-alerts.js';
import { NewOrderAlertSettings } from './NewOrderAlertSettings.jsx';
import { NoOrdersYet } from './NoOrdersYet.jsx';
import { OrderFilters } from './OrderFilters.jsx';
import { SellerOrderView } from './SellerOrderView.jsx';
import { SellerSidebar } from './SellerSidebar.jsx';
import { createSellerTotals } from './seller-totals.js';
import { SellerOrdersTable } from './SellerOrdersTable.jsx';

/** Pushes often come in bursts (a batch of updates); one refetch answers them all. */
const RELOAD_DEBOUNCE_MS = 250;
const HIGHLIGHT_MS = 4000;

export function SellerDashboardPage(): JSX.Element {
  return (
    <RequireUser role="seller">
      {/* Keyed: another seller signing in on this tab gets a dashboard (and alerts) of their own. */}
      <Show when={currentUser()?.seller_id} keyed>
        {(sellerId) => <SellerDashboard sellerId={sellerId} />}
      </Show>
    </RequireUser>
  );
}

function SellerDashboard(props: { sellerId: number }): JSX.Element {
  const [params] = useSearchParams();
  const query = createMemo(() => readDashboardQuery(params), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  const filters = createMemo(() => listFilters(query()), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const listKey = createMemo(() => JSON.stringify({ ...filters(), page: query().page }));

  // A store reconciled by order_id keeps each row's DOM across refetches: no flicker, and
  // the Update button that opened the dialog is still there to take focus back.
  const [state, setState] = createStore<{ body: SellerOrdersBody | undefined }>({ body: undefined });
  const data = () => state.body;
  const [error, setError] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [highlighted, setHighlighted] = createSignal<ReadonlySet<number>>(new Set());
  const [announcement, setAnnouncement] = createSignal('');
  const [revision, setRevision] = createSignal(0);
  const [editing, setEditing] = createSignal<{ row: SellerOrderRow; opener: HTMLElement } | null>(null);
  const [selected, setSelected] = createSignal<ReadonlySet<number>>(new Set());
  const [bulk, setBulk] = createSignal<{ orders: SellerOrderRow[]; opener: HTMLElement } | null>(null);
  // The sidebar's counts are the seller's totals, whatever this list is filtered by.
  const totals = createSellerTotals();
  // The last status push, so an open update dialog follows its order even when it left this page of the list.
  const [lastPush, setLastPush] = createSignal<OrderStatusEvent | null>(null);
  const versions = new VersionBook();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  let heading: HTMLHeadingElement | undefined;
  let request = 0;

  const load = async () => {
    const mine = ++request;
    setLoading(true);
    try {
      const body = await fetchSellerOrders({ ...filters(), page: query().page, limit: ORDERS_PAGE_SIZE });
      if (mine !== request) return;
      versions.recordAll(body.orders);
      setState('body', reconcile(body, { key: 'order_id' }));
      // The selection is of orders on this page: one that has left it (another filter now, say) is dropped.
      const shown = new Set(body.orders.map((o) => o.order_id));
      if ([...selected()].some((id) => !shown.has(id))) setSelected(new Set([...selected()].filter((id) => shown.has(id))));
      setError(null);
    } catch (caught) {
      if (mine === request) setError(errorMessage(caught));
    } finally {
      if (mine === request) setLoading(false);
    }
  };

  const scheduleReload = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void load(), RELOAD_DEBOUNCE_MS);
    totals.refresh();
  };

  const flash = (orderId: number) => {
    setHighlighted(new Set([...highlighted(), orderId]));
    const timer = setTimeout(() => {
      timers.delete(timer);
      const next = new Set(highlighted());
      next.delete(orderId);
      setHighlighted(next);
    }, HIGHLIGHT_MS);
    timers.add(timer);
  };

  const onStatus = (event: OrderStatusEvent) => {
    setLastPush(event);
    if (!versions.accept(event.order_id, event.version)) return;
    flash(event.order_id);
    setAnnouncement(`Order ${event.order_number} is now ${event.status_label} ${event.status_emoji}.`);
    setRevision(revision() + 1);
    scheduleReload();
  };

  const alerts = createNewOrderAlerts({ sellerId: props.sellerId, countPlacedSince: countOrdersPlacedSince });
  const onCreated = (event: OrderCreatedEvent) => {
    alerts.onCreated(event);
    flash(event.order_id);
    setAnnouncement(`New order ${event.order_number} from ${event.customer_name}, ${formatMoney(event.total_amount, event.currency)}.`);
    scheduleReload();
  };

  const onReturn = (event: ReturnEventBody) => {
    const request = event.return_request;
    setAnnouncement(
      request.status === 'requested' ? `Return requested for order ${event.order_number}.` : `The return of order ${event.order_number} was ${request.status}.`,
    );
    // The order's own view shows its request: fetch it again.
    setRevision(revision() + 1);
    totals.refresh();
  };

  createEffect(
    on(listKey, () => {
      setSelected(new Set<number>());
      void load();
    }),
  );
  const mode = createRoomFeed({
    onStatus,
    onCreated,
    onReturn,
    resync: () => {
      setRevision(revision() + 1);
      void load();
      totals.refresh();
    },
  });
  onCleanup(() => {
    clearTimeout(reloadTimer);
    for (const timer of timers) clearTimeout(timer);
  });

  const listTitle = () => {
    const status = query().status;
    return status === 'all' ? 'All orders' : `${STATUS_INFO[status].label} orders`;
  };
  usePageTitle(
    () => (query().view ? `Order ${query().view}` : `${listTitle()} · Seller dashboard`),
    () => (alerts.unseen() > 0 ? `(${alerts.unseen()}) Orders — ${APP_NAME}` : null),
  );

  const pageOrders = () => data()?.orders ?? [];
  const select = (row: SellerOrderRow, on: boolean) => {
    const next = new Set(selected());
    if (on) next.add(row.order_id);
    else next.delete(row.order_id);
    setSelected(next);
  };
  const allOnPageSelected = () => pageOrders().length > 0 && pageOrders().every((o) => selected().has(o.order_id));
  const selectedRows = () => pageOrders().filter((o) => selected().has(o.order_id));

  const onBulkApplied = (results: BulkStatusResult[]) => {
    const next = new Set(selected());
    for (const result of results) {
      if (!result.ok) continue;
      next.delete(result.order_id);
      if (result.changed && versions.accept(result.order_id, result.order.version)) flash(result.order_id);
    }
    setSelected(next);
    void load();
    totals.refresh();
  };

  /** An order as the freshest of its list row and the last push tells it (the higher version wins). */
  const freshest = (row: SellerOrderRow): SellerOrderRow => {
    const pushed = lastPush();
    return pushed && pushed.order_id === row.order_id && pushed.version > row.version ? { ...row, status: pushed.status, version: pushed.version } : row;
  };
  const lastPage = () => pageCount(data()?.total ?? 0, ORDERS_PAGE_SIZE);


  return (
    <div class="dashboard">
      {/* An order's own view is not the list itself: no section is the current page there. */}
      <SellerSidebar current={query().view ? null : 'orders'} totals={totals} />
      <div class="dashboard__main">
        <p class="visually-hidden" role="status" aria-live="polite">
          {announcement()}
        </p>
        <Show
          when={query().view}
          fallback={
            <>
              <div class="page__header">
                <h1 ref={heading} tabindex="-1">
                  Orders
                </h1>
                <div class="dashboard__header-tools">
                  <LiveIndicator mode={mode()} />
                  <NewOrderAlertSettings alerts={alerts} />
                </div>
              </div>
              <OrderFilters query={query()} counts={data()?.counts} />
              <Show when={error()}>
                <Notice kind="error">{error()}</Notice>
              </Show>
              <Show when={data()} fallback={<Show when={!error()}><Loading label="Loading orders…" /></Show>}>
                {(body) => (
                  <div aria-busy={loading()}>
                    <Show
                      when={body().orders.length > 0}
                      fallback={
                        <Show when={body().total === 0 || query().page <= lastPage()} fallback={
                          <PastTheLastPage lastPage={lastPage()} hrefFor={(page) => dashboardHref({ ...filters(), page })}>
                            There are no orders on page {query().page}: this list has {body().total} {body().total === 1 ? 'order' : 'orders'} on {lastPage()}{' '}
                            {lastPage() === 1 ? 'page' : 'pages'}.
                          </PastTheLastPage>
                        }>
                        <Show
                          when={!query().q && !query().from && !query().to && query().status === 'all'}
                          fallback={
                            <div class="empty-state">
                              <p>
                                {query().q
                                  ? `No orders match “${query().q}”.`
                                  : query().from || query().to
                                    ? 'No orders were placed on those days.'
                                    : `No ${listTitle().toLowerCase()}.`}
                              </p>
                            </div>
                          }
                        >
                          <NoOrdersYet />
                        </Show>
                        </Show>
                      }
                    >
                      <div class="bulk-bar" role="group" aria-label="Selected orders">
                        <label class="bulk-bar__all">
                          <input
                            type="checkbox"
                            checked={allOnPageSelected()}
                            ref={(element) => createEffect(() => (element.indeterminate = selected().size > 0 && !allOnPageSelected()))}
                            onChange={(event) => setSelected(new Set(event.currentTarget.checked ? pageOrders().map((o) => o.order_id) : []))}
                          />
                          Select all on this page
                        </label>
                        <span class="bulk-bar__count" aria-live="polite">
                          {selected().size} selected
                        </span>
                        <button
                          type="button"
                          class="button button--primary button--small"
                          disabled={selected().size === 0}
                          onClick={(event) => setBulk({ orders: selectedRows(), opener: event.currentTarget })}
                        >
                          Change status<span class="visually-hidden"> of the selected orders</span>
                        </button>
                        <Show when={selected().size > 0}>
                          <button type="button" class="button button--ghost button--small" onClick={() => setSelected(new Set<number>())}>
                            Clear selection
                          </button>
                        </Show>
                      </div>
                      <SellerOrdersTable
                        selected={selected()}
                        onSelect={select}
                        orders={body().orders}
                        caption={`${listTitle()}${query().q ? ` matching “${query().q}”` : ''}, page ${query().page}`}
                        highlighted={highlighted()}
                        viewHref={(row) => dashboardHref({ ...query(), view: row.order_number })}
                        onUpdate={(row, opener) => setEditing({ row, opener })}
                      />
                    </Show>
                    <Show when={query().page <= lastPage()}>
                      <Pagination page={query().page} pageCount={lastPage()} hrefFor={(page) => dashboardHref({ ...filters(), page })} label="Order pages" />
                    </Show>
                  </div>
                )}
              </Show>
            </>
          }
        >
          {(orderNumber) => (
            <Suspense fallback={<Loading label="Loading order…" />}>
              <SellerOrderView
                orderNumber={orderNumber()}
                backHref={dashboardHref({ ...query(), view: null })}
                revision={revision}
                onChanged={() => {
                  void load();
                  totals.refresh();
                }}
              />
            </Suspense>
          )}
        </Show>
      </div>

      <Show when={bulk()} keyed>
        {(open) => (
          <BulkStatusDialog orders={open.orders} returnFocusTo={() => (open.opener.isConnected && !(open.opener instanceof HTMLButtonElement && open.opener.disabled) ? open.opener : heading)} onClose={() => setBulk(null)} onApplied={onBulkApplied} />
        )}
      </Show>

      <Show when={editing()} keyed>
        {(open) => (
          <UpdateStatusModal
            order={freshest(open.row)}
            returnFocusTo={() => {
              if (open.opener.isConnected) return open.opener;
              const row = document.querySelector(`tr[data-order-id="${open.row.order_id}"]`);
              return row?.querySelector<HTMLElement>('.orders-table__update') ?? row?.querySelector<HTMLElement>('.orders-table__view') ?? heading;
            }}
            onClose={() => setEditing(null)}
            onUpdated={(order) => {
              versions.accept(order.order_id, order.version);
              flash(order.order_id);
              void load();
              totals.refresh();
            }}
          />
        )}
      </Show>
    </div>
  );
}

