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
    if (outcome === 'insufficient_stock') throw insufficientStock(product.name, product.stock);
    return this.carts.list(buyer.id);
  }

  async setQuantity(buyer: User, itemId: number, quantity: number): Promise<CartLine[]> {
    requireBuyer(buyer);
    const outcome = await this.carts.setQuantity(buyer.id, itemId, quantity);
    if (outcome === 'not_found') throw notFound('Cart item');
    if (outcome === 'insufficient_stock') throw new DomainError('insufficient_stock', 'Not enough stock for that quantity');
    return this.carts.list(buyer.id);
  }

  async remove(buyer: User, itemId: number): Promise<CartLine[]> {
    requireBuyer(buyer);
    if (!(await this.carts.remove(buyer.id, itemId))) throw notFound('Cart item');
    return this.carts.list(buyer.id);
  }
}

const insufficientStock = (name: string, stock: number) =>
  new DomainError('insufficient_stock', stock > 0 ? `Only ${stock} of ${name} left` : `${name} is out of stock`);
