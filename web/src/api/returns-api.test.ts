// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { deliveredOrder, returnRequestBody } from './order-fixtures.test-support.js';
import { isNewerReturnRequest, returnDeadline } from './returns-api.js';

describe('returns-api', () => {
  it('ends the return window 30 days after the last delivered change; no delivery, no window', () => {
    expect(returnDeadline(deliveredOrder('2026-01-05T12:00:00Z').history)?.toISOString()).toBe('2026-02-04T12:00:00.000Z');
    expect(returnDeadline(deliveredOrder('2026-01-05T12:00:00Z').history.slice(0, 4))).toBeNull();
  });

  it('takes a later request or the same one decided as news, never a late older state or "none"', () => {
    const open = returnRequestBody();
    const approved = returnRequestBody({ status: 'approved', decided_at: '2026-01-07T10:00:00Z', restock: false });
    expect(isNewerReturnRequest(null, open)).toBe(true);
    expect(isNewerReturnRequest(open, approved)).toBe(true);
    expect(isNewerReturnRequest(approved, open)).toBe(false);
    expect(isNewerReturnRequest(approved, null)).toBe(false);
    expect(isNewerReturnRequest(returnRequestBody({ status: 'declined' }), returnRequestBody({ id: 12 }))).toBe(true);
    expect(isNewerReturnRequest(returnRequestBody({ id: 12 }), returnRequestBody({ status: 'declined' }))).toBe(false);
  });
});
