import { For, type JSX } from 'solid-js';
import { MAIN_TRACK, STATUS_INFO, type OrderStatus } from '../../../server/domain/order-status.js';

/** A compact five-segment bar for order lists. */
export function MiniProgress(props: { status: OrderStatus }): JSX.Element {
  const info = () => STATUS_INFO[props.status];
  const offTrack = () => info().step === 0;
  const valueText = () =>
    offTrack() ? info().label : `Step ${info().step} of ${MAIN_TRACK.length}: ${info().label}`;
  return (
    <div
      class="mini-progress"
      classList={{ 'mini-progress--off-track': offTrack() }}
      data-status={props.status}
      role="progressbar"
      aria-label="Order progress"
      aria-valuemin={0}
      aria-valuemax={MAIN_TRACK.length}
      aria-valuenow={info().step}
      aria-valuetext={valueText()}
    >
      <For each={MAIN_TRACK}>
        {(_status, index) => (
          <span class="mini-progress__segment" classList={{ 'is-filled': index() < info().step }} />
        )}
      </For>
    </div>
  );
}
