/**
 * Order e-mails to buyers, as rules: which events of the log make which e-mail, and how an
 * attempt to send one ends. Writing and sending them are the edge's (server/outbound/mail-*).
 */
import { randomBytes } from 'node:crypto';
import type { LoggedEvent } from './ports.js';
import type { OrderStatus } from './order-status.js';
import type { RetrySchedule } from './webhooks.js';

export const MAIL_KINDS = ['order_confirmation', 'order_shipped', 'order_delivered', 'order_cancelled', 'return_decided'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export type MailStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/** The status changes a buyer is written to about. */
const MAIL_ON_STATUS: Partial<Record<OrderStatus, MailKind>> = {
  shipped: 'order_shipped',
  delivered: 'order_delivered',
  cancelled: 'order_cancelled',
};

/** An e-mail to write: one per (event, kind), so the log's consumers on every node make it once. */
export interface NewMail {
  eventPosition: number;
  kind: MailKind;
  userId: number;
  orderIds: number[];
  now: number;
}

/** An e-mail this node holds the lease of: it alone attempts it until the lease runs out. */
export interface LeasedMail {
  id: number;
  /** The (first) event it was made from: a return decision's e-mail tells that decision. */
  eventPosition: number;
  kind: MailKind;
  userId: number;
  orderIds: number[];
  /** Attempts before this one. */
  attempts: number;
}

/** What became of an e-mail after an attempt, as the store records it. */
export interface MailOutcome {
  status: MailStatus;
  error: string | null;
  nextAttemptAt: number | null;
}

/**
 * The e-mails a run of the log asks for. A placement's orders (its `order:created` events:
 * one buyer, one moment, next to each other in the log) make one confirmation naming them
 * all; a move to shipped, delivered or cancelled makes one e-mail of its own, and so does a
 * return request's decision (approved or declined).
 */
export function mailsFor(events: readonly LoggedEvent[], now: number): NewMail[] {
  const mails: NewMail[] = [];
  let placement: (NewMail & { at: number; last: number }) | null = null;
  for (const { position, at, event } of events) {
    if (event.type === 'order:created') {
      const sameCheckout = placement !== null && placement.userId === event.order.buyerId && placement.at === at && placement.last === position - 1;
      if (placement !== null && sameCheckout) {
        placement.orderIds.push(event.order.orderId);
        placement.last = position;
        continue;
      }
      placement = { eventPosition: position, kind: 'order_confirmation', userId: event.order.buyerId, orderIds: [event.order.orderId], now, at, last: position };
      mails.push(placement);
      continue;
    }
    placement = null;
    if (event.type === 'return:decided') {
      const { buyerId, orderId } = event.returnRequest;
      mails.push({ eventPosition: position, kind: 'return_decided', userId: buyerId, orderIds: [orderId], now });
      continue;
    }
    if (event.type !== 'order:status') continue;
    const kind = MAIL_ON_STATUS[event.order.status];
    if (kind) mails.push({ eventPosition: position, kind, userId: event.order.buyerId, orderIds: [event.order.orderId], now });
  }
  return mails.map(({ eventPosition, kind, userId, orderIds }) => ({ eventPosition, kind, userId, orderIds, now }));
}

/** How an attempt ends: sent, retried on the schedule, or failed for good when it runs out. */
export function mailOutcome(result: { sent: true } | { sent: false; error: string }, attempts: number, schedule: RetrySchedule, now: number): MailOutcome {
  if (result.sent) return { status: 'sent', error: null, nextAttemptAt: null };
  const next = schedule.nextAttemptAt(attempts, now);
  return { status: next === null ? 'failed' : 'pending', error: result.error, nextAttemptAt: next };
}

/** The token that names a user in unsubscribe links: random, so a link cannot be guessed from an id. */
export function newEmailToken(): string {
  return randomBytes(24).toString('base64url');
}
