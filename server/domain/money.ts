/** Money is an integer count of cents everywhere; this module is the only arithmetic on it. */

export const CURRENCY = 'USD' as const;

/** Largest amount we accept anywhere: keeps every sum far inside Number.MAX_SAFE_INTEGER. */
export const MAX_CENTS = 100_000_000_00;

export function isCents(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_CENTS;
}

export function lineTotal(unitPrice: number, quantity: number): number {
  if (!isCents(unitPrice) || !Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`bad line: ${unitPrice} × ${quantity}`);
  }
  return unitPrice * quantity;
}

export function sumCents(amounts: readonly number[]): number {
  let total = 0;
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`not a whole number of cents: ${amount}`);
    total += amount;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('total out of range');
  return total;
}

export function formatCents(cents: number, currency: string = CURRENCY): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}

/** An amount as a plain decimal with two places (4800 → "48.00"), for files other programs read. */
export function decimalCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
