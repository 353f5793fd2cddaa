import { For, Show, type JSX } from 'solid-js';
import type { HistoryEntry } from '../../../server/contract/api.js';
import { STATUS_INFO } from '../../../server/domain/order-status.js';
import { formatDateTime } from '../format/dates.js';

/** The full timeline, newest first, with the notes sellers left. */
export function OrderHistoryList(props: { history: readonly HistoryEntry[] }): JSX.Element {
  const newestFirst = () => [...props.history].reverse();
  return (
    <ol class="history-list">
      <For each={newestFirst()}>
        {(entry) => (
          <li class={`history-list__item history-list__item--${entry.status}`}>
            <span class="history-list__emoji" aria-hidden="true">
              {STATUS_INFO[entry.status].emoji}
            </span>
            <div>
              <p class="history-list__status">{STATUS_INFO[entry.status].label}</p>
              <p class="history-list__time">
                <time datetime={entry.at}>{formatDateTime(entry.at)}</time>
              </p>
              <Show when={entry.note}>
                <p class="history-list__note">“{entry.note}”</p>
              </Show>
            </div>
          </li>
        )}
      </For>
    </ol>
  );
}
