/**
 * The buyer's order page after checkout: what was ordered, where it goes, the live
 * progress tracker (push first, polling when the socket is down) and, below it, the order's
 * timeline with what the seller said at each change.
 */
import { Show, createResource, createSignal, type JSX } from 'solid-js';
import type { OrderDetailBody } from '../../../server/contract/api.js';
import { STATUS_INFO, canBuyerCancel } from '../../../server/domain/order-status.js';
import { ApiRequestError, errorMessage } from '../api/api-client.js';
import { cancelOrder, fetchOrder } from '../api/orders-api.js';
import { LiveIndicator } from '../components/LiveIndicator.jsx';
import { Loading } from '../components/Loading.jsx';
import { Notice } from '../components/Notice.jsx';
import { OrderFacts } from '../components/OrderFacts.jsx';
import { OrderHistoryList } from '../components/OrderHistoryList.jsx';
import { OrderItemsTable } from '../components/OrderItemsTable.jsx';
import { OrderProgressTracker } from '../components/OrderProgressTracker.jsx';
import { LiveOrderReturn } from '../components/OrderReturn.jsx';
import { RequireUser } from '../components/RequireUser.jsx';
import { usePageTitle } from '../components/page-title.js';
import { createOrderLive, followReturnRequest, statusBodyOf } from '../live/create-order-live.js';
import { usePathParam } from '../path-params.js';
import { currentUser } from '../state/session.js';
import { NotifyMe } from '../components/NotifyMe.jsx';
import { createNotificationPermission, notifyStatusChanges } from '../live/status-notifications.js';

export function OrderConfirmationPage(): JSX.Element {
  const orderNumber = usePathParam('order_number');
  return (
    <RequireUser>
      <OrderLoader orderNumber={orderNumber()} />
    </RequireUser>
  );
}

function OrderLoader(props: { orderNumber: string }): JSX.Element {
  const [order] = createResource(() => props.orderNumber, fetchOrder);
  usePageTitle(() => (order.error ? 'Order not found' : `Order ${props.orderNumber}`));
  const notFound = () => order.error instanceof ApiRequestError && order.error.status === 404;
  return (
    <div class="page">
      <Show when={order.error}>
        <h1>{notFound() ? 'Order not found' : 'Could not load this order'}</h1>
        <Notice kind="error">
          {notFound() ? `We could not find order ${props.orderNumber} in your account.` : errorMessage(order.error)}
        </Notice>
        <p>
          <a href="/orders">See all your orders</a>
        </p>
      </Show>
      <Show when={!order.error}>
        <Show when={order()} keyed fallback={<Loading label="Loading your order…" />}>
          {(detail) => <LiveOrder order={detail} />}
        </Show>
      </Show>
    </div>
  );
}


function LiveOrder(props: { order: OrderDetailBody }): JSX.Element {
  const initial = statusBodyOf(props.order);
  const isBuyer = () => currentUser()?.role === 'buyer';
  const live = createOrderLive(props.order.order_id, { initial, ...(isBuyer() ? followReturnRequest(props.order) : {}) });
  const current = () => live.status() ?? initial;
  const info = () => STATUS_INFO[current().status];
  const notifier = createNotificationPermission();
  notifyStatusChanges(() => props.order.order_number, current);
  usePageTitle(() => `${info().emoji} ${info().label} · Order ${props.order.order_number}`);

  return (
    <>
      <Show when={isBuyer() && props.order.checkout_number}>
        {(checkoutNumber) => (
          <p class="order-checkout-link">
            Part of checkout <a href={`/checkout-confirmation/${encodeURIComponent(checkoutNumber())}`}>{checkoutNumber()}</a>
          </p>
        )}
      </Show>

      <div class="page__header">
        <div>
          <p class="page__eyebrow">Order</p>
          <h1 class="order-number">{props.order.order_number}</h1>
        </div>
        <LiveIndicator mode={live.mode()} />
      </div>

      <div class="card">
        <OrderProgressTracker status={current().status} history={current().history} shipment={current().shipment} />
        <Show when={live.error()}>
          <p class="tracker__sync-error">Could not refresh just now: {live.error()} We will keep trying.</p>
        </Show>
        <Show when={isBuyer() && canBuyerCancel(current().status)}>
          <CancelOrder orderId={props.order.order_id} onCancelled={() => void live.refresh()} />
        </Show>
        <Show when={isBuyer()}>
          <LiveOrderReturn order={props.order} current={current()} live={live} />
        </Show>
        <Show when={isBuyer() && STATUS_INFO[current().status].step !== 0 && current().status !== 'delivered'}>
          <NotifyMe notifier={notifier} />
        </Show>
      </div>

      <section class="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <OrderHistoryList history={current().history} label="Every change to this order, newest first" />
      </section>

      <div class="order-layout">
        <section class="card" aria-labelledby="items-heading">
          <h2 id="items-heading">Items</h2>
          <OrderItemsTable items={props.order.items} total={props.order.total_amount} currency={props.order.currency} />
        </section>
        <section class="card" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <OrderFacts order={props.order} />
        </section>
      </div>

      <p>
        <Show when={isBuyer()} fallback={<a href="/seller-dashboard">← Back to the dashboard</a>}>
          <a href="/orders">← All my orders</a>
        </Show>
      </p>
    </>
  );
}

function CancelOrder(props: { orderId: number; onCancelled: () => void }): JSX.Element {
  const [confirming, setConfirming] = createSignal(false);
  const [sending, setSending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let keepButton: HTMLButtonElement | undefined;
  let cancelButton: HTMLButtonElement | undefined;

  const confirm = async () => {
    setSending(true);
    setError(null);
    try {
      await cancelOrder(props.orderId);
      props.onCancelled();
    } catch (caught) {
      setError(errorMessage(caught));
      props.onCancelled();
    } finally {
      setSending(false);
      setConfirming(false);
    }
  };

  return (
    <div class="cancel-order">
      <Show
        when={confirming()}
        fallback={
          <button
            ref={cancelButton}
            type="button"
            class="button button--danger-outline"
            onClick={() => {
              setConfirming(true);
              queueMicrotask(() => keepButton?.focus());
            }}
          >
            Cancel order
          </button>
        }
      >
        <div class="cancel-order__confirm" role="group" aria-labelledby="cancel-question">
          <p id="cancel-question">Cancel this order? This cannot be undone.</p>
          <button type="button" class="button button--danger" disabled={sending()} aria-busy={sending()} onClick={() => void confirm()}>
            {sending() ? 'Cancelling…' : 'Yes, cancel order'}
          </button>
          <button
            ref={keepButton}
            type="button"
            class="button button--secondary"
            disabled={sending()}
            onClick={() => {
              setConfirming(false);
              queueMicrotask(() => cancelButton?.focus());
            }}
          >
            Keep order
          </button>
        </div>
      </Show>
      <Show when={error()}>
        <Notice kind="error">{error()}</Notice>
      </Show>
    </div>
  );
}
