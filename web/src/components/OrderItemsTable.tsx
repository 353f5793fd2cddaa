import { For, type JSX } from 'solid-js';
import type { Currency, OrderItemBody } from '../../../server/contract/api.js';
import { formatMoney } from '../format/money.js';

export function OrderItemsTable(props: { items: readonly OrderItemBody[]; total: number; currency: Currency }): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="table order-items">
        <caption class="visually-hidden">Items in this order</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" class="numeric">
              Qty
            </th>
            <th scope="col" class="numeric order-items__unit">
              Price
            </th>
            <th scope="col" class="numeric">
              Subtotal
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.items}>
            {(item) => (
              <tr>
                <td>
                  <span class="order-items__name">{item.product_name}</span>
                  <span class="order-items__variant">{[item.size && `Size ${item.size}`, item.color && `Colour ${item.color}`].filter(Boolean).join(' · ')}</span>
                  {/* On a phone the Price column gives way to this line (styles: .order-items__each). */}
                  <span class="order-items__each">{formatMoney(item.unit_price, props.currency)} each</span>
                </td>
                <td class="numeric">{item.quantity}</td>
                <td class="numeric order-items__unit">{formatMoney(item.unit_price, props.currency)}</td>
                <td class="numeric">{formatMoney(item.unit_price * item.quantity, props.currency)}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td class="order-items__unit" />
            <td class="numeric order-items__total">{formatMoney(props.total, props.currency)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
