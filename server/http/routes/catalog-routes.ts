import { Hono } from 'hono';
import { presentProduct } from '../../contract/presenters.js';
import { newProductSchema, productPatchSchema, productQuerySchema } from '../../contract/request-schemas.js';
import type { AppEnv, HttpDeps } from '../app-env.js';
import { requireUser } from '../middleware/session.js';
import { pathId, queryOf, readBody } from '../request-parsing.js';

export function catalogRoutes({ catalog }: HttpDeps) {
  return new Hono<AppEnv>()
    .get('/api/products', async (c) => {
      const query = queryOf(c, productQuerySchema);
      const { products, total } = await catalog.list(query);
      return c.json({ products: products.map(presentProduct), total, page: query.page, limit: query.limit });
    })
    .get('/api/products/:id', async (c) => {
      const product = await catalog.get(pathId(c, 'id'), c.get('user'));
      return c.json({ product: presentProduct(product) });
    })
    .get('/api/seller/products', async (c) => {
      const products = await catalog.listOwn(requireUser(c));
      return c.json({ products: products.map(presentProduct) });
    })
    .post('/api/seller/products', async (c) => {
      const seller = requireUser(c);
      const body = await readBody(c, newProductSchema);
      const product = await catalog.create(seller, {
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
    .patch('/api/seller/products/:id', async (c) => {
      const seller = requireUser(c);
      const id = pathId(c, 'id');
      const body = await readBody(c, productPatchSchema);
      const { image_url, ...rest } = body;
      const product = await catalog.update(seller, id, { ...rest, ...(image_url !== undefined && { imageUrl: image_url }) });
      return c.json({ product: presentProduct(product) });
    });
}
