/**
 * Which e-mails a run of the event log asks for, and how far the e-mail consumer may move:
 * one confirmation per placement however its events interleave with others', and never a
 * second one when a run ends inside a placement.
 */
import { describe, expect, it } from 'vitest';
import { mailPosition, mailsFor } from '../../server/domain/mail.js';
import type { OrderHead } from '../../server/domain/model.js';
import type { LoggedEvent } from '../../server/domain/ports.js';
import { reachablePosition } from '../../server/outbound/log-position.js';

const head = (orderId: number, buyerId: number, at: number): OrderHead => ({
  orderId,
  orderNumber: `OP-${orderId}`,
  buyerId,
  sellerId: orderId,
  status: 'pending',
  version: 1,
  totalAmount: 100,
  createdAt: at,
  updatedAt: at,
});
/** An order of buyer `buyerId`'s placement at moment `at`, logged at `position`. */
const placed = (position: number, orderId: number, buyerId: number, at: number): LoggedEvent => ({
  position,
  at,
  event: { type: 'order:created', order: head(orderId, buyerId, at), customerName: 'B' },
});
const shipped = (position: number, orderId: number): LoggedEvent => ({
  position,
  at: 5,
  event: { type: 'order:status', order: { ...head(orderId, 9, 0), status: 'shipped', version: 4 } },
});
const confirmations = (events: LoggedEvent[], complete = true) =>
  mailsFor(events, 0, complete)
    .filter((m) => m.kind === 'order_confirmation')
    .map(({ eventPosition, userId, orderIds }) => ({ eventPosition, userId, orderIds }));

describe('confirmations', () => {
  it('confirm each placement once with all its orders, when two placements interleave in the log', () => {
    const events = [placed(1, 101, 1, 10), placed(2, 201, 2, 10), placed(3, 102, 1, 10), shipped(4, 7), placed(5, 202, 2, 10)];
    expect(confirmations(events)).toEqual([
      { eventPosition: 1, userId: 1, orderIds: [101, 102] },
      { eventPosition: 2, userId: 2, orderIds: [201, 202] },
    ]);
    expect(mailsFor(events, 0).map((m) => m.kind)).toEqual(['order_confirmation', 'order_confirmation', 'order_shipped']);
  });

  it('leave a placement the read stopped inside of to the next run, which confirms it once, whole', () => {
    const first = [shipped(1, 7), placed(2, 101, 1, 10), placed(3, 102, 1, 10)];
    expect(confirmations(first, false)).toEqual([]);
    const to = mailPosition(first, 3, false);
    expect(to).toBe(1);
    const next = [placed(2, 101, 1, 10), placed(3, 102, 1, 10), placed(4, 103, 1, 10)];
    expect(confirmations(next)).toEqual([{ eventPosition: 2, userId: 1, orderIds: [101, 102, 103] }]);
  });
});

describe('the consumer position', () => {
  it('stops before a placement that a hole (an uncommitted placement) splits, so the next run sees it whole', () => {
    // Buyer 1's placement took positions 1 and 3; buyer 2's took 2 and has not committed yet.
    const run = [placed(1, 101, 1, 10), placed(3, 102, 1, 10)];
    const reachable = reachablePosition(0, run, 11, 10_000);
    expect(reachable).toBe(1);
    expect(mailPosition(run, reachable)).toBe(0);
    expect(confirmations(run)).toEqual([{ eventPosition: 1, userId: 1, orderIds: [101, 102] }]);
    // Buyer 2's placement commits: the next run reads from 0 again and makes the same confirmation (kept once) and buyer 2's.
    const next = [placed(1, 101, 1, 10), placed(2, 201, 2, 10), placed(3, 102, 1, 10)];
    expect(confirmations(next)).toEqual([
      { eventPosition: 1, userId: 1, orderIds: [101, 102] },
      { eventPosition: 2, userId: 2, orderIds: [201] },
    ]);
    expect(mailPosition(next, reachablePosition(0, next, 11, 10_000))).toBe(3);
  });

  it('moves as far as the log allows when no placement is split', () => {
    const run = [placed(1, 101, 1, 10), placed(2, 102, 1, 10), shipped(3, 7)];
    expect(mailPosition(run, 3)).toBe(3);
    expect(mailPosition(run, 3, false)).toBe(3);
  });
});
