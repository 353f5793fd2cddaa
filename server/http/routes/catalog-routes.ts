import { presentProduct } from '../../contract/presenters.js';
import { notFound } from '../../domain/errors.js';
import { IMAGE_TYPES } from '../../domain/product-image.js';
import type { HttpDeps } from '../app-env.js';
import * as declared from '../declarations/catalog.js';
import { createRouter } from '../router.js';

export function catalogRoutes({ catalog }: HttpDeps) {
  return createRouter()
    .openapi(declared.listProducts, async (c) => {
      const query = c.req.valid('query');
      const { products, total } = await catalog.list(query);
      return c.json({ products: products.map(presentProduct), total, page: query.page, limit: query.limit }, 200);
    })
    .openapi(declared.getProduct, async (c) => {
      const product = await catalog.get(c.req.valid('param').id, c.get('user'));
      return c.json({ product: presentProduct(product) }, 200);
    })
    .openapi(declared.listOwnProducts, async (c) => {
      const products = await catalog.listOwn(c.get('viewer'));
      return c.json({ products: products.map(presentProduct) }, 200);
    })
    .openapi(declared.createProduct, async (c) => {
      const body = c.req.valid('json');
      const product = await catalog.create(c.get('viewer'), {
        name: body.name,
        description: body.description,
        price: body.price,
        stock: body.stock,
        sizes: body.sizes,
        colors: body.colors,
        imageUrl: body.image_url,
      });
      return c.json({ product: presentProduct(product) }, 201);
    })
    .openapi(declared.uploadProductImage, async (c) => {
      const { image } = c.req.valid('form');
      const product = await catalog.setImage(c.get('viewer'), c.req.valid('param').id, new Uint8Array(await image.arrayBuffer()));
      return c.json({ product: presentProduct(product) }, 200);
    })
    .openapi(declared.productImage, async (c) => {
      const { id, file } = c.req.valid('param');
      const image = await catalog.image(id, file.digest, file.width);
      // A copy is WebP (when the picture has none at that width, the picture itself answers, in its own type).
      if (file.width === undefined && IMAGE_TYPES[image.contentType] !== file.extension) throw notFound('Image');
      return c.body(new Uint8Array(image.bytes), 200, {
        'Content-Type': image.contentType,
        // The URL names this version of the picture: a new picture gets a new URL.
        'Cache-Control': 'public, max-age=31536000, immutable',
        ETag: `"${image.digest}"`,
      });
    })
    .openapi(declared.updateProduct, async (c) => {
      const { image_url, ...rest } = c.req.valid('json');
      const patch = { ...rest, ...(image_url !== undefined && { imageUrl: image_url }) };
      const product = await catalog.update(c.get('viewer'), c.req.valid('param').id, patch);
      return c.json({ product: presentProduct(product) }, 200);
    });
}
