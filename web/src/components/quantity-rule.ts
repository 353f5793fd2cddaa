/**
 * What a quantity field accepts, and how a cart line stands against the stock. A field takes
 * what the buyer typed as it is or refuses it with the reason: it never rounds, clamps or
 * puts back another number, so what is sent is always what the buyer sees.
 */
import type { CartBody, CartItemBody } from '../../../server/contract/api.js';
import { MAX_LINE_QUANTITY } from '../../../server/domain/line-quantity.js';

export type QuantityCheck = { ok: true; quantity: number } | { ok: false; message: string };

/** The most a line can have: what is left, and never more than the API takes per line. */
export function quantityLimit(available: number): number {
  return Math.min(Math.max(0, available), MAX_LINE_QUANTITY);
}

/**
 * `raw` is the field's value; `unreadable` is the field's `validity.badInput` (a number field
 * reports text it cannot read, such as "1e", as an empty value).
 */
export function checkQuantity(raw: string, available: number, unreadable = false): QuantityCheck {
  const limit = quantityLimit(available);
  if (limit === 0) return { ok: false, message: 'Out of stock.' };
  const range = limit === 1 ? 'Only 1 is left, so the quantity can only be 1.' : `Enter a whole number from 1 to ${limit}.`;
  const text = raw.trim();
  const refuse = (reason: string): QuantityCheck => ({ ok: false, message: `${reason} ${range}`.trim() });
  if (unreadable) return refuse('That is not a number.');
  if (text === '') return refuse('Enter a quantity.');
  if (text.startsWith('-')) return refuse('A quantity cannot be negative.');
  if (!/^\d+$/.test(text)) return refuse('A quantity is a whole number.');
  const quantity = Number(text);
  if (quantity < 1) return refuse('A quantity is at least 1.');
  if (quantity > available) return refuse(`Only ${available} left.`);
  if (quantity > MAX_LINE_QUANTITY) return refuse(`At most ${MAX_LINE_QUANTITY} can be ordered at once.`);
  return { ok: true, quantity };
}

/** The units of the line's product the line may have: the stock less what other lines of the cart hold of it. */
export function availableForLine(cart: CartBody, line: CartItemBody): number {
  if (!line.product.active) return 0;
  const onOtherLines = cart.items.reduce((sum, other) => (other.id !== line.id && other.product_id === line.product_id ? sum + other.quantity : sum), 0);
  return Math.max(0, line.product.stock - onOtherLines);
}

export interface StockProblem {
  /** What the line may have at most (0: nothing, remove it). */
  available: number;
  title: 'Out of stock' | 'No longer sold' | 'Not enough stock';
  message: string;
}

/** Why the line cannot be ordered as it is (placing the order would be refused), or null. */
export function stockProblem(cart: CartBody, line: CartItemBody): StockProblem | null {
  const available = availableForLine(cart, line);
  if (line.quantity <= available) return null;
  if (!line.product.active) return { available, title: 'No longer sold', message: 'Remove it to check out.' };
  if (available === 0) return { available, title: 'Out of stock', message: 'Remove it to check out.' };
  const others = line.product.stock > available ? ` (your other lines of it hold ${line.product.stock - available})` : '';
  return { available, title: 'Not enough stock', message: `Only ${available} left for this line${others}, and it has ${line.quantity}.` };
}

/** Placing an order of this cart would be refused for stock: checking out waits until the cart is fixed. */
export function cartHasStockProblems(cart: CartBody): boolean {
  return cart.items.some((line) => stockProblem(cart, line) !== null);
}
