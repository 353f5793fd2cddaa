/**
 * "Change status" for the selected orders: one new status for all of them, each order moved
 * on its own by the server, and each order's result listed (changed, already there, or why
 * it was refused). Only statuses that at least one selected order can move to are offered;
 * shipping without a tracking number is asked about once more, as in the single-order dialog.
 */
import { For, Show, createSignal, type JSX } from 'solid-js';
import { Portal } from 'solid-js/web';
import type { BulkStatusBody, BulkStatusResult, SellerOrderRow } from '../../../../server/contract/api.js';
import { ORDER_STATUSES, STATUS_INFO, isOrderStatus, nextStatuses, type OrderStatus } from '../../../../server/domain/order-status.js';
import { errorMessage } from '../../api/api-client.js';
import { bulkUpdateOrderStatus, type BulkStatusInput } from '../../api/seller-api.js';
import { focusableIn } from '../../components/focus-trap.js';
import { BuyerMessageField, NoTrackingConfirm, NoteField, SHIPPING_STATUS, ShipmentFieldset, createChangeExtras } from '../../components/StatusChangeExtras.jsx';
import { useModalBehaviour, type FocusReturn } from '../../components/modal-behaviour.js';

export interface BulkStatusDialogProps {
  orders: readonly Pick<SellerOrderRow, 'order_id' | 'order_number' | 'status' | 'version'>[];
  onClose: () => void;
  onApplied?: (results: BulkStatusResult[]) => void;
  returnFocusTo?: FocusReturn;
  submit?: (input: BulkStatusInput) => Promise<BulkStatusBody>;
}

/** Each status some selected order can move to, with how many of them can. */
function reachable(orders: BulkStatusDialogProps['orders']): { status: OrderStatus; movable: number }[] {
  return ORDER_STATUSES.map((status) => ({ status, movable: orders.filter((o) => nextStatuses(o.status).includes(status)).length })).filter(
    (option) => option.movable > 0,
  );
}

export function BulkStatusDialog(props: BulkStatusDialogProps): JSX.Element {
  const submit = props.submit ?? bulkUpdateOrderStatus;
  // The selection as it was when the dialog opened: the versions the seller saw.
  const orders = [...props.orders];
  const numberOf = new Map(orders.map((o) => [o.order_id, o.order_number]));
  const options = reachable(orders);
  const [choice, setChoice] = createSignal<OrderStatus | ''>(options[0]?.status ?? '');
  const extras = createChangeExtras();
  const [sending, setSending] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);
  const [results, setResults] = createSignal<BulkStatusResult[] | null>(null);
  let dialog: HTMLDivElement | undefined;
  let done: HTMLButtonElement | undefined;

  useModalBehaviour({
    dialog: () => dialog,
    onClose: () => props.onClose(),
    returnFocusTo: props.returnFocusTo,
    focusFirst: () => (dialog && focusableIn(dialog).find((element) => element.tagName === 'SELECT'))?.focus(),
  });

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const status = choice();
    if (!status || sending()) return;
    const problem = extras.problem(status);
    if (problem) {
      setFailure(problem);
      return;
    }
    setFailure(null);
    if (extras.asksBeforeSending(status)) return;
    void send(status);
  };

  const send = async (status: OrderStatus) => {
    const input: BulkStatusInput = {
      order_ids: orders.map((o) => o.order_id),
      new_status: status,
      expected_versions: Object.fromEntries(orders.map((o) => [String(o.order_id), o.version])),
      ...extras.forStatus(status),
    };
    setSending(true);
    setFailure(null);
    try {
      const body = await submit(input);
      setResults(body.results);
      props.onApplied?.(body.results);
      done?.focus();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSending(false);
    }
  };

  const summary = (list: BulkStatusResult[]) => {
    const changed = list.filter((r) => r.ok && r.changed).length;
    const unchanged = list.filter((r) => r.ok && !r.changed).length;
    const refused = list.length - changed - unchanged;
    return [`${changed} changed`, unchanged ? `${unchanged} already there` : '', refused ? `${refused} not changed` : ''].filter(Boolean).join(', ') + '.';
  };

  const describe = (result: BulkStatusResult) => {
    if (!result.ok) return `not changed: ${result.error.message}`;
    const info = STATUS_INFO[result.order.status];
    return result.changed ? `now ${info.label} ${info.emoji}` : `already ${info.label} ${info.emoji}`;
  };

  return (
    <Portal>
      <div class="modal-backdrop" onClick={(event) => event.target === event.currentTarget && props.onClose()}>
        <div ref={dialog} class="modal" role="dialog" aria-modal="true" aria-labelledby="bulk-status-title">
          <div class="modal__header">
            <h2 id="bulk-status-title" class="modal__title">
              Change status of {orders.length} {orders.length === 1 ? 'order' : 'orders'}
            </h2>
            <button type="button" class="button button--ghost modal__close" onClick={() => props.onClose()} aria-label="Close dialog">
              <span aria-hidden="true">×</span>
            </button>
          </div>

          <Show when={failure()}>
            <div class="notice notice--error" role="alert">
              {failure()}
            </div>
          </Show>

          <Show
            when={results()}
            fallback={
              <Show
                when={options.length > 0}
                fallback={
                  <>
                    <p class="modal__final">None of the selected orders can change any more: they are all in a final status.</p>
                    <div class="modal__actions">
                      <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
                        Close
                      </button>
                    </div>
                  </>
                }
              >
                <form class="form" onSubmit={onSubmit} novalidate>
                  <p class="modal__current">
                    {orders.map((o) => `${o.order_number} (${STATUS_INFO[o.status].label})`).join(', ')}
                  </p>
                  <div class="field">
                    <label for="bulk-status-choice">New status</label>
                    <select
                      id="bulk-status-choice"
                      value={choice()}
                      onChange={(event) => {
                        const value = event.currentTarget.value;
                        if (isOrderStatus(value)) setChoice(value);
                      }}
                    >
                      <For each={options}>
                        {(option) => (
                          <option value={option.status}>
                            {STATUS_INFO[option.status].emoji} {STATUS_INFO[option.status].label}
                            {option.movable < orders.length ? ` (${option.movable} of ${orders.length} can)` : ''}
                          </option>
                        )}
                      </For>
                    </select>
                  </div>
                  <Show when={choice() === SHIPPING_STATUS}>
                    <ShipmentFieldset id="bulk-status" legend="Shipment (the same for every order)" extras={extras} />
                  </Show>
                  <BuyerMessageField id="bulk-status" extras={extras} />
                  <NoteField id="bulk-status" hint="optional, seen by sellers only" extras={extras} />
                  <NoTrackingConfirm
                    id="bulk-status"
                    extras={extras}
                    status={choice()}
                    orders={options.find((option) => option.status === SHIPPING_STATUS)?.movable ?? 0}
                    sending={sending()}
                    onConfirm={() => void send(SHIPPING_STATUS)}
                  />
                  <div class="modal__actions">
                    <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
                      Cancel
                    </button>
                    <button type="submit" class="button button--primary" disabled={sending() || !choice()} aria-busy={sending()}>
                      {sending() ? 'Applying…' : `Apply to ${orders.length} ${orders.length === 1 ? 'order' : 'orders'}`}
                    </button>
                  </div>
                </form>
              </Show>
            }
          >
            {(list) => (
              <>
                <p class="notice notice--info" role="status">
                  {summary(list())}
                </p>
                <ul class="bulk-results" aria-label="Result for each order">
                  <For each={list()}>
                    {(result) => (
                      <li class={result.ok ? 'bulk-results__ok' : 'bulk-results__refused'} data-order-id={result.order_id}>
                        <span aria-hidden="true">{result.ok ? '✓' : '✗'}</span> <span class="orders-table__number">{numberOf.get(result.order_id)}</span>:{' '}
                        {describe(result)}
                      </li>
                    )}
                  </For>
                </ul>
                <div class="modal__actions">
                  <button ref={done} type="button" class="button button--primary" onClick={() => props.onClose()}>
                    Done
                  </button>
                </div>
              </>
            )}
          </Show>
        </div>
      </div>
    </Portal>
  );
}
