/**
 * The buyer's side of a return, under an order's tracker: "Return this order" while the order
 * is delivered and within 30 days of its delivery (and no request is open), the form it opens,
 * and the request's status as the seller decides it. The form is part of the page's code (about
 * 1.5 kB gzipped): loaded on demand, it cost every page more than that in the chunks it split.
 */
import { Show, createSignal, type JSX } from 'solid-js';
import type { HistoryEntry, OrderStatusBody, ReturnRequestBody } from '../../../server/contract/api.js';
import type { OrderStatus } from '../../../server/domain/order-status.js';
import { RETURN_REASON_LABELS, returnDeadline } from '../api/returns-api.js';
import { formatDate, formatDateTime } from '../format/dates.js';
import type { OrderLiveSignals } from '../live/create-order-live.js';
import { ReturnRequestForm } from './ReturnRequestForm.jsx';

export interface OrderReturnProps {
  orderId: number;
  orderNumber: string;
  status: OrderStatus;
  history: readonly HistoryEntry[];
  returnRequest: ReturnRequestBody | null;
  /** The request the form just made. */
  onRequested: (request: ReturnRequestBody) => void;
  /** The server refused because the order changed meanwhile: fetch it again. */
  onStale: () => void;
  now?: () => Date;
}

export function OrderReturn(props: OrderReturnProps): JSX.Element {
  const [formOpen, setFormOpen] = createSignal(false);
  let openButton: HTMLButtonElement | undefined;
  let panel: HTMLDivElement | undefined;

  /** The deadline while the buyer may ask (delivered, in the window, no request but a declined one); null otherwise. */
  const askableUntil = (): Date | null => {
    const until = returnDeadline(props.history);
    // Only a declined request leaves room for another.
    if (props.status !== 'delivered' || (props.returnRequest && props.returnRequest.status !== 'declined') || until === null) return null;
    return until.getTime() > (props.now?.() ?? new Date()).getTime() ? until : null;
  };

  return (
    <div class="order-return">
      <Show when={props.returnRequest}>{(request) => <ReturnStatusPanel request={request()} ref={(element) => (panel = element)} />}</Show>
      <Show when={askableUntil()}>
        {(until) => (
          <Show
            when={formOpen()}
            fallback={
              <p class="order-return__offer">
                <button ref={openButton} type="button" class="button button--secondary" aria-describedby={`order-return-window-${props.orderId}`} onClick={() => setFormOpen(true)}>
                  Return this order
                </button>
                <span id={`order-return-window-${props.orderId}`} class="order-return__window">
                  Returns are accepted until {formatDate(until().toISOString())}.
                </span>
              </p>
            }
          >
            <ReturnRequestForm
              orderId={props.orderId}
              orderNumber={props.orderNumber}
              onCancel={() => {
                setFormOpen(false);
                queueMicrotask(() => openButton?.focus());
              }}
              onRequested={(request) => {
                setFormOpen(false);
                props.onRequested(request);
                queueMicrotask(() => panel?.focus());
              }}
              onStale={props.onStale}
            />
          </Show>
        )}
      </Show>
    </div>
  );
}

/** OrderReturn for a live order (createOrderLive with followReturnRequest), as the order pages show it. */
export function LiveOrderReturn(props: {
  order: { order_id: number; order_number: string };
  current: OrderStatusBody;
  live: Pick<OrderLiveSignals, 'returnRequest' | 'applyReturnRequest' | 'refresh'>;
}): JSX.Element {
  return (
    <OrderReturn
      orderId={props.order.order_id}
      orderNumber={props.order.order_number}
      status={props.current.status}
      history={props.current.history}
      returnRequest={props.live.returnRequest()}
      onRequested={props.live.applyReturnRequest}
      onStale={() => void props.live.refresh()}
    />
  );
}

/** Where the buyer's request stands. The restock choice is the seller's business: not shown here. */
export function ReturnStatusPanel(props: { request: ReturnRequestBody; ref?: (element: HTMLDivElement) => void }): JSX.Element {
  const title = () => {
    const request = props.request;
    if (request.status === 'approved') return 'Return approved';
    if (request.status === 'declined') return 'Return declined';
    return `Return requested on ${formatDate(request.created_at)}`;
  };
  return (
    // A status region: the seller's decision arriving by push is read out where it appears.
    <div ref={props.ref} class={`return-panel return-panel--${props.request.status}`} role="status" tabindex="-1" data-return-status={props.request.status}>
      <p class="return-panel__title">{title()}</p>
      <Show when={props.request.status === 'requested'}>
        <p>The seller will look at your request; this page shows their answer as soon as they give it.</p>
      </Show>
      <Show when={props.request.status === 'approved'}>
        <p>The seller accepted your return{props.request.decided_at ? ` on ${formatDateTime(props.request.decided_at)}` : ''}. The order is now marked Returned.</p>
      </Show>
      <Show when={props.request.status === 'declined'}>
        <p>The seller did not accept your return{props.request.decided_at ? ` on ${formatDateTime(props.request.decided_at)}` : ''}.</p>
      </Show>
      <Show when={props.request.buyer_message}>
        {(message) => (
          <blockquote class="return-panel__seller-message">
            <p>
              <span class="return-panel__label">Message from the seller: </span>
              {message()}
            </p>
          </blockquote>
        )}
      </Show>
      <dl class="order-facts return-panel__facts">
        <div>
          <dt>Reason</dt>
          <dd>{RETURN_REASON_LABELS[props.request.reason]}</dd>
        </div>
        <Show when={props.request.message}>
          {(message) => (
            <div>
              <dt>Your message</dt>
              <dd>{message()}</dd>
            </div>
          )}
        </Show>
        <Show when={props.request.status !== 'requested'}>
          <div>
            <dt>Requested</dt>
            <dd>{formatDate(props.request.created_at)}</dd>
          </div>
        </Show>
      </dl>
    </div>
  );
}
