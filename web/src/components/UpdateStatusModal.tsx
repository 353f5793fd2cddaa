/**
 * The seller's status update dialog: only legal next statuses, shipment details when
 * shipping (and a step that asks again before shipping without a tracking number), a message
 * to the buyer, and the server's answer in words. A version conflict shows what the order
 * has become so the seller can decide again; so does a change made elsewhere while the dialog
 * is open (the `order` prop follows the order's pushes), before the seller even submits.
 */
import { For, Show, createEffect, createSignal, on, type JSX } from 'solid-js';
import { Portal } from 'solid-js/web';
import type { OrderStatusBody, UpdateStatusBody } from '../../../server/contract/api.js';
import { STATUS_INFO, isOrderStatus, nextStatuses, type OrderStatus } from '../../../server/domain/order-status.js';
import { ApiRequestError, errorMessage } from '../api/api-client.js';
import type { Carrier } from '../api/carriers-api.js';
import { fetchOrderStatus } from '../api/orders-api.js';
import { updateOrderStatus, type UpdateStatusInput } from '../api/seller-api.js';
import { focusableIn } from './focus-trap.js';
import { BuyerMessageField, NoTrackingConfirm, NoteField, SHIPPING_STATUS, ShipmentFieldset, createChangeExtras } from './StatusChangeExtras.jsx';
import { useModalBehaviour, type FocusReturn } from './modal-behaviour.js';

export interface ModalOrder {
  order_id: number;
  order_number: string;
  status: OrderStatus;
  version: number;
  customer_name?: string;
}

export interface UpdateStatusModalProps {
  /** Read reactively: a newer status or version arriving while open replaces the choices. */
  order: ModalOrder;
  onClose: () => void;
  onUpdated?: (order: UpdateStatusBody['order']) => void;
  /**
   * Where focus goes back to on close: the Update button that opened the dialog, or a
   * function that finds it again (a list refresh may have replaced the button).
   */
  returnFocusTo?: FocusReturn;
  submit?: (input: UpdateStatusInput) => Promise<UpdateStatusBody>;
  loadCurrent?: (orderId: number) => Promise<OrderStatusBody>;
  loadCarriers?: () => Promise<Carrier[]>;
}

interface Outcome {
  kind: 'success' | 'error' | 'conflict';
  text: string;
}

let modalCount = 0;

export function UpdateStatusModal(props: UpdateStatusModalProps): JSX.Element {
  const id = `update-status-${++modalCount}`;
  const submit = props.submit ?? updateOrderStatus;
  const loadCurrent = props.loadCurrent ?? fetchOrderStatus;
  const [current, setCurrent] = createSignal({ status: props.order.status, version: props.order.version });
  const options = () => nextStatuses(current().status);
  const [choice, setChoice] = createSignal<OrderStatus | ''>(options()[0] ?? '');
  const extras = createChangeExtras();
  const [sending, setSending] = createSignal(false);
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);
  let dialog: HTMLDivElement | undefined;
  let select: HTMLSelectElement | undefined;

  const focusFirstControl = () => (select ?? (dialog && focusableIn(dialog)[0]))?.focus();

  useModalBehaviour({ dialog: () => dialog, onClose: () => props.onClose(), returnFocusTo: props.returnFocusTo, focusFirst: focusFirstControl });

  const resetChoice = (status: OrderStatus) => setChoice(nextStatuses(status)[0] ?? '');

  // A change made elsewhere (another tab, a bulk change, the buyer cancelling) reaches the page
  // by push: the dialog takes the new status and version at once, offers the moves legal from
  // there, and says why its choices changed. Its own change comes back with the version it
  // already holds, so it is not news.
  createEffect(
    on(
      () => ({ status: props.order.status, version: props.order.version }),
      (latest) => {
        if (latest.version <= current().version) return;
        setCurrent(latest);
        const legal = nextStatuses(latest.status);
        const chosen = choice();
        if (!chosen || !legal.includes(chosen)) resetChoice(latest.status);
        const info = STATUS_INFO[latest.status];
        const next = legal.length > 0 ? 'The choices below now start from there.' : 'It cannot change any more.';
        setOutcome({ kind: 'conflict', text: `This order was changed elsewhere while this dialog was open: it is now ${info.label} ${info.emoji}. ${next}` });
        // A final status takes the form (and the focused control) away: keep focus in the dialog.
        queueMicrotask(() => {
          if (dialog && !dialog.contains(document.activeElement)) focusableIn(dialog)[0]?.focus();
        });
      },
      { defer: true },
    ),
  );

  const explainConflict = async () => {
    try {
      const latest = await loadCurrent(props.order.order_id);
      setCurrent({ status: latest.status, version: latest.version });
      resetChoice(latest.status);
      const info = STATUS_INFO[latest.status];
      setOutcome({
        kind: 'conflict',
        text: `Someone else changed this order while you were editing. It is now ${info.label} ${info.emoji}. Choose again if it still needs a change.`,
      });
    } catch {
      setOutcome({ kind: 'conflict', text: 'Someone else changed this order while you were editing. Close this dialog and reload the order.' });
    }
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const status = choice();
    if (!status || sending()) return;
    const problem = extras.problem(status);
    if (problem) {
      setOutcome({ kind: 'error', text: problem });
      return;
    }
    if (extras.asksBeforeSending(status)) {
      setOutcome(null);
      return;
    }
    void send(status);
  };

  const send = async (status: OrderStatus) => {
    const input: UpdateStatusInput = {
      order_id: props.order.order_id,
      new_status: status,
      expected_version: current().version,
      ...extras.forStatus(status),
    };

    setSending(true);
    setOutcome(null);
    try {
      const result = await submit(input);
      setCurrent({ status: result.order.status, version: result.order.version });
      resetChoice(result.order.status);
      const info = STATUS_INFO[result.order.status];
      setOutcome({
        kind: 'success',
        text: result.changed
          ? `Order ${props.order.order_number} is now ${info.label} ${info.emoji}.`
          : `Order ${props.order.order_number} was already ${info.label} ${info.emoji}; nothing changed.`,
      });
      extras.clearMessages();
      props.onUpdated?.(result.order);
    } catch (error) {
      if (error instanceof ApiRequestError && error.code === 'version_conflict') await explainConflict();
      else setOutcome({ kind: 'error', text: errorMessage(error) });
    } finally {
      setSending(false);
      if (dialog && !dialog.contains(document.activeElement)) focusFirstControl();
    }
  };

  const currentInfo = () => STATUS_INFO[current().status];

  return (
    <Portal>
      <div class="modal-backdrop" onClick={(event) => event.target === event.currentTarget && props.onClose()}>
        <div
          ref={dialog}
          class="modal"
          role="dialog"
          aria-modal="true"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-current`}
        >
          <div class="modal__header">
            <h2 id={`${id}-title`} class="modal__title">
              Update order <span class="nowrap">{props.order.order_number}</span>
            </h2>
            <button type="button" class="button button--ghost modal__close" onClick={() => props.onClose()} aria-label="Close dialog">
              <span aria-hidden="true">×</span>
            </button>
          </div>
          <p id={`${id}-current`} class="modal__current">
            Current status:{' '}
            <strong>
              {currentInfo().label} {currentInfo().emoji}
            </strong>
            <Show when={props.order.customer_name}>{(name) => <> · Customer: {name()}</>}</Show>
          </p>

          <Show when={outcome()}>
            {(shown) => (
              <div class={`notice notice--${shown().kind === 'success' ? 'success' : 'error'}`} role={shown().kind === 'success' ? 'status' : 'alert'}>
                {shown().text}
              </div>
            )}
          </Show>

          <Show
            when={options().length > 0}
            fallback={
              <p class="modal__final">
                {currentInfo().label} is a final status: this order cannot change any more.
              </p>
            }
          >
            <form class="form" onSubmit={onSubmit} novalidate>
              <div class="field">
                <label for={`${id}-status`}>New status</label>
                <select
                  id={`${id}-status`}
                  ref={select}
                  value={choice()}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    if (isOrderStatus(value)) setChoice(value);
                  }}
                >
                  <For each={options()}>
                    {(status) => (
                      <option value={status}>
                        {STATUS_INFO[status].emoji} {STATUS_INFO[status].label}
                      </option>
                    )}
                  </For>
                </select>
              </div>

              <Show when={choice() === SHIPPING_STATUS}>
                <ShipmentFieldset id={id} legend="Shipment" extras={extras} loadCarriers={props.loadCarriers} />
              </Show>

              <BuyerMessageField id={id} extras={extras} />
              <NoteField id={id} hint="optional, seen by sellers only" extras={extras} />

              <NoTrackingConfirm id={id} extras={extras} status={choice()} orders={1} sending={sending()} onConfirm={() => void send(SHIPPING_STATUS)} />

              <div class="modal__actions">
                <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
                  Close
                </button>
                <button type="submit" class="button button--primary" disabled={sending() || !choice()} aria-busy={sending()}>
                  {sending() ? 'Saving…' : 'Update status'}
                </button>
              </div>
            </form>
          </Show>
          <Show when={options().length === 0}>
            <div class="modal__actions">
              <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
                Close
              </button>
            </div>
          </Show>
        </div>
      </div>
    </Portal>
  );
}
