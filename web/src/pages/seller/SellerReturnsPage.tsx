/**
 * The seller's return requests: Open (awaiting a decision) first, then Approved, Declined and
 * All, each with its count; each request with its order, customer, reason, the buyer's words
 * and date, and Approve / Decline while it is open. Follows the seller room: a request made or
 * decided anywhere refetches the list and its counts.
 */
import { useSearchParams } from '@solidjs/router';
import { For, Show, createEffect, createMemo, createSignal, on, onCleanup, type JSX } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { ReturnEventBody, ReturnRequestBody, SellerReturnRow, SellerReturnsBody } from '../../../../server/contract/api.js';
import { errorMessage } from '../../api/api-client.js';
import { RETURN_REASON_LABELS, fetchSellerReturnRequests, type ReturnStatusFilter } from '../../api/returns-api.js';
import { LiveIndicator } from '../../components/LiveIndicator.jsx';
import { Loading } from '../../components/Loading.jsx';
import { Notice } from '../../components/Notice.jsx';
import { Pagination, pageCount } from '../../components/Pagination.jsx';
import { RequireUser } from '../../components/RequireUser.jsx';
import { usePageTitle } from '../../components/page-title.js';
import { formatDateTime } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { createRoomFeed } from '../../live/create-room-feed.js';
import { positivePage, queryValue, withQuery } from '../page-query.js';
import { dashboardHref } from './dashboard-query.js';
import { ReturnDecisionDialog, type ReturnDecision } from './ReturnDecisionDialog.jsx';
import { ReturnStatusLabel } from './SellerOrderReturn.jsx';
import { RETURNS_PATH, SellerSidebar } from './SellerSidebar.jsx';
import { createSellerTotals } from './seller-totals.js';

export const RETURNS_PAGE_SIZE = 20;
const RELOAD_DEBOUNCE_MS = 250;

const FILTERS: readonly ReturnStatusFilter[] = ['requested', 'approved', 'declined', 'all'];

export const RETURN_FILTER_LABELS: Readonly<Record<ReturnStatusFilter, string>> = {
  requested: 'Open',
  approved: 'Approved',
  declined: 'Declined',
  all: 'All',
};

export function returnsHref(query: { status?: ReturnStatusFilter; page?: number }): string {
  return withQuery(RETURNS_PATH, { status: query.status === 'requested' ? undefined : query.status, page: query.page });
}

export function SellerReturnsPage(): JSX.Element {
  return (
    <RequireUser role="seller">
      <SellerReturns />
    </RequireUser>
  );
}

function SellerReturns(): JSX.Element {
  const [params] = useSearchParams();
  const status = createMemo((): ReturnStatusFilter => {
    const raw = queryValue(params, 'status');
    return FILTERS.find((filter) => filter === raw) ?? 'requested';
  });
  const page = createMemo(() => positivePage(queryValue(params, 'page')));
  const [state, setState] = createStore<{ body: SellerReturnsBody | undefined }>({ body: undefined });
  const [error, setError] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [announcement, setAnnouncement] = createSignal('');
  const [deciding, setDeciding] = createSignal<{ row: SellerReturnRow; decision: ReturnDecision; opener: HTMLElement } | null>(null);
  let heading: HTMLHeadingElement | undefined;
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  let request = 0;

  // The sidebar's counts are the seller's totals; a return decided becomes a status change too.
  const totals = createSellerTotals();
  const load = async () => {
    const mine = ++request;
    setLoading(true);
    try {
      const body = await fetchSellerReturnRequests({ status: status(), page: page(), limit: RETURNS_PAGE_SIZE });
      if (mine !== request) return;
      setState('body', reconcile(body, { key: 'id' }));
      totals.knowOpenReturns(body.counts.requested);
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
  };
  onCleanup(() => clearTimeout(reloadTimer));

  createEffect(on([status, page], () => void load()));
  const onReturn = (event: ReturnEventBody) => {
    setAnnouncement(describeEvent(event.return_request));
    scheduleReload();
    totals.refresh();
  };
  const mode = createRoomFeed({
    onReturn,
    onStatus: () => totals.refresh(),
    onCreated: () => totals.refresh(),
    resync: () => {
      void load();
      totals.refresh();
    },
  });

  const onDecided = async (decided: ReturnRequestBody) => {
    setAnnouncement(describeEvent(decided));
    totals.refresh();
    await load();
  };

  const counts = () => state.body?.counts;
  const countOf = (filter: ReturnStatusFilter) => {
    const all = counts();
    if (!all) return undefined;
    return filter === 'all' ? all.requested + all.approved + all.declined : all[filter];
  };
  usePageTitle(() => `${RETURN_FILTER_LABELS[status()]} returns · Seller dashboard`);

  return (
    <div class="dashboard">
      <SellerSidebar current="returns" totals={totals} />
      <div class="dashboard__main">
        <p class="visually-hidden" role="status" aria-live="polite">
          {announcement()}
        </p>
        <div class="page__header">
          <h1 ref={heading} tabindex="-1">
            Returns
          </h1>
          <LiveIndicator mode={mode()} />
        </div>
        <nav class="status-tabs return-tabs" aria-label="Filter return requests">
          <ul class="status-tabs__list">
            <For each={FILTERS}>
              {(filter) => (
                <li>
                  <a class={`status-tabs__tab return-tabs__tab--${filter}`} href={returnsHref({ status: filter })} noscroll aria-current={status() === filter ? 'page' : undefined}>
                    <span>{RETURN_FILTER_LABELS[filter]}</span>
                    <span class="status-tabs__count">
                      {countOf(filter) ?? '–'}
                      <span class="visually-hidden">{countOf(filter) === 1 ? ' request' : ' requests'}</span>
                    </span>
                  </a>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <Show when={error()}>
          <Notice kind="error">{error()}</Notice>
        </Show>
        <Show when={state.body} fallback={<Show when={!error()}><Loading label="Loading return requests…" /></Show>}>
          {(body) => (
            <div aria-busy={loading()}>
              <Show
                when={body().return_requests.length > 0}
                fallback={
                  <div class="empty-state">
                    <p>{status() === 'requested' ? 'No return requests are waiting for you. New ones appear here the moment a buyer asks.' : `No ${RETURN_FILTER_LABELS[status()].toLowerCase()} return requests.`}</p>
                  </div>
                }
              >
                <ReturnRequestsTable
                  rows={body().return_requests}
                  caption={`${RETURN_FILTER_LABELS[status()]} return requests, page ${page()}`}
                  onDecide={(row, decision, opener) => setDeciding({ row, decision, opener })}
                />
              </Show>
              <Pagination page={page()} pageCount={pageCount(body().total, RETURNS_PAGE_SIZE)} hrefFor={(p) => returnsHref({ status: status(), page: p })} label="Return request pages" />
            </div>
          )}
        </Show>
      </div>

      <Show when={deciding()} keyed>
        {(open) => (
          <ReturnDecisionDialog
            request={open.row}
            decision={open.decision}
            returnFocusTo={() => {
              if (open.opener.isConnected) return open.opener;
              // Decided, the row has no buttons any more (or has left the Open list).
              return document.querySelector<HTMLElement>(`tr[data-return-id="${open.row.id}"] .returns-table__order`) ?? heading;
            }}
            onClose={() => setDeciding(null)}
            onDecided={onDecided}
            onStale={() => void load()}
          />
        )}
      </Show>
    </div>
  );
}

function describeEvent(request: ReturnRequestBody): string {
  if (request.status === 'requested') return `New return request for order ${request.order_number}: ${RETURN_REASON_LABELS[request.reason]}.`;
  return `The return of order ${request.order_number} was ${request.status}.`;
}

function ReturnRequestsTable(props: {
  rows: readonly SellerReturnRow[];
  caption: string;
  onDecide: (row: SellerReturnRow, decision: ReturnDecision, opener: HTMLElement) => void;
}): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="table orders-table returns-table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Order #</th>
            <th scope="col">Customer</th>
            <th scope="col">Reason</th>
            <th scope="col">Message</th>
            <th scope="col">Requested</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr data-return-id={row.id} data-order-id={row.order_id}>
                <th scope="row" data-label="Order #">
                  <a class="orders-table__number returns-table__order" href={dashboardHref({ view: row.order_number })}>
                    {row.order_number}
                  </a>
                </th>
                <td data-label="Customer">
                  {/* One piece: a phone's card puts the label and the value at either end of its line. */}
                  <span>
                    {row.customer_name}
                    <span class="returns-table__total"> · {formatMoney(row.total_amount, row.currency)}</span>
                  </span>
                </td>
                <td data-label="Reason">{RETURN_REASON_LABELS[row.reason]}</td>
                <td data-label="Message" class="returns-table__message">
                  {row.message ?? <span class="returns-table__none">None</span>}
                </td>
                <td data-label="Requested">
                  <time datetime={row.created_at}>{formatDateTime(row.created_at)}</time>
                </td>
                <td data-label="Status">
                  <ReturnStatusLabel request={row} />
                </td>
                <td class="orders-table__actions">
                  <Show when={row.status === 'requested'}>
                    <button type="button" class="button button--primary button--small" onClick={(event) => props.onDecide(row, 'approve', event.currentTarget)}>
                      Approve<span class="visually-hidden"> return of {row.order_number}</span>
                    </button>
                    <button type="button" class="button button--danger-outline button--small" onClick={(event) => props.onDecide(row, 'decline', event.currentTarget)}>
                      Decline<span class="visually-hidden"> return of {row.order_number}</span>
                    </button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
