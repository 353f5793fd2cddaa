/** One order as its seller sees it: facts, items, the full history, its return request, and the Update action. */
import { Show, createEffect, createResource, createSignal, on, type Accessor, type JSX } from 'solid-js';
import { ApiRequestError, errorMessage } from '../../api/api-client.js';
import { fetchOrder } from '../../api/orders-api.js';
import { Loading } from '../../components/Loading.jsx';
import { MiniProgress } from '../../components/MiniProgress.jsx';
import { Notice } from '../../components/Notice.jsx';
import { OrderFacts } from '../../components/OrderFacts.jsx';
import { OrderHistoryList } from '../../components/OrderHistoryList.jsx';
import { OrderItemsTable } from '../../components/OrderItemsTable.jsx';
import { StatusBadge } from '../../components/StatusBadge.jsx';
import { UpdateStatusModal } from '../../components/UpdateStatusModal.jsx';
import { usePageTitle } from '../../components/page-title.js';
import { isFinal } from '../../../../server/domain/order-status.js';
import { ShipmentLine } from '../../components/ShipmentLine.jsx';
import { formatDeliveryWindow } from '../../format/dates.js';
import { SellerOrderReturn } from './SellerOrderReturn.jsx';

export function SellerOrderView(props: { orderNumber: string; backHref: string; revision: Accessor<number>; onChanged: () => void }): JSX.Element {
  const [order, { refetch }] = createResource(() => props.orderNumber, fetchOrder);
  const [opener, setOpener] = createSignal<HTMLElement | null>(null);
  createEffect(on(props.revision, () => void refetch(), { defer: true }));
  usePageTitle(() => `Order ${props.orderNumber} · Seller dashboard`);

  // Keep showing the last good copy while a refetch runs, so the page does not flicker.
  const latest = () => (order.error ? undefined : order.latest);

  return (
    <section aria-labelledby="seller-order-heading">
      <p>
        <a href={props.backHref}>← Back to orders</a>
      </p>
      <Show when={order.error}>
        <h1 id="seller-order-heading">Order {props.orderNumber}</h1>
        <Notice kind="error">
          {order.error instanceof ApiRequestError && order.error.status === 404 ? 'This order does not exist or is not one of yours.' : errorMessage(order.error)}
        </Notice>
      </Show>
      <Show when={latest()} fallback={<Show when={!order.error}><Loading label="Loading order…" /></Show>}>
        {(detail) => (
          <>
            <div class="page__header">
              <div>
                <p class="page__eyebrow">Order</p>
                <h1 id="seller-order-heading" class="order-number">
                  {detail().order_number}
                </h1>
              </div>
              <div class="page__actions">
                <StatusBadge status={detail().status} />
                <Show when={!isFinal(detail().status)}>
                  <button type="button" class="button button--primary" onClick={(event) => setOpener(event.currentTarget)}>
                    Update status
                  </button>
                </Show>
              </div>
            </div>
            <div class="seller-order-progress">
              <MiniProgress status={detail().status} />
            </div>
            <Show when={detail().return_request}>
              {(request) => (
                <SellerOrderReturn
                  request={request()}
                  customerName={detail().customer_name}
                  onDecided={() => {
                    props.onChanged();
                    return Promise.resolve(refetch());
                  }}
                />
              )}
            </Show>
            <div class="order-layout">
              <section class="card" aria-labelledby="seller-items-heading">
                <h2 id="seller-items-heading">Items</h2>
                <OrderItemsTable items={detail().items} total={detail().total_amount} currency={detail().currency} />
                <h2>Details</h2>
                <OrderFacts order={detail()} showCustomer />
                <Show when={detail().shipment.carrier || detail().shipment.tracking_number}>
                  <ShipmentLine shipment={detail().shipment} />
                </Show>
                <Show when={detail().status === 'shipped' && detail().shipment.estimated_delivery}>
                  {(window) => <p class="shipment-line">Arriving {formatDeliveryWindow(window()) ?? `${window().earliest} – ${window().latest}`}</p>}
                </Show>
              </section>
              <section class="card" aria-labelledby="seller-history-heading">
                <h2 id="seller-history-heading">History</h2>
                <OrderHistoryList history={detail().history} />
              </section>
            </div>
            <Show when={opener()} keyed>
              {(button) => (
                <UpdateStatusModal
                  order={{
                    order_id: detail().order_id,
                    order_number: detail().order_number,
                    status: detail().status,
                    version: detail().version,
                    customer_name: detail().customer_name,
                  }}
                  returnFocusTo={button}
                  onClose={() => setOpener(null)}
                  onUpdated={() => {
                    void refetch();
                    props.onChanged();
                  }}
                />
              )}
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
