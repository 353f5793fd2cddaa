import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CURRENCY, formatCents, isCents, lineTotal, MAX_CENTS, sumCents } from '../../server/domain/money.js';

describe('money in integer cents', () => {
  it('is in US dollars', () => {
    expect(CURRENCY).toBe('USD');
  });

  it.each([0, 1, 1250, MAX_CENTS])('accepts %d as an amount', (value) => {
    expect(isCents(value)).toBe(true);
  });

  it.each([-1, 0.5, 12.34, MAX_CENTS + 1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %d as an amount', (value) => {
    expect(isCents(value)).toBe(false);
  });

  it('multiplies a unit price by a quantity exactly', () => {
    expect(lineTotal(1999, 3)).toBe(5997);
    expect(lineTotal(0, 7)).toBe(0);
    expect(lineTotal(1250, 0)).toBe(0);
  });

  it.each([
    [12.5, 1],
    [-100, 1],
    [100, -1],
    [100, 1.5],
    [MAX_CENTS + 1, 1],
  ])('refuses the line %d × %d', (price, quantity) => {
    expect(() => lineTotal(price, quantity)).toThrow(RangeError);
  });

  it('sums whole cents and refuses fractions or totals beyond safe integers', () => {
    expect(sumCents([])).toBe(0);
    expect(sumCents([1, 2, 3, 1000])).toBe(1006);
    expect(() => sumCents([1, 0.5])).toThrow(RangeError);
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });

  it('never loses a cent the way floating dollars would', () => {
    // 0.1 + 0.2 in dollars is not 0.3; in cents it is exact for any amounts in range.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: MAX_CENTS }), { maxLength: 50 }), (amounts) => {
        const total = sumCents(amounts);
        expect(Number.isSafeInteger(total)).toBe(true);
        expect(total).toBe(amounts.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('formats cents as dollars for display', () => {
    expect(formatCents(1250)).toBe('$12.50');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(123456789)).toBe('$1,234,567.89');
    expect(formatCents(0)).toBe('$0.00');
  });
});
