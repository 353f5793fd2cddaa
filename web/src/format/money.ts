import type { Currency } from '../../../server/contract/api.js';

const formatters = new Map<string, Intl.NumberFormat>();

/** Money travels as integer cents; show it in the visitor's locale. */
export function formatMoney(cents: number, currency: Currency | string = 'USD'): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  return formatter.format(cents / 100);
}
