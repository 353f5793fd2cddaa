/**
 * How the order list is ordered and which days it covers, and the CSV export of exactly what
 * it selects. Each control applies as it changes (the URL is the state).
 */
import { For, Show, createSignal, type JSX } from 'solid-js';
import { SELLER_ORDER_SORTS, isSellerOrderSortName, type SellerOrderSortName } from '../../../../server/domain/seller-orders.js';
import type { DashboardQuery } from './dashboard-query.js';

export const SORT_LABELS: Record<SellerOrderSortName, string> = {
  '-created_at': 'Newest first',
  created_at: 'Oldest first',
  '-total_amount': 'Highest total',
  total_amount: 'Lowest total',
};

export interface OrderListControlsProps {
  query: Pick<DashboardQuery, 'sort' | 'from' | 'to'>;
  onChange: (next: Partial<Pick<DashboardQuery, 'sort' | 'from' | 'to'>>) => void;
  csvHref: string;
}

export function OrderListControls(props: OrderListControlsProps): JSX.Element {
  const [problem, setProblem] = createSignal<string | null>(null);

  const applyDates = (from: string, to: string) => {
    if (from && to && from > to) {
      setProblem('The “From” day must not be after the “To” day.');
      return;
    }
    setProblem(null);
    props.onChange({ from, to });
  };

  return (
    <div class="order-controls">
      <div class="field field--inline">
        <label for="orders-sort">Sort</label>
        <select
          id="orders-sort"
          value={props.query.sort}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isSellerOrderSortName(value)) props.onChange({ sort: value });
          }}
        >
          <For each={SELLER_ORDER_SORTS}>{(sort) => <option value={sort}>{SORT_LABELS[sort]}</option>}</For>
        </select>
      </div>
      <fieldset class="order-controls__dates" aria-describedby={problem() ? 'orders-dates-problem' : undefined}>
        <legend>Placed</legend>
        <DayInput id="orders-from" label="From" value={props.query.from} max={props.query.to} invalid={problem() !== null} onPick={(day) => applyDates(day, props.query.to)} />
        <DayInput id="orders-to" label="To" value={props.query.to} min={props.query.from} invalid={problem() !== null} onPick={(day) => applyDates(props.query.from, day)} />
        <Show when={props.query.from || props.query.to}>
          <button type="button" class="button button--ghost button--small" onClick={() => applyDates('', '')}>
            Any day<span class="visually-hidden">: clear the dates</span>
          </button>
        </Show>
      </fieldset>
      <a class="button button--secondary order-controls__export" href={props.csvHref} download="">
        <span aria-hidden="true">⬇</span> Export CSV<span class="visually-hidden"> of the orders shown by these filters, every page</span>
      </a>
      <Show when={problem()}>
        <p id="orders-dates-problem" class="order-controls__problem" role="alert">
          {problem()}
        </p>
      </Show>
    </div>
  );
}

function DayInput(props: { id: string; label: string; value: string; min?: string; max?: string; invalid: boolean; onPick: (day: string) => void }): JSX.Element {
  return (
    <div class="field field--inline">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="date"
        value={props.value}
        min={props.min || undefined}
        max={props.max || undefined}
        aria-invalid={props.invalid ? true : undefined}
        onChange={(event) => props.onPick(event.currentTarget.value)}
      />
    </div>
  );
}
