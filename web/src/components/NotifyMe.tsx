/** "Notify me": the buyer's opt-in to browser notifications for this order (see status-notifications.ts). */
import { Match, Switch, type JSX } from 'solid-js';
import type { StatusNotifier } from '../live/status-notifications.js';

export function NotifyMe(props: { notifier: StatusNotifier }): JSX.Element {
  return (
    <div class="notify-me">
      <Switch>
        <Match when={props.notifier.permission() === 'default'}>
          <button type="button" class="button button--ghost button--small" onClick={() => void props.notifier.request()}>
            Notify me<span class="visually-hidden"> when this order moves while this tab is in the background</span>
          </button>
        </Match>
        <Match when={props.notifier.permission() === 'granted'}>
          <p class="notify-me__note">We will notify you when this order moves while this tab is in the background.</p>
        </Match>
        <Match when={props.notifier.permission() === 'denied'}>
          <p class="notify-me__note">Notifications are blocked in this browser’s settings.</p>
        </Match>
      </Switch>
    </div>
  );
}
