import { describe, expect, it } from 'vitest';
import { formatDeliveryWindow } from './dates.js';

describe('formatDeliveryWindow', () => {
  it.each([
    ['days of one month', '2026-12-15', '2026-12-17', 'Tue 15 – Thu 17 Dec'],
    ['days across two months', '2026-11-30', '2026-12-02', 'Mon 30 Nov – Wed 2 Dec'],
    ['days across two years', '2026-12-31', '2027-01-04', 'Thu 31 Dec – Mon 4 Jan'],
    ['a single day', '2026-12-15', '2026-12-15', 'Tue 15 Dec'],
  ])('says %s as the tracker does', (_what, earliest, latest, expected) => {
    expect(formatDeliveryWindow({ earliest, latest })).toBe(expected);
  });

  it('is null for dates it cannot read', () => {
    expect(formatDeliveryWindow({ earliest: 'soon', latest: '2026-12-15' })).toBeNull();
  });
});
