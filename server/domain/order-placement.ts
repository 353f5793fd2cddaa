/**
 * The pure rule of placing an order: check the lines against the products as the database
 * holds them, and split them into one order per seller. The store writes the orders only if
 * the products are still as planned on (see PlaceOrderCommand.plan), so what it sees is what
 * gets committed.
 */
import { randomFillSync } from 'node:crypto';
import { DomainError } from './errors.js';
import { formatCents, isCents, lineTotal, MAX_CENTS, sumCents } from './money.js';
import type { OrderPlan, ResolvedLine } from './ports.js';
import type { OrderItem, Product } from './model.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** CSPRNG bytes drawn 4 KiB at a time: one call to the system generator per ~400 order numbers. */
const pool = Buffer.alloc(4096);
let poolUsed = pool.length;

function randomNumber(prefix: string): string {
  if (poolUsed + 10 > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  let out = prefix;
  for (let i = poolUsed; i < poolUsed + 10; i++) out += CROCKFORD[pool[i]! & 31];
  poolUsed += 10;
  return out;
}

/** OP- and 10 Crockford base-32 characters: 50 random bits, easy to read out on the phone. */
export function newOrderNumber(): string {
  return randomNumber('OP-');
}

/** A checkout (every order one placement made): CO- and 10 Crockford base-32 characters. */
export function newCheckoutNumber(): string {
  return randomNumber('CO-');
}

function checkOption(product: Product, kind: 'size' | 'color', value: string | null): void {
  const options = kind === 'size' ? product.sizes : product.colors;
  if (options.length === 0) {
    if (value !== null) throw new DomainError('invalid_input', `${product.name} has no ${kind} to choose`);
    return;
  }
  if (value === null) throw new DomainError('invalid_input', `Choose a ${kind} for ${product.name}`);
  if (!options.includes(value)) {
    throw new DomainError('invalid_input', `${product.name} is not available in ${kind} "${value}"`);
  }
}

/** Validates one cart or request line against its product (option choice only; stock is checked per product). */
export function checkLineOptions(product: Product, size: string | null, color: string | null): void {
  checkOption(product, 'size', size);
  checkOption(product, 'color', color);
}

export function planOrders(lines: ResolvedLine[], orderNumber: () => string = newOrderNumber): OrderPlan[] {
  if (lines.length === 0) throw new DomainError('empty_cart', 'Your cart is empty');

  const wanted = new Map<number, { product: Product; quantity: number }>();
  for (const line of lines) {
    if (!line.product.active) {
      throw new DomainError('insufficient_stock', `${line.product.name} is no longer available`, {
        product_id: line.product.id,
        available: 0,
      });
    }
    checkLineOptions(line.product, line.size, line.color);
    const entry = wanted.get(line.product.id) ?? { product: line.product, quantity: 0 };
    entry.quantity += line.quantity;
    wanted.set(line.product.id, entry);
  }
  for (const { product, quantity } of wanted.values()) {
    if (quantity > product.stock) {
      throw new DomainError('insufficient_stock', `Only ${product.stock} of ${product.name} left`, {
        product_id: product.id,
        available: product.stock,
      });
    }
  }

  const bySeller = new Map<number, OrderItem[]>();
  for (const line of lines) {
    const items = bySeller.get(line.product.sellerId) ?? [];
    items.push({
      productId: line.product.id,
      productName: line.product.name,
      quantity: line.quantity,
      unitPrice: line.product.price,
      size: line.size,
      color: line.color,
    });
    bySeller.set(line.product.sellerId, items);
  }
  return [...bySeller].map(([sellerId, items]) => ({
    sellerId,
    orderNumber: orderNumber(),
    items,
    totalAmount: orderTotal(items),
  }));
}

/** An order's total; above MAX_CENTS (a cart can pile up that much) it is refused, never a RangeError (500). */
function orderTotal(items: OrderItem[]): number {
  const lines = items.map((i) => lineTotal(i.unitPrice, i.quantity));
  const total = lines.every(isCents) ? sumCents(lines) : Number.POSITIVE_INFINITY;
  if (!isCents(total)) {
    throw new DomainError('invalid_input', `An order cannot come to more than ${formatCents(MAX_CENTS)}; order fewer items`);
  }
  return total;
}
