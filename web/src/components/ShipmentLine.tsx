/**
 * A shipment as the buyer and the seller see it: the carrier, and the tracking number as a link
 * to the carrier's own tracking page when the carrier is one of the built-in list.
 */
import { Show, type JSX } from 'solid-js';
import type { ShipmentBody } from '../../../server/contract/api.js';

export function ShipmentLine(props: { shipment: ShipmentBody }): JSX.Element {
  return (
    <p class="tracker__shipment">
      <Show when={props.shipment.carrier}>
        {(carrier) => (
          <span>
            Carrier: <strong>{carrier()}</strong>
          </span>
        )}
      </Show>
      <Show when={props.shipment.carrier && props.shipment.tracking_number}>{' · '}</Show>
      <Show when={props.shipment.tracking_number}>
        {(number) => (
          <span>
            Tracking number:{' '}
            <Show when={props.shipment.tracking_url} fallback={<strong class="tracker__tracking-number">{number()}</strong>}>
              {(url) => (
                <a class="tracker__tracking-link" href={url()} target="_blank" rel="noopener noreferrer">
                  {number()}
                  <span class="visually-hidden"> (track the parcel on the carrier’s site, opens in a new tab)</span>
                </a>
              )}
            </Show>
          </span>
        )}
      </Show>
    </p>
  );
}
