/**
 * The buyer's "Notify me" on an order's page: once the browser's permission is given (asked
 * only from the button), a change of the order's status while the tab is hidden shows a
 * notification naming the order and its new status. Nothing is sent while the page is seen:
 * the tracker shows it there.
 */
import { createEffect, createSignal, on, type Accessor } from 'solid-js';
import type { OrderStatusBody } from '../../../server/contract/api.js';
import { STATUS_INFO } from '../../../server/domain/order-status.js';

export type NotifyPermission = NotificationPermission | 'unsupported';

export interface StatusNotifier {
  permission: Accessor<NotifyPermission>;
  /** Asks the browser (call from a click: browsers ignore the question otherwise). */
  request(): Promise<void>;
}

const currentPermission = (): NotifyPermission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/** The browser's permission, and the way to ask for it. */
export function createNotificationPermission(): StatusNotifier {
  const [permission, setPermission] = createSignal<NotifyPermission>(currentPermission());
  return {
    permission,
    async request() {
      if (typeof Notification === 'undefined') return;
      setPermission(await Notification.requestPermission());
    },
  };
}

/** Shows a notification for each new version of the order's status while the tab is hidden and permission is given. */
export function notifyStatusChanges(orderNumber: () => string, status: Accessor<OrderStatusBody | undefined>): void {
  createEffect(
    on(
      () => status()?.version,
      (version, previous) => {
        const body = status();
        if (!body || version === undefined || previous === undefined || version <= previous) return;
        if (document.visibilityState !== 'hidden' || currentPermission() !== 'granted') return;
        const info = STATUS_INFO[body.status];
        new Notification(`Order ${orderNumber()}: ${info.label}`, { body: info.message, tag: `order-${body.order_id}` });
      },
    ),
  );
}
