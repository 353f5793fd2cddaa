/**
 * The seller's status update dialog: only legal next statuses, shipment details when
 * shipping, and the server's answer in words. A version conflict shows what the order
 * has become so the seller can decide again.
 */
import { For, Show, createSignal, onCleanup, onMount, type JSX } from 'solid-js';
import { Portal } from 'solid-js/web';
import type { OrderStatusBody, UpdateStatusBody } from '../../../server/contract/api.js';
import { STATUS_INFO, isOrderStatus, nextStatuses, type OrderStatus } from '../../../server/domain/order-status.js';
import { ApiRequestError, errorMessage } from '../api/api-client.js';
import { fetchOrderStatus } from '../api/orders-api.js';
import { updateOrderStatus, type UpdateStatusInput } from '../api/seller-api.js';
import { focusableIn, trapTab } from './focus-trap.js';

/** The status whose move records a shipment (carrier and tracking number). */
const SHIPPING_STATUS: OrderStatus = 'shipped';

export interface ModalOrder {
  order_id: number;
  order_number: string;
  status: OrderStatus;
  version: number;
  customer_name?: string;
}

export interface UpdateStatusModalProps {
  order: ModalOrder;
  onClose: () => void;
  onUpdated?: (order: UpdateStatusBody['order']) => void;
  /**
   * Where focus goes back to on close: the Update button that opened the dialog, or a
   * function that finds it again (a list refresh may have replaced the button).
   */
  returnFocusTo?: HTMLElement | (() => HTMLElement | null | undefined) | null;
  submit?: (input: UpdateStatusInput) => Promise<UpdateStatusBody>;
  loadCurrent?: (orderId: number) => Promise<OrderStatusBody>;
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
  const activeAtOpen = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  // Read once: props may be backed by parent state that is gone by the time we clean up.
  const returnFocusTo = props.returnFocusTo;
  const returnTarget = (): HTMLElement | null => {
    const target = returnFocusTo;
    if (typeof target === 'function') return target() ?? activeAtOpen;
    return target ?? activeAtOpen;
  };

  const [current, setCurrent] = createSignal({ status: props.order.status, version: props.order.version });
  const options = () => nextStatuses(current().status);
  const [choice, setChoice] = createSignal<OrderStatus | ''>(options()[0] ?? '');
  const [carrier, setCarrier] = createSignal('');
  const [tracking, setTracking] = createSignal('');
  const [note, setNote] = createSignal('');
  const [sending, setSending] = createSignal(false);
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);
  let dialog: HTMLDivElement | undefined;
  let select: HTMLSelectElement | undefined;

  const focusFirstControl = () => (select ?? (dialog && focusableIn(dialog)[0]))?.focus();

  // On the document, not the dialog: a button that disables itself while sending drops
  // focus to <body>, and Esc must still close the dialog then.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      props.onClose();
    } else if (dialog) {
      trapTab(event, dialog);
    }
  };

  // The page behind the dialog is inert while it is open: no focus, no clicks, and screen
  // readers do not wander out of the dialog (aria-modal alone is not honoured everywhere).
  const madeInert: Element[] = [];
  onMount(() => {
    document.body.classList.add('has-modal');
    for (const element of document.body.children) {
      if (dialog && !element.contains(dialog) && !element.hasAttribute('inert')) {
        element.setAttribute('inert', '');
        madeInert.push(element);
      }
    }
    document.addEventListener('keydown', onKeyDown);
    focusFirstControl();
  });
  onCleanup(() => {
    document.removeEventListener('keydown', onKeyDown);
    document.body.classList.remove('has-modal');
    for (const element of madeInert.splice(0)) element.removeAttribute('inert');
    const target = returnTarget();
    if (target?.isConnected) target.focus();
  });

  const resetChoice = (status: OrderStatus) => setChoice(nextStatuses(status)[0] ?? '');

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

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const status = choice();
    if (!status || sending()) return;
    const input: UpdateStatusInput = {
      order_id: props.order.order_id,
      new_status: status,
      expected_version: current().version,
    };
    if (status === SHIPPING_STATUS) {
      if (carrier().trim()) input.carrier = carrier().trim();
      if (tracking().trim()) input.tracking_number = tracking().trim();
    }
    if (note().trim()) input.note = note().trim();

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
      setNote('');
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
                <fieldset class="fieldset">
                  <legend>Shipment</legend>
                  <div class="field">
                    <label for={`${id}-carrier`}>Carrier</label>
                    <input id={`${id}-carrier`} type="text" autocomplete="off" maxLength={100} value={carrier()} onInput={(event) => setCarrier(event.currentTarget.value)} />
                  </div>
                  <div class="field">
                    <label for={`${id}-tracking`}>Tracking number</label>
                    <input id={`${id}-tracking`} type="text" autocomplete="off" maxLength={100} value={tracking()} onInput={(event) => setTracking(event.currentTarget.value)} />
                  </div>
                </fieldset>
              </Show>

              <div class="field">
                <label for={`${id}-note`}>
                  Note <span class="field__optional">(optional, shown in the order history)</span>
                </label>
                <textarea id={`${id}-note`} rows={2} maxLength={500} value={note()} onInput={(event) => setNote(event.currentTarget.value)} />
              </div>

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
