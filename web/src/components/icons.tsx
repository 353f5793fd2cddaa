/**
 * The status and cart pictures as inline SVG (strokes in currentColor), so the tracker, the
 * badges, the tabs and the header look the same on a machine without an emoji font. Each is
 * decoration beside its words: aria-hidden, never the only way a status is told.
 */
import type { JSX } from 'solid-js';
import type { OrderStatus } from '../../../server/domain/order-status.js';

/**
 * 24×24 outlines (Feather-style geometry, drawn for this app). Functions, not elements: a Solid
 * element is one DOM node, and one node shown in two places would leave the first empty.
 */
const STATUS_PATHS: Record<OrderStatus, () => JSX.Element> = {
  // An hourglass.
  pending: () => <path d="M6 3h12M6 21h12M7 3c0 5 10 5 10 9s-10 4-10 9M17 3c0 5-10 5-10 9s10 4 10 9" />,
  // A tick in a circle.
  confirmed: () => (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="m8 12.5 2.6 2.6L16 9.5" />
    </>
  ),
  // Two arrows going round.
  processing: () => <path d="M20 11a8 8 0 0 0-14.3-4.9L4 8M4 4v4h4M4 13a8 8 0 0 0 14.3 4.9L20 16M20 20v-4h-4" />,
  // A parcel.
  shipped: () => <path d="m12 3 8 4.5v9L12 21l-8-4.5v-9L12 3ZM4 7.5l8 4.5 8-4.5M12 12v9M8 5.2l8 4.6" />,
  // A house with a tick: at the door.
  delivered: () => <path d="M4 11 12 4l8 7v9H4v-9ZM9 15l2 2 4-4" />,
  // A cross in a circle.
  cancelled: () => (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="m9 9 6 6M15 9l-6 6" />
    </>
  ),
  // An arrow turning back.
  returned: () => <path d="M9 14 4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3" />,
};

function Svg(props: { class?: string; children: JSX.Element }): JSX.Element {
  return (
    <svg
      class={props.class ? `icon ${props.class}` : 'icon'}
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      {props.children}
    </svg>
  );
}

export function StatusIcon(props: { status: OrderStatus; class?: string }): JSX.Element {
  return (
    <Svg class={`icon--${props.status}${props.class ? ` ${props.class}` : ''}`}>
      {STATUS_PATHS[props.status]()}
    </Svg>
  );
}

export function CartIcon(props: { class?: string }): JSX.Element {
  return (
    <Svg class={props.class ? `icon--cart ${props.class}` : 'icon--cart'}>
      <circle cx="9" cy="20" r="1.5" />
      <circle cx="18" cy="20" r="1.5" />
      <path d="M2 3h3l2.7 12.2a1.5 1.5 0 0 0 1.5 1.2h8.6a1.5 1.5 0 0 0 1.5-1.2L21 7H6.1" />
    </Svg>
  );
}
