/** The buyer's server-side cart. */
import { DomainError, notFound } from './errors.js';
import type { CartLine, User } from './model.js';
import { checkLineOptions } from './order-placement.js';
import type { CartLineInput, CartRepository, ProductRepository } from './ports.js';
import { requireBuyer } from './catalog-service.js';

export class CartService {
  constructor(
    private readonly carts: CartRepository,
    private readonly products: ProductRepository,
  ) {}

  get(buyer: User): Promise<CartLine[]> {
    requireBuyer(buyer);
    return this.carts.list(buyer.id);
  }

  async add(buyer: User, line: CartLineInput): Promise<CartLine[]> {
    requireBuyer(buyer);
    const product = await this.products.findById(line.productId);
    if (!product || !product.active) throw notFound('Product');
    checkLineOptions(product, line.size, line.color);
    const outcome = await this.carts.add(buyer.id, line);
    if (outcome === 'product_not_found') throw notFound('Product');
    if (outcome === 'insufficient_stock') {
      const inCart = unitsOf(await this.carts.list(buyer.id), product.id);
      throw notEnoughToAdd(product.id, product.name, product.stock, inCart);
    }
    return this.carts.list(buyer.id);
  }

  async setQuantity(buyer: User, itemId: number, quantity: number): Promise<CartLine[]> {
    requireBuyer(buyer);
    const outcome = await this.carts.setQuantity(buyer.id, itemId, quantity);
    if (outcome === 'not_found') throw notFound('Cart item');
    if (outcome === 'insufficient_stock') {
      const lines = await this.carts.list(buyer.id);
      const line = lines.find((l) => l.id === itemId);
      if (!line) throw new DomainError('insufficient_stock', 'Not enough stock for that quantity');
      throw notEnoughForLine(line, unitsOf(lines, line.productId) - line.quantity);
    }
    return this.carts.list(buyer.id);
  }

  async remove(buyer: User, itemId: number): Promise<CartLine[]> {
    requireBuyer(buyer);
    if (!(await this.carts.remove(buyer.id, itemId))) throw notFound('Cart item');
    return this.carts.list(buyer.id);
  }
}

/** The units of a product across the cart's lines (one per size and colour). */
const unitsOf = (lines: CartLine[], productId: number) => lines.reduce((sum, l) => (l.productId === productId ? sum + l.quantity : sum), 0);

/** Adding would pass the stock: says what the buyer already has, so "add again" makes sense of it. */
function notEnoughToAdd(productId: number, name: string, stock: number, inCart: number): DomainError {
  const details = { product_id: productId, available: stock, in_cart: inCart };
  if (stock <= 0) return new DomainError('insufficient_stock', `${name} is out of stock`, details);
  if (inCart === 0) return new DomainError('insufficient_stock', `Only ${stock} of ${name} left`, details);
  const more = stock - inCart;
  const rest = more > 0 ? `only ${more} more can be added (${stock} left)` : `that is all there is (${stock} left)`;
  return new DomainError('insufficient_stock', `You already have ${inCart} of ${name} in your cart: ${rest}`, details);
}

/** A line's new quantity would pass the stock: says how many this line can have. */
function notEnoughForLine(line: CartLine, onOtherLines: number): DomainError {
  const { product } = line;
  const available = Math.max(0, product.stock - onOtherLines);
  const others = onOtherLines > 0 ? ` (${onOtherLines} more are on another line of your cart)` : '';
  const message =
    product.stock <= 0 ? `${product.name} is out of stock` : `Only ${product.stock} of ${product.name} left: this line can have at most ${available}${others}`;
  return new DomainError('insufficient_stock', message, { product_id: product.id, available });
}
