import { describe, expect, it } from 'vitest';
import {
  canBuyerCancel,
  canTransition,
  isFinal,
  MAIN_TRACK,
  ORDER_STATUSES,
  STATUS_INFO,
  type OrderStatus,
} from '../../server/domain/order-status.js';

const LEGAL: [OrderStatus, OrderStatus][] = [
  ['pending', 'confirmed'],
  ['pending', 'cancelled'],
  ['confirmed', 'processing'],
  ['confirmed', 'cancelled'],
  ['processing', 'shipped'],
  ['processing', 'cancelled'],
  ['shipped', 'delivered'],
  ['shipped', 'returned'],
  ['delivered', 'returned'],
];

describe('order state machine', () => {
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s is legal exactly when the spec lists it', (from, to) => {
    const expected = LEGAL.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(expected);
  });

  it('has exactly the nine legal moves of the spec', () => {
    expect(pairs.filter(([f, t]) => canTransition(f, t))).toHaveLength(LEGAL.length);
  });

  it('makes cancelled and returned final, and nothing else', () => {
    expect(ORDER_STATUSES.filter(isFinal)).toEqual(['cancelled', 'returned']);
  });

  it('lets a buyer cancel only while pending or confirmed', () => {
    expect(ORDER_STATUSES.filter(canBuyerCancel)).toEqual(['pending', 'confirmed']);
  });

  it('numbers the main track 1–5 and puts the final off-track states at 0', () => {
    expect(MAIN_TRACK.map((s) => STATUS_INFO[s].step)).toEqual([1, 2, 3, 4, 5]);
    expect(STATUS_INFO.cancelled.step).toBe(0);
    expect(STATUS_INFO.returned.step).toBe(0);
  });

  it('carries the labels and emoji of the spec', () => {
    expect(ORDER_STATUSES.map((s) => `${STATUS_INFO[s].emoji} ${STATUS_INFO[s].label}`)).toEqual([
      '⏳ Pending',
      '✔️ Confirmed',
      '🔄 Processing',
      '📦 Shipped',
      '✅ Delivered',
      '❌ Cancelled',
      '↩️ Returned',
    ]);
  });
});
