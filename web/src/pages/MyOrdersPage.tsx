/** Every order of the buyer, with badges and mini progress kept live by the buyer room. */
import { For, Show, createSignal, onMount, type JSX } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { BuyerOrderSummary, OrderStatusEvent, ReturnEventBody } from '../../../server/contract/api.js';
import { errorMessage } from '../api/api-client.js';
import { fetchMyOrders } from '../api/orders-api.js';
import { LiveIndicator } from '../components/LiveIndicator.jsx';
import { Loading } from '../components/Loading.jsx';
import { MiniProgress } from '../components/MiniProgress.jsx';
import { Notice } from '../components/Notice.jsx';
import { RequireUser } from '../components/RequireUser.jsx';
import { StatusBadge } from '../components/StatusBadge.jsx';
import { StatusIcon } from '../components/icons.jsx';
import { usePageTitle } from '../components/page-title.js';
import { formatDate } from '../format/dates.js';
import { formatMoney } from '../format/money.js';
import { createRoomFeed } from '../live/create-room-feed.js';
import { VersionBook } from '../live/room-feed.js';

export function MyOrdersPage(): JSX.Element {
  usePageTitle(() => 'My orders');
  return (
    <RequireUser role="buyer">
      <MyOrdersList />
    </RequireUser>
  );
}

function MyOrdersList(): JSX.Element {
  // Reconciled by order_id so a refetch only touches the cards that changed.
  const [state, setState] = createStore<{ orders: BuyerOrderSummary[] | undefined }>({ orders: undefined });
  const orders = () => state.orders;
  const [error, setError] = createSignal<string | null>(null);
  const [announcement, setAnnouncement] = createSignal('');
  const versions = new VersionBook();
  let request = 0;

  const load = async () => {
    const mine = ++request;
    try {
      const list = await fetchMyOrders();
      if (mine !== request) return;
      versions.recordAll(list);
      setState('orders', reconcile(list, { key: 'order_id' }));
      setError(null);
    } catch (caught) {
      if (mine === request) setError(errorMessage(caught));
    }
  };

  const applyStatus = (event: OrderStatusEvent) => {
    const list = orders();
    if (!list || !versions.accept(event.order_id, event.version)) return;
    if (!list.some((order) => order.order_id === event.order_id)) {
      void load();
      return;
    }
    const { status, status_label, status_emoji, progress_step, version, updated_at } = event;
    setState('orders', (order) => order.order_id === event.order_id, { status, status_label, status_emoji, progress_step, version, updated_at });
    setAnnouncement(`Order ${event.order_number} is now ${status_label} ${status_emoji}.`);
  };

  // A request opened or decided (also by the seller returning the order): the card's flag follows.
  // Events reach the socket in order; only an older request's event is dropped.
  const applyReturn = (event: ReturnEventBody) => {
    const request = event.return_request;
    setState('orders', (order) => order.order_id === event.order_id && (order.return_request?.id ?? 0) <= request.id, 'return_request', request);
  };

  onMount(() => void load());
  const mode = createRoomFeed({ onStatus: applyStatus, onReturn: applyReturn, resync: () => void load() });

  return (
    <div class="page">
      <div class="page__header">
        <h1>My orders</h1>
        <LiveIndicator mode={mode()} />
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement()}
      </p>
      <Show when={error()}>
        <Notice kind="error">{error()}</Notice>
      </Show>
      <Show when={orders()} fallback={<Show when={!error()}><Loading label="Loading your orders…" /></Show>}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <div class="empty-state">
                <p>You have not placed any orders yet.</p>
                <a class="button button--primary" href="/">
                  Start shopping
                </a>
              </div>
            }
          >
            <ul class="order-cards">
              <For each={checkoutGroups(list())}>
                {(group) => (
                  <Show when={group.orders.length > 1} fallback={<For each={group.orders}>{(order) => <OrderCard order={order} />}</For>}>
                    <li class="checkout-group">
                      <p class="checkout-group__head">
                        <a href={`/checkout-confirmation/${encodeURIComponent(group.checkoutNumber ?? '')}`}>
                          Checkout <span class="orders-table__number">{group.checkoutNumber}</span>
                        </a>{' '}
                        · {group.orders.length} orders, one per seller · {formatMoney(groupTotal(group.orders), group.orders[0]?.currency ?? 'USD')}
                      </p>
                      <ul class="order-cards" aria-label={`Orders of checkout ${group.checkoutNumber ?? ''}`}>
                        <For each={group.orders}>{(order) => <OrderCard order={order} />}</For>
                      </ul>
                    </li>
                  </Show>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </div>
  );
}

/**
 * The list as checkouts: the orders one checkout made (one per seller) together, in the
 * list's order (newest first). Orders from before checkouts were numbered stand alone.
 */
function checkoutGroups(orders: readonly BuyerOrderSummary[]): { checkoutNumber: string | null; orders: BuyerOrderSummary[] }[] {
  const groups: { checkoutNumber: string | null; orders: BuyerOrderSummary[] }[] = [];
  const byNumber = new Map<string, BuyerOrderSummary[]>();
  for (const order of orders) {
    const number = order.checkout_number;
    const group = number === null ? undefined : byNumber.get(number);
    if (group) {
      group.push(order);
      continue;
    }
    const fresh = [order];
    if (number !== null) byNumber.set(number, fresh);
    groups.push({ checkoutNumber: number, orders: fresh });
  }
  return groups;
}

const groupTotal = (orders: readonly BuyerOrderSummary[]) => orders.reduce((sum, order) => sum + order.total_amount, 0);

function OrderCard(props: { order: BuyerOrderSummary }): JSX.Element {
  const order = props.order;
  return (
    <li class="order-card" data-order-id={order.order_id}>
      <div class="order-card__head">
        <h2 class="order-card__number">
          <a href={`/order-confirmation/${encodeURIComponent(order.order_number)}`}>
            <span class="visually-hidden">Order </span>
            {order.order_number}
          </a>
        </h2>
        <span class="order-card__badges">
          <Show when={order.return_request?.status === 'requested'}>
            <span class="return-flag" data-return-status="requested">
              <StatusIcon status="returned" />
              Return requested
            </span>
          </Show>
          <StatusBadge status={order.status} />
        </span>
      </div>
      <p class="order-card__meta">
        <time datetime={order.created_at}>{formatDate(order.created_at)}</time> · {order.seller.store_name} ·{' '}
        {formatMoney(order.total_amount, order.currency)}
      </p>
      <p class="order-card__items">
        {order.items.map((item) => `${item.quantity} × ${item.product_name}`).join(', ')}
      </p>
      <MiniProgress status={order.status} />
    </li>
  );
}
