/**
 * What a status change carries beside the status, the same in the single and the bulk
 * dialog: the shipment when shipping (a carrier from GET /api/carriers or "Other" as free
 * text, the tracking number, an optional delivery window), a message to the buyer, the
 * seller's internal note, and the step that asks again before shipping without a tracking number.
 */
import { For, Show, createResource, createSignal, onMount, type JSX } from 'solid-js';
import { MAX_BUYER_MESSAGE, type OrderStatus } from '../../../server/domain/order-status.js';
import { fetchCarriers, type Carrier } from '../api/carriers-api.js';
import type { UpdateStatusInput } from '../api/seller-api.js';

/** The status whose move records a shipment. */
export const SHIPPING_STATUS: OrderStatus = 'shipped';

/** The carrier picker's value for a carrier outside the list, named in its own field. */
export const OTHER_CARRIER = 'other';

export type ChangeExtras = Pick<UpdateStatusInput, 'carrier_code' | 'carrier' | 'tracking_number' | 'estimated_delivery' | 'note' | 'buyer_message'>;

/** The dialog's state of the extras, and what of it a change to `status` sends (blanks left out). */
export function createChangeExtras() {
  const [carrierChoice, setCarrierChoice] = createSignal('');
  const [otherCarrier, setOtherCarrier] = createSignal('');
  const [tracking, setTracking] = createSignal('');
  const [earliest, setEarliest] = createSignal('');
  const [latest, setLatest] = createSignal('');
  const [buyerMessage, setBuyerMessage] = createSignal('');
  const [note, setNote] = createSignal('');
  const [askingNoTracking, setAskingNoTracking] = createSignal(false);
  const shipsWithoutTracking = (status: OrderStatus) => status === SHIPPING_STATUS && !tracking().trim();
  return {
    carrierChoice,
    setCarrierChoice,
    otherCarrier,
    setOtherCarrier,
    tracking,
    setTracking,
    earliest,
    setEarliest,
    latest,
    setLatest,
    buyerMessage,
    setBuyerMessage,
    note,
    setNote,
    /** What must be fixed before a change to `status` can be sent, in words; null when nothing. */
    problem(status: OrderStatus): string | null {
      if (status !== SHIPPING_STATUS) return null;
      if (carrierChoice() === OTHER_CARRIER && !otherCarrier().trim()) return 'Name the carrier, or pick one from the list.';
      if (Boolean(earliest()) !== Boolean(latest())) return 'Give both dates of the estimated delivery, or leave both empty.';
      if (earliest() && latest() && earliest() > latest()) return 'The earliest delivery date must not be after the latest.';
      return null;
    },
    /** Shipping with no tracking number: the buyer will have no way to follow the parcel. */
    shipsWithoutTracking,
    /**
     * Whether a change to `status` must first be confirmed because it ships without a tracking
     * number; when it must, the question is opened (see NoTrackingConfirm).
     */
    asksBeforeSending(status: OrderStatus): boolean {
      setAskingNoTracking(shipsWithoutTracking(status));
      return askingNoTracking();
    },
    /** The question is open and still true of the status chosen (a new choice or a tracking number ends it). */
    isAskingNoTracking(status: OrderStatus | ''): boolean {
      return askingNoTracking() && status !== '' && shipsWithoutTracking(status);
    },
    stopAsking() {
      setAskingNoTracking(false);
    },
    forStatus(status: OrderStatus): ChangeExtras {
      const extras: ChangeExtras = {};
      if (status === SHIPPING_STATUS) {
        const choice = carrierChoice();
        if (choice === OTHER_CARRIER) extras.carrier = otherCarrier().trim();
        else if (choice) extras.carrier_code = choice;
        if (tracking().trim()) extras.tracking_number = tracking().trim();
        if (earliest() && latest()) extras.estimated_delivery = { earliest: earliest(), latest: latest() };
      }
      if (buyerMessage().trim()) extras.buyer_message = buyerMessage().trim();
      if (note().trim()) extras.note = note().trim();
      return extras;
    },
    /** After a change went through: the messages were for that change. */
    clearMessages() {
      setBuyerMessage('');
      setNote('');
    },
  };
}

export type ChangeExtrasState = ReturnType<typeof createChangeExtras>;

export function ShipmentFieldset(props: {
  id: string;
  legend: string;
  extras: ChangeExtrasState;
  loadCarriers?: () => Promise<Carrier[]>;
}): JSX.Element {
  const [carriers] = createResource(props.loadCarriers ?? fetchCarriers);
  const extras = props.extras;
  return (
    <fieldset class="fieldset">
      <legend>{props.legend}</legend>
      <div class="field">
        <label for={`${props.id}-carrier`}>Carrier</label>
        <select id={`${props.id}-carrier`} value={extras.carrierChoice()} onChange={(event) => extras.setCarrierChoice(event.currentTarget.value)}>
          <option value="">Choose a carrier…</option>
          {/* A resource read in its error state throws: a list that failed to load is an empty one. */}
          <For each={carriers.error ? [] : (carriers() ?? [])}>{(carrier) => <option value={carrier.code}>{carrier.name}</option>}</For>
          <option value={OTHER_CARRIER}>Other carrier</option>
        </select>
        <Show when={carriers.error}>
          <p class="field__hint">The carrier list could not be loaded: choose “Other carrier” and name it.</p>
        </Show>
      </div>
      <Show when={extras.carrierChoice() === OTHER_CARRIER}>
        <div class="field">
          <label for={`${props.id}-carrier-name`}>Carrier name</label>
          <input
            id={`${props.id}-carrier-name`}
            type="text"
            autocomplete="off"
            maxLength={80}
            aria-describedby={`${props.id}-carrier-name-hint`}
            value={extras.otherCarrier()}
            onInput={(event) => extras.setOtherCarrier(event.currentTarget.value)}
          />
          <p id={`${props.id}-carrier-name-hint`} class="field__hint">
            The buyer gets no tracking link for a carrier outside the list.
          </p>
        </div>
      </Show>
      <div class="field">
        <label for={`${props.id}-tracking`}>Tracking number</label>
        <input
          id={`${props.id}-tracking`}
          type="text"
          autocomplete="off"
          maxLength={80}
          value={extras.tracking()}
          onInput={(event) => extras.setTracking(event.currentTarget.value)}
        />
      </div>
      <div class="field-group" role="group" aria-labelledby={`${props.id}-eta-label`} aria-describedby={`${props.id}-eta-hint`}>
        <p id={`${props.id}-eta-label`} class="field-group__label">
          Estimated delivery <span class="field__optional">(optional)</span>
        </p>
        <p id={`${props.id}-eta-hint`} class="field__hint">
          Left empty, the buyer sees the listed carrier’s usual delivery window.
        </p>
        <div class="form__row">
          <div class="field">
            <label for={`${props.id}-eta-earliest`}>Earliest</label>
            <input id={`${props.id}-eta-earliest`} type="date" value={extras.earliest()} onInput={(event) => extras.setEarliest(event.currentTarget.value)} />
          </div>
          <div class="field">
            <label for={`${props.id}-eta-latest`}>Latest</label>
            <input id={`${props.id}-eta-latest`} type="date" value={extras.latest()} onInput={(event) => extras.setLatest(event.currentTarget.value)} />
          </div>
        </div>
      </div>
    </fieldset>
  );
}

export function BuyerMessageField(props: { id: string; extras: ChangeExtrasState }): JSX.Element {
  return (
    <div class="field">
      <label for={`${props.id}-buyer-message`}>
        Message to the buyer <span class="field__optional">(optional, shown on their order page)</span>
      </label>
      <textarea
        id={`${props.id}-buyer-message`}
        rows={2}
        maxLength={MAX_BUYER_MESSAGE}
        value={props.extras.buyerMessage()}
        onInput={(event) => props.extras.setBuyerMessage(event.currentTarget.value)}
      />
    </div>
  );
}

export function NoteField(props: { id: string; hint: string; extras: ChangeExtrasState }): JSX.Element {
  return (
    <div class="field">
      <label for={`${props.id}-note`}>
        Internal note <span class="field__optional">({props.hint})</span>
      </label>
      <textarea id={`${props.id}-note`} rows={2} maxLength={500} value={props.extras.note()} onInput={(event) => props.extras.setNote(event.currentTarget.value)} />
    </div>
  );
}

/**
 * Asked once more before shipping without a tracking number, as the buyer would have nothing to
 * follow. The ship button takes the focus; going back puts the seller in the tracking number
 * field of the ShipmentFieldset with the same `id`.
 */
export function NoTrackingConfirm(props: {
  id: string;
  extras: ChangeExtrasState;
  status: OrderStatus | '';
  /** How many orders would ship: 1 in the single dialog, those that can move in the bulk one. */
  orders: number;
  sending: boolean;
  onConfirm: () => void;
}): JSX.Element {
  return (
    <Show when={props.extras.isAskingNoTracking(props.status)}>
      <NoTrackingQuestion {...props} />
    </Show>
  );
}

function NoTrackingQuestion(props: { id: string; extras: ChangeExtrasState; orders: number; sending: boolean; onConfirm: () => void }): JSX.Element {
  let shipAnyway: HTMLButtonElement | undefined;
  onMount(() => shipAnyway?.focus());
  return (
    <div class="notice notice--warning confirm-step" role="alert" aria-labelledby={`${props.id}-no-tracking`}>
      <p id={`${props.id}-no-tracking`}>
        <strong>No tracking number.</strong>{' '}
        {props.orders === 1
          ? 'The buyer will not be able to follow the parcel. Ship it without one?'
          : `Ship ${props.orders} orders without a tracking number? Their buyers will have nothing to follow.`}
      </p>
      <div class="confirm-step__actions">
        <button
          ref={shipAnyway}
          type="button"
          class="button button--primary"
          disabled={props.sending}
          onClick={() => {
            props.extras.stopAsking();
            props.onConfirm();
          }}
        >
          {props.orders === 1 ? 'Ship without tracking number' : `Ship ${props.orders} orders without tracking number`}
        </button>
        <button
          type="button"
          class="button button--secondary"
          onClick={() => {
            props.extras.stopAsking();
            document.getElementById(`${props.id}-tracking`)?.focus();
          }}
        >
          Add a tracking number
        </button>
      </div>
    </div>
  );
}
