/** The dashboard's switches for new-order alerts: the chime, and browser notifications. */
import { Match, Switch, type JSX } from 'solid-js';
import type { NewOrderAlerts } from './new-order-alerts.js';

export function NewOrderAlertSettings(props: { alerts: NewOrderAlerts }): JSX.Element {
  return (
    <div class="alert-settings" role="group" aria-label="New order alerts">
      <label class="alert-settings__sound">
        <input type="checkbox" checked={props.alerts.soundOn()} onChange={(event) => props.alerts.setSoundOn(event.currentTarget.checked)} />
        Sound for new orders
      </label>
      <Switch>
        <Match when={props.alerts.notifications() === 'default'}>
          <button type="button" class="button button--ghost button--small" onClick={() => void props.alerts.requestNotifications()}>
            Enable notifications<span class="visually-hidden"> for new orders while this tab is hidden</span>
          </button>
        </Match>
        <Match when={props.alerts.notifications() === 'granted'}>
          <span class="alert-settings__note">Notifications on</span>
        </Match>
        <Match when={props.alerts.notifications() === 'denied'}>
          <span class="alert-settings__note">Notifications are blocked in this browser’s settings</span>
        </Match>
      </Switch>
    </div>
  );
}
