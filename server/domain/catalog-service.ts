/** The public catalog and a seller's own products. */
import { DomainError, forbidden, notFound } from './errors.js';
import type { Product, User } from './model.js';
import type { Clock, NewProduct, ProductPatch, ProductQuery, ProductRepository } from './ports.js';

export class CatalogService {
  constructor(
    private readonly products: ProductRepository,
    private readonly clock: Clock = Date.now,
  ) {}

  list(query: ProductQuery): Promise<{ products: Product[]; total: number }> {
    return this.products.listActive(query);
  }

  /** Active products for everyone; an inactive one only for the seller who owns it. */
  async get(id: number, viewer: User | null): Promise<Product> {
    const product = await this.products.findById(id);
    if (!product || (!product.active && viewer?.sellerId !== product.sellerId)) throw notFound('Product');
    return product;
  }

  listOwn(seller: User): Promise<Product[]> {
    return this.products.listBySeller(sellerIdOf(seller));
  }

  create(seller: User, input: NewProduct): Promise<Product> {
    return this.products.create(sellerIdOf(seller), input, this.clock());
  }

  async update(seller: User, id: number, patch: ProductPatch): Promise<Product> {
    const sellerId = sellerIdOf(seller);
    const updated = await this.products.update(id, sellerId, patch, this.clock());
    if (updated) return updated;
    // Tell "not yours" from "no such product", as the contract's 403/404 do.
    const existing = await this.products.findById(id);
    if (existing) throw forbidden('This product belongs to another seller');
    throw notFound('Product');
  }
}

export function sellerIdOf(user: User): number {
  if (user.role !== 'seller' || user.sellerId === null) throw forbidden('Only sellers can do this');
  return user.sellerId;
}

export function requireBuyer(user: User): void {
  if (user.role !== 'buyer') throw new DomainError('forbidden', 'Only buyers can do this');
}
