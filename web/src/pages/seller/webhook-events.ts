import type { WebhookEventType } from '../../../../server/domain/webhooks.js';

/** What each event is called on the page (the API's names are shown beside them). */
export const EVENT_LABELS: Record<WebhookEventType, string> = {
  'order.created': 'Order placed',
  'order.status_changed': 'Order status changed',
  'return.requested': 'Return requested',
};
