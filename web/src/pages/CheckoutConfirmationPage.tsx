/**
 * Where a buyer lands after checkout: one summary of the checkout (its number, when, the
 * combined total), then each order it made — one per seller of the cart — with its own live
 * tracker. The thank-you message is this visit's page state, handed over by the checkout: a
 * reload, a later visit or a shared link shows the checkout without it.
 */
import { useLocation, useNavigate } from '@solidjs/router';
import { For, Show, createResource, createSignal, onMount, type JSX } from 'solid-js';
import type { CheckoutBody, OrderDetailBody } from '../../../server/contract/api.js';
import { ApiRequestError, errorMessage } from '../api/api-client.js';
import { fetchCheckout } from '../api/orders-api.js';
import { LiveIndicator } from '../components/LiveIndicator.jsx';
import { Loading } from '../components/Loading.jsx';
import { Notice } from '../components/Notice.jsx';
import { OrderFacts } from '../components/OrderFacts.jsx';
import { OrderItemsTable } from '../components/OrderItemsTable.jsx';
import { OrderProgressTracker } from '../components/OrderProgressTracker.jsx';
import { LiveOrderReturn } from '../components/OrderReturn.jsx';
import { RequireUser } from '../components/RequireUser.jsx';
import { usePageTitle } from '../components/page-title.js';
import { formatMoney } from '../format/money.js';
import { createOrderLive, followReturnRequest, statusBodyOf } from '../live/create-order-live.js';
import { createPageSocket } from '../live/create-page-socket.js';
import type { SocketFactory } from '../live/live-socket.js';
import { usePathParam } from '../path-params.js';
import { canBuyerCancel } from '../../../server/domain/order-status.js';
import { NotifyMe } from '../components/NotifyMe.jsx';
import { createNotificationPermission, notifyStatusChanges } from '../live/status-notifications.js';

/** What the checkout page hands over when it navigates here. */
export interface CheckoutPageState {
  placed: true;
}

function isPlacedState(state: unknown): state is CheckoutPageState {
  return typeof state === 'object' && state !== null && 'placed' in state && state.placed === true;
}

export function CheckoutConfirmationPage(): JSX.Element {
  const checkoutNumber = usePathParam('checkout_number');
  return (
    <RequireUser>
      <CheckoutLoader checkoutNumber={checkoutNumber()} />
    </RequireUser>
  );
}

function CheckoutLoader(props: { checkoutNumber: string }): JSX.Element {
  const location = useLocation();
  const navigate = useNavigate();
  // Read once, then taken off the history entry: a reload must not thank the buyer again.
  const [justPlaced] = createSignal(isPlacedState(location.state));
  onMount(() => {
    if (justPlaced()) navigate(`${location.pathname}${location.search}`, { replace: true, state: null, scroll: false });
  });
  const [checkout] = createResource(() => props.checkoutNumber, fetchCheckout);
  usePageTitle(() => (checkout.error ? 'Checkout not found' : `Checkout ${props.checkoutNumber}`));
  const notFound = () => checkout.error instanceof ApiRequestError && checkout.error.status === 404;
  return (
    <div class="page">
      <Show when={checkout.error}>
        <h1>{notFound() ? 'Checkout not found' : 'Could not load this checkout'}</h1>
        <Notice kind="error">{notFound() ? `We could not find checkout ${props.checkoutNumber} in your account.` : errorMessage(checkout.error)}</Notice>
        <p>
          <a href="/orders">See all your orders</a>
        </p>
      </Show>
      <Show when={!checkout.error}>
        <Show when={checkout()} keyed fallback={<Loading label="Loading your checkout…" />}>
          {(body) => <CheckoutView checkout={body} justPlaced={justPlaced()} />}
        </Show>
      </Show>
    </div>
  );
}

function CheckoutView(props: { checkout: CheckoutBody; justPlaced: boolean }): JSX.Element {
  const count = props.checkout.orders.length;
  const notifier = createNotificationPermission();
  // The trackers share one connection, each watching its own order's room on it.
  const createSocket = createPageSocket();
  return (
    <>
      <Show when={props.justPlaced}>
        <Notice kind="success" title="Thank you!">
          <Show when={count > 1} fallback={<>Your order {props.checkout.orders[0]?.order_number} has been placed.</>}>
            Your {count} orders have been placed: your cart had items from {count} sellers, so it became one order per seller.
          </Show>{' '}
          You will see every update here as it happens.
        </Notice>
      </Show>

      <div class="page__header">
        <div>
          <p class="page__eyebrow">Checkout</p>
          <h1 class="order-number">{props.checkout.checkout_number}</h1>
        </div>
      </div>

      <section class="card checkout-summary" aria-labelledby="checkout-summary-heading">
        <h2 id="checkout-summary-heading">Summary</h2>
        <dl class="order-facts">
          <div>
            <dt>Orders</dt>
            <dd>{count === 1 ? '1 order' : `${count} orders, one per seller`}</dd>
          </div>
          <div>
            <dt>Total</dt>
            <dd class="checkout-summary__total">{formatMoney(props.checkout.total_amount, props.checkout.currency)}</dd>
          </div>
        </dl>
        {/* Placed, paid and shipped the same way for every order of the checkout. */}
        <Show when={props.checkout.orders[0]}>{(first) => <OrderFacts order={first()} showSeller={false} />}</Show>
        <NotifyMe notifier={notifier} />
      </section>

      <For each={props.checkout.orders}>{(order) => <CheckoutOrder order={order} createSocket={createSocket} />}</For>

      <p>
        <a href="/orders">← All my orders</a>
      </p>
    </>
  );
}

/** One order of the checkout, with its own live tracker on the page's socket. */
function CheckoutOrder(props: { order: OrderDetailBody; createSocket: SocketFactory }): JSX.Element {
  const initial = statusBodyOf(props.order);
  const live = createOrderLive(props.order.order_id, { initial, createSocket: props.createSocket, ...followReturnRequest(props.order) });
  const current = () => live.status() ?? initial;
  notifyStatusChanges(() => props.order.order_number, current);
  const headingId = `checkout-order-${props.order.order_id}`;
  const orderPath = `/order-confirmation/${encodeURIComponent(props.order.order_number)}`;
  return (
    <section class="card checkout-order" aria-labelledby={headingId} data-order-number={props.order.order_number}>
      <div class="checkout-order__header">
        <h2 id={headingId}>
          Order <a href={orderPath}>{props.order.order_number}</a>
          <span class="checkout-order__store"> from {props.order.seller.store_name}</span>
        </h2>
        <LiveIndicator mode={live.mode()} />
      </div>
      <OrderProgressTracker status={current().status} history={current().history} shipment={current().shipment} />
      <LiveOrderReturn order={props.order} current={current()} live={live} />
      <OrderItemsTable items={props.order.items} total={props.order.total_amount} currency={props.order.currency} />
      {/* The order's own page has what this summary leaves out: the timeline and, while allowed, the cancel button. */}
      <p class="checkout-order__more">
        <a class="button button--secondary" href={orderPath}>
          {canBuyerCancel(current().status) ? 'Details, timeline and cancel' : 'Details and timeline'}
          <span class="visually-hidden"> of order {props.order.order_number}</span>
        </a>
      </p>
    </section>
  );
}
