import type { JSX } from 'solid-js';
import { STATUS_INFO, type OrderStatus } from '../../../server/domain/order-status.js';
import { StatusIcon } from './icons.jsx';

/** Status shown three ways at once (colour, icon, words) so no one depends on colour. */
export function StatusBadge(props: { status: OrderStatus }): JSX.Element {
  const info = () => STATUS_INFO[props.status];
  return (
    <span class={`status-badge status-badge--${props.status}`} data-status={props.status}>
      <span class="status-badge__emoji" aria-hidden="true">
        <StatusIcon status={props.status} />
      </span>
      <span class="status-badge__label">{info().label}</span>
    </span>
  );
}
