import { Show, type JSX } from 'solid-js';
import type { OrderDetailBody } from '../../../server/contract/api.js';
import { formatDateTime } from '../format/dates.js';
import { PAYMENT_METHOD_LABELS } from '../format/payment-methods.js';

/** Where it goes, how it is paid, who sells it. */
export function OrderFacts(props: { order: OrderDetailBody; showCustomer?: boolean; showSeller?: boolean }): JSX.Element {
  const address = () => props.order.shipping_address;
  return (
    <dl class="order-facts">
      <div>
        <dt>Placed</dt>
        <dd>
          <time datetime={props.order.created_at}>{formatDateTime(props.order.created_at)}</time>
        </dd>
      </div>
      <Show when={props.showCustomer}>
        <div>
          <dt>Customer</dt>
          <dd>{props.order.customer_name}</dd>
        </div>
      </Show>
      <Show when={props.showSeller ?? true}>
        <div>
          <dt>Seller</dt>
          <dd>{props.order.seller.store_name}</dd>
        </div>
      </Show>
      <div>
        <dt>Payment</dt>
        <dd>{PAYMENT_METHOD_LABELS[props.order.payment_method] ?? props.order.payment_method}</dd>
      </div>
      <div>
        <dt>Ship to</dt>
        <dd>
          <address>
            {address().name}
            <br />
            {address().line1}
            <Show when={address().line2}>
              <br />
              {address().line2}
            </Show>
            <br />
            {address().postal_code} {address().city}
            <br />
            {address().country}
          </address>
        </dd>
      </div>
    </dl>
  );
}
