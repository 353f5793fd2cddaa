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

/** A placement's orders: one buyer, one moment. Their `order:created` events commit together. */
const placementOf = (buyerId: number, at: number) => `${buyerId}@${at}`;

/** The first and last log position of each placement in the run. */
function placementSpans(events: readonly LoggedEvent[]): Map<string, { first: number; last: number }> {
  const spans = new Map<string, { first: number; last: number }>();
  for (const { position, at, event } of events) {
    if (event.type !== 'order:created') continue;
    const key = placementOf(event.order.buyerId, at);
    const span = spans.get(key);
    if (span) span.last = position;
    else spans.set(key, { first: position, last: position });
  }
  return spans;
}

/** The placement the run ends in, when the run was cut short and it may go on beyond it. */
function heldPlacement(events: readonly LoggedEvent[], complete: boolean): string | null {
  const last = events.at(-1);
  return !complete && last?.event.type === 'order:created' ? placementOf(last.event.order.buyerId, last.at) : null;
}

/**
 * The e-mails a run of the log asks for. A placement's orders (its `order:created` events: one
 * buyer, one moment; not always next to each other, as concurrent placements interleave their
 * positions) make one confirmation naming them all, under its first event's position; a move
 * to shipped, delivered or cancelled makes one e-mail of its own, and so does a return
 * request's decision (approved or declined). A run cut short (`complete` false: the read
 * stopped at its limit) leaves the placement it ends in to the next run, which sees it whole.
 */
export function mailsFor(events: readonly LoggedEvent[], now: number, complete = true): NewMail[] {
  const mails: NewMail[] = [];
  const held = heldPlacement(events, complete);
  const placements = new Map<string, NewMail>();
  for (const { position, at, event } of events) {
    if (event.type === 'order:created') {
      const key = placementOf(event.order.buyerId, at);
      if (key === held) continue;
      const placement = placements.get(key);
      if (placement) {
        placement.orderIds.push(event.order.orderId);
        continue;
      }
      const mail: NewMail = { eventPosition: position, kind: 'order_confirmation', userId: event.order.buyerId, orderIds: [event.order.orderId], now };
      placements.set(key, mail);
      mails.push(mail);
      continue;
    }
    if (event.type === 'return:decided') {
      const { buyerId, orderId } = event.returnRequest;
      mails.push({ eventPosition: position, kind: 'return_decided', userId: buyerId, orderIds: [orderId], now });
      continue;
    }
    if (event.type !== 'order:status') continue;
    const kind = MAIL_ON_STATUS[event.order.status];
    if (kind) mails.push({ eventPosition: position, kind, userId: event.order.buyerId, orderIds: [event.order.orderId], now });
  }
  return mails;
}

/**
 * How far the e-mail consumer may move its position after a run, at most `reachable` (see
 * reachablePosition): never past part of a placement while the rest of it lies ahead, nor past
 * the start of the placement a cut-short run ends in. The next run then reads that placement
 * whole and makes its confirmation under the same first position, which the outbox keeps once;
 * moved past part of it, the next run would see only the rest and confirm that again.
 */
export function mailPosition(events: readonly LoggedEvent[], reachable: number, complete = true): number {
  const spans = placementSpans(events);
  const held = heldPlacement(events, complete);
  let to = held === null ? reachable : Math.min(reachable, (spans.get(held)?.first ?? reachable + 1) - 1);
  for (let moved = true; moved; ) {
    moved = false;
    for (const { first, last } of spans.values()) {
      if (first <= to && last > to) {
        to = first - 1;
        moved = true;
      }
    }
  }
  return to;
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
