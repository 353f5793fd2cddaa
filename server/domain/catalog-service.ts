/** The public catalog and a seller's own products. */
import { DomainError, forbidden, notFound } from './errors.js';
import type { Product, User } from './model.js';
import type { Clock, ImageResizer, NewProduct, ProductPatch, ProductQuery, ProductRepository } from './ports.js';
import { productImage, productImageUrl, type ImageWidth, type ProductImage } from './product-image.js';

export class CatalogService {
  constructor(
    private readonly products: ProductRepository,
    private readonly resizer: ImageResizer,
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
    return (await this.products.update(id, sellerId, patch, this.clock())) ?? this.refusal(id);
  }

  /** A new picture for the seller's product, checked by its content (see product-image.ts). */
  async setImage(seller: User, id: number, bytes: Uint8Array): Promise<Product> {
    const sellerId = sellerIdOf(seller);
    const image = productImage(bytes);
    const variants = await this.resizer.variants(image);
    return (await this.products.setImage(id, sellerId, image, variants, productImageUrl(id, image), this.clock())) ?? this.refusal(id);
  }

  /** The picture a URL names: the product's current one, when the digest is still its. */
  async image(id: number, digest: string, width?: ImageWidth): Promise<ProductImage> {
    const image = await this.products.findImage(id, width);
    if (!image || image.digest !== digest) throw notFound('Image');
    return image;
  }

  /** Tells "not yours" from "no such product", as the contract's 403/404 do. */
  private async refusal(id: number): Promise<never> {
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
