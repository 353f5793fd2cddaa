import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/domain/errors.js';
import { MAX_CENTS } from '../../server/domain/money.js';
import type { Product } from '../../server/domain/model.js';
import { checkLineOptions, newOrderNumber, planOrders } from '../../server/domain/order-placement.js';
import type { ResolvedLine } from '../../server/domain/ports.js';

let nextId = 1;
function product(overrides: Partial<Product> = {}): Product {
  const id = nextId++;
  return {
    id,
    sellerId: 1,
    storeName: 'Store',
    name: `Product ${id}`,
    description: '',
    price: 1000,
    stock: 10,
    sizes: [],
    colors: [],
    imageUrl: null,
    active: true,
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

const line = (p: Product, quantity: number, size: string | null = null, color: string | null = null): ResolvedLine => ({
  productId: p.id,
  quantity,
  size,
  color,
  product: p,
});

function numbers() {
  let n = 0;
  return () => `OP-TEST${String(++n).padStart(6, '0')}`;
}

function domainErrorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('planning an order', () => {
  it('refuses an empty cart', () => {
    expect(domainErrorOf(() => planOrders([])).code).toBe('empty_cart');
  });

  it('makes one order for one seller with the total from the products’ prices', () => {
    const a = product({ price: 1999 });
    const b = product({ price: 250 });
    const plans = planOrders([line(a, 2), line(b, 3)], numbers());
    expect(plans).toHaveLength(1);
    expect(plans[0]).toEqual({
      sellerId: 1,
      orderNumber: 'OP-TEST000001',
      totalAmount: 2 * 1999 + 3 * 250,
      items: [
        { productId: a.id, productName: a.name, quantity: 2, unitPrice: 1999, size: null, color: null },
        { productId: b.id, productName: b.name, quantity: 3, unitPrice: 250, size: null, color: null },
      ],
    });
  });

  it('splits lines into one order per seller, each with its own number and total', () => {
    const x1 = product({ sellerId: 7, price: 100 });
    const y1 = product({ sellerId: 8, price: 300 });
    const x2 = product({ sellerId: 7, price: 50 });
    const plans = planOrders([line(x1, 1), line(y1, 2), line(x2, 4)], numbers());
    expect(plans.map((p) => [p.sellerId, p.totalAmount, p.items.map((i) => i.productId)])).toEqual([
      [7, 100 + 4 * 50, [x1.id, x2.id]],
      [8, 600, [y1.id]],
    ]);
    expect(new Set(plans.map((p) => p.orderNumber)).size).toBe(2);
  });

  it('counts stock per product across lines with different options', () => {
    const shirt = product({ stock: 3, sizes: ['S', 'M'] });
    expect(planOrders([line(shirt, 2, 'S'), line(shirt, 1, 'M')], numbers())[0]?.items).toHaveLength(2);
    const error = domainErrorOf(() => planOrders([line(shirt, 2, 'S'), line(shirt, 2, 'M')], numbers()));
    expect(error.code).toBe('insufficient_stock');
    expect(error.details).toEqual({ product_id: shirt.id, available: 3 });
  });

  it('allows ordering exactly the stock, not one more', () => {
    const p = product({ stock: 5 });
    expect(planOrders([line(p, 5)], numbers())).toHaveLength(1);
    expect(domainErrorOf(() => planOrders([line(p, 6)], numbers())).code).toBe('insufficient_stock');
  });

  it('refuses an inactive product as out of stock', () => {
    const p = product({ active: false });
    expect(domainErrorOf(() => planOrders([line(p, 1)], numbers())).code).toBe('insufficient_stock');
  });

  it('refuses an order above MAX_CENTS as bad input, even one whose total would overflow', () => {
    const dear = product({ price: MAX_CENTS, stock: 2_000_000 });
    expect(planOrders([line(dear, 1)], numbers())[0]?.totalAmount).toBe(MAX_CENTS);
    expect(domainErrorOf(() => planOrders([line(dear, 2)], numbers())).code).toBe('invalid_input');
    // A cart can hold up to the stock (a million units): 10^16 cents is past Number.MAX_SAFE_INTEGER.
    expect(domainErrorOf(() => planOrders([line(dear, 1_000_000)], numbers())).code).toBe('invalid_input');
    const cheap = product({ price: 1, stock: 10 });
    expect(domainErrorOf(() => planOrders([line(dear, 1), line(cheap, 1)], numbers())).code).toBe('invalid_input');
  });

  it('snapshots the name and price the product has now', () => {
    const p = product({ name: 'Lamp', price: 4200 });
    const [plan] = planOrders([line(p, 1)], numbers());
    expect(plan?.items[0]).toMatchObject({ productName: 'Lamp', unitPrice: 4200 });
  });
});

describe('size and colour rules', () => {
  const shirt = product({ sizes: ['S', 'M'], colors: ['red'] });
  const mug = product();

  it('accepts a listed size and colour', () => {
    expect(() => checkLineOptions(shirt, 'M', 'red')).not.toThrow();
    expect(() => planOrders([line(shirt, 1, 'S', 'red')], numbers())).not.toThrow();
  });

  it.each([
    ['a missing size', null, 'red'],
    ['a missing colour', 'S', null],
    ['an unknown size', 'XXL', 'red'],
    ['an unknown colour', 'S', 'blue'],
  ])('refuses %s', (_what, size, color) => {
    expect(domainErrorOf(() => checkLineOptions(shirt, size, color)).code).toBe('invalid_input');
    expect(domainErrorOf(() => planOrders([line(shirt, 1, size, color)], numbers())).code).toBe('invalid_input');
  });

  it('refuses a size or colour for a product that has none', () => {
    expect(domainErrorOf(() => checkLineOptions(mug, 'M', null)).code).toBe('invalid_input');
    expect(domainErrorOf(() => checkLineOptions(mug, null, 'red')).code).toBe('invalid_input');
    expect(() => checkLineOptions(mug, null, null)).not.toThrow();
  });
});

describe('order numbers', () => {
  it('are OP- and ten Crockford base-32 characters, and do not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const n = newOrderNumber();
      expect(n).toMatch(/^OP-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{10}$/);
      seen.add(n);
    }
    expect(seen.size).toBe(1000);
  });
});
