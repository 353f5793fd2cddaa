import { For, Show, type JSX } from 'solid-js';
import type { SellerOrderRow } from '../../../../server/contract/api.js';
import { isFinal } from '../../../../server/domain/order-status.js';
import { StatusBadge } from '../../components/StatusBadge.jsx';
import { formatDateTime } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';

export interface SellerOrdersTableProps {
  orders: readonly SellerOrderRow[];
  caption: string;
  highlighted: ReadonlySet<number>;
  viewHref: (row: SellerOrderRow) => string;
  onUpdate: (row: SellerOrderRow, opener: HTMLElement) => void;
  selected: ReadonlySet<number>;
  onSelect: (row: SellerOrderRow, selected: boolean) => void;
}

export function SellerOrdersTable(props: SellerOrdersTableProps): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="table orders-table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="orders-table__select">
              <span class="visually-hidden">Selected</span>
            </th>
            <th scope="col">Order #</th>
            <th scope="col">Customer</th>
            <th scope="col">Placed</th>
            <th scope="col" class="numeric">
              Items
            </th>
            <th scope="col" class="numeric">
              Total
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.orders}>
            {(row) => (
              <tr classList={{ 'is-highlighted': props.highlighted.has(row.order_id), 'is-selected': props.selected.has(row.order_id) }} data-order-id={row.order_id}>
                <td class="orders-table__select">
                  <input
                    type="checkbox"
                    id={`select-order-${row.order_id}`}
                    checked={props.selected.has(row.order_id)}
                    onChange={(event) => props.onSelect(row, event.currentTarget.checked)}
                  />
                  <label for={`select-order-${row.order_id}`} class="visually-hidden">
                    Select order {row.order_number}
                  </label>
                </td>
                <th scope="row" data-label="Order #">
                  <span class="orders-table__number">{row.order_number}</span>
                </th>
                <td data-label="Customer">{row.customer_name}</td>
                <td data-label="Placed">
                  <time datetime={row.created_at}>{formatDateTime(row.created_at)}</time>
                </td>
                <td data-label="Items" class="numeric">
                  {row.item_count}
                </td>
                <td data-label="Total" class="numeric">
                  {formatMoney(row.total_amount, row.currency)}
                </td>
                <td data-label="Status">
                  <StatusBadge status={row.status} />
                </td>
                <td class="orders-table__actions">
                  <a class="button button--secondary button--small orders-table__view" href={props.viewHref(row)} noscroll>
                    View<span class="visually-hidden"> order {row.order_number}</span>
                  </a>
                  <Show when={!isFinal(row.status)} fallback={<span class="orders-table__final">Final</span>}>
                    <button type="button" class="button button--primary button--small orders-table__update" onClick={(event) => props.onUpdate(row, event.currentTarget)}>
                      Update<span class="visually-hidden"> order {row.order_number}</span>
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
