/**
 * What a status change carries beside the status, the same in the single and the bulk
 * dialog: the shipment (carrier, tracking number) when shipping, and an optional note.
 */
import { createSignal, type JSX } from 'solid-js';
import type { OrderStatus } from '../../../server/domain/order-status.js';
import type { UpdateStatusInput } from '../api/seller-api.js';

/** The status whose move records a shipment (carrier and tracking number). */
export const SHIPPING_STATUS: OrderStatus = 'shipped';

export type ChangeExtras = Pick<UpdateStatusInput, 'carrier' | 'tracking_number' | 'note'>;

/** The dialog's state of the extras, and what of it a change to `status` sends (blanks left out). */
export function createChangeExtras() {
  const [carrier, setCarrier] = createSignal('');
  const [tracking, setTracking] = createSignal('');
  const [note, setNote] = createSignal('');
  return {
    carrier,
    setCarrier,
    tracking,
    setTracking,
    note,
    setNote,
    forStatus(status: OrderStatus): ChangeExtras {
      const extras: ChangeExtras = {};
      if (status === SHIPPING_STATUS) {
        if (carrier().trim()) extras.carrier = carrier().trim();
        if (tracking().trim()) extras.tracking_number = tracking().trim();
      }
      if (note().trim()) extras.note = note().trim();
      return extras;
    },
  };
}

export type ChangeExtrasState = ReturnType<typeof createChangeExtras>;

export function ShipmentFieldset(props: { id: string; legend: string; extras: ChangeExtrasState }): JSX.Element {
  return (
    <fieldset class="fieldset">
      <legend>{props.legend}</legend>
      <div class="field">
        <label for={`${props.id}-carrier`}>Carrier</label>
        <input id={`${props.id}-carrier`} type="text" autocomplete="off" maxLength={80} value={props.extras.carrier()} onInput={(event) => props.extras.setCarrier(event.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`${props.id}-tracking`}>Tracking number</label>
        <input id={`${props.id}-tracking`} type="text" autocomplete="off" maxLength={80} value={props.extras.tracking()} onInput={(event) => props.extras.setTracking(event.currentTarget.value)} />
      </div>
    </fieldset>
  );
}

export function NoteField(props: { id: string; hint: string; extras: ChangeExtrasState }): JSX.Element {
  return (
    <div class="field">
      <label for={`${props.id}-note`}>
        Note <span class="field__optional">({props.hint})</span>
      </label>
      <textarea id={`${props.id}-note`} rows={2} maxLength={500} value={props.extras.note()} onInput={(event) => props.extras.setNote(event.currentTarget.value)} />
    </div>
  );
}
