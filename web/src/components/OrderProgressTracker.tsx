/**
 * The buyer's tracker: the five main steps with icon, label and the time each was
 * reached; connector bars filled up to the current step; cancelled and returned shown
 * off the main track; a polite live region that announces every change (with the expected
 * arrival while the parcel travels); and the carrier with its tracking link once shipped.
 */
import { For, Show, createMemo, type JSX } from 'solid-js';
import type { HistoryEntry, ShipmentBody } from '../../../server/contract/api.js';
import { MAIN_TRACK, STATUS_INFO, type OrderStatus } from '../../../server/domain/order-status.js';
import { formatDateTime, formatDeliveryWindow } from '../format/dates.js';
import { StatusIcon } from './icons.jsx';
import { ShipmentLine } from './ShipmentLine.jsx';

export interface OrderProgressTrackerProps {
  status: OrderStatus;
  history: readonly HistoryEntry[];
  shipment?: ShipmentBody | null;
}

type StepState = 'done' | 'current' | 'upcoming' | 'skipped';

/** When each status was last reached, from the order's history. */
function reachedAt(history: readonly HistoryEntry[]): Map<OrderStatus, string> {
  const times = new Map<OrderStatus, string>();
  for (const entry of history) times.set(entry.status, entry.at);
  return times;
}

/** A page may show several trackers (a checkout's orders): each heading needs its own id. */
let trackerCount = 0;

export function OrderProgressTracker(props: OrderProgressTrackerProps): JSX.Element {
  const headingId = `tracker-heading-${++trackerCount}`;
  const info = () => STATUS_INFO[props.status];
  const leadingEmoji = () => (info().message.startsWith(info().emoji) ? info().emoji : null);
  const offTrack = () => info().step === 0;
  const times = createMemo(() => reachedAt(props.history));

  const stepState = (status: OrderStatus): StepState => {
    const step = STATUS_INFO[status].step;
    if (offTrack()) return times().has(status) ? 'done' : 'skipped';
    if (step < info().step) return 'done';
    return step === info().step ? 'current' : 'upcoming';
  };

  // Carrier details matter from the moment the parcel leaves; a return keeps them too.
  const showShipment = () => {
    const shipment = props.shipment;
    const shipped = STATUS_INFO[props.status].step >= STATUS_INFO.shipped.step || times().has('shipped');
    return shipped && (shipment?.carrier || shipment?.tracking_number) ? shipment : null;
  };
  // The expected arrival is news only while the parcel travels.
  const arriving = () => {
    const window = props.shipment?.estimated_delivery;
    return props.status === 'shipped' && window ? formatDeliveryWindow(window) : null;
  };

  return (
    <section class="tracker" aria-labelledby={headingId} data-status={props.status}>
      <h2 id={headingId} class="tracker__heading">
        Order progress
      </h2>
      <ol class="tracker__steps" classList={{ 'tracker__steps--stopped': offTrack() }}>
        <For each={MAIN_TRACK}>
          {(status) => {
            const state = () => stepState(status);
            const time = () => times().get(status);
            return (
              <li
                class={`tracker__step tracker__step--${state()}`}
                data-status={status}
                aria-current={state() === 'current' ? 'step' : undefined}
              >
                <span class="tracker__icon" aria-hidden="true">
                  <StatusIcon status={status} />
                </span>
                <span class="tracker__label">{STATUS_INFO[status].label}</span>
                <span class="visually-hidden">{STEP_STATE_WORDS[state()]}</span>
                <span class="tracker__time">
                  <Show when={time()} fallback={state() === 'skipped' ? <span aria-hidden="true">—</span> : 'Not yet'}>
                    {(at) => <time datetime={at()}>{formatDateTime(at())}</time>}
                  </Show>
                </span>
              </li>
            );
          }}
        </For>
      </ol>

      <Show when={offTrack()}>
        <p class={`tracker__off-track tracker__off-track--${props.status}`} aria-current="step" data-status={props.status}>
          <span class="tracker__icon" aria-hidden="true">
            <StatusIcon status={props.status} />
          </span>
          <span>
            <strong>{info().label}</strong>
            <Show when={times().get(props.status)}>
              {(at) => (
                <>
                  {' on '}
                  <time datetime={at()}>{formatDateTime(at())}</time>
                </>
              )}
            </Show>
          </span>
        </p>
      </Show>

      {/* Off the main track, the box above already says it ("Cancelled on …"): the message is
          then for screen readers only, so the page does not say it twice. */}
      <p class="tracker__message" classList={{ 'visually-hidden': offTrack() }} role="status" aria-live="polite" aria-atomic="true">
        {/* The message starts with the status's emoji ("Shipped — 📦 Your order is on its way!"):
            it is drawn as the status's icon, like the steps above, so no emoji font is needed to
            see it, and kept in the text for screen readers and anyone who copies it. */}
        <strong>{info().label}</strong>
        {' — '}
        <Show when={leadingEmoji()} fallback={info().message}>
          {(emoji) => (
            <>
              <StatusIcon status={props.status} class="tracker__message-icon" />
              <span class="visually-hidden">{emoji()}</span>
              {info().message.slice(emoji().length)}
            </>
          )}
        </Show>
        <Show when={arriving()}>{(text) => <span class="tracker__arriving">{` Arriving ${text()}`}</span>}</Show>
      </p>

      <Show when={showShipment()}>{(shipment) => <ShipmentLine shipment={shipment()} />}</Show>
    </section>
  );
}

/** The carrier and the tracking number, a link to the carrier's tracking page when it is known. */
const STEP_STATE_WORDS: Record<StepState, string> = {
  done: '(completed)',
  current: '(current step)',
  upcoming: '(not reached yet)',
  skipped: '(not reached)',
};
