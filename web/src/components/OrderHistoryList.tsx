import { For, Show, type JSX } from 'solid-js';
import type { HistoryEntry } from '../../../server/contract/api.js';
import { STATUS_INFO } from '../../../server/domain/order-status.js';
import { formatDateTime } from '../format/dates.js';
import { StatusIcon } from './icons.jsx';

/**
 * The order's timeline, newest first: each change, its time and what the seller said to the
 * buyer with it. The seller's internal notes show only where the body carries them (the
 * seller's own view of the order; the buyer's never does).
 */
export function OrderHistoryList(props: { history: readonly HistoryEntry[]; label?: string }): JSX.Element {
  const newestFirst = () => [...props.history].reverse();
  return (
    <ol class="history-list" aria-label={props.label}>
      <For each={newestFirst()}>
        {(entry) => (
          <li class={`history-list__item history-list__item--${entry.status}`} data-status={entry.status}>
            <span class="history-list__emoji" aria-hidden="true">
              <StatusIcon status={entry.status} />
            </span>
            <div>
              <p class="history-list__status">{STATUS_INFO[entry.status].label}</p>
              <p class="history-list__time">
                <time datetime={entry.at}>{formatDateTime(entry.at)}</time>
              </p>
              <Show when={entry.buyer_message}>
                {(message) => (
                  <p class="history-list__message">
                    <span class="visually-hidden">Message from the seller: </span>“{message()}”
                  </p>
                )}
              </Show>
              <Show when={entry.note}>
                {(note) => <p class="history-list__note">Internal note: {note()}</p>}
              </Show>
            </div>
          </li>
        )}
      </For>
    </ol>
  );
}
