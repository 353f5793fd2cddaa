import { Hono } from 'hono';
import { presentCart } from '../../contract/presenters.js';
import { cartItemSchema, cartQuantitySchema } from '../../contract/request-schemas.js';
import type { AppEnv, HttpDeps } from '../app-env.js';
import { requireUser } from '../middleware/session.js';
import { pathId, readBody } from '../request-parsing.js';

export function cartRoutes({ carts }: HttpDeps) {
  return new Hono<AppEnv>()
    .get('/api/cart', async (c) => c.json(presentCart(await carts.get(requireUser(c)))))
    .post('/api/cart/items', async (c) => {
      const buyer = requireUser(c);
      const body = await readBody(c, cartItemSchema);
      const lines = await carts.add(buyer, {
        productId: body.product_id,
        quantity: body.quantity,
        size: body.size,
        color: body.color,
      });
      return c.json({ cart: presentCart(lines) }, 201);
    })
    .patch('/api/cart/items/:id', async (c) => {
      const buyer = requireUser(c);
      const id = pathId(c, 'id');
      const { quantity } = await readBody(c, cartQuantitySchema);
      return c.json({ cart: presentCart(await carts.setQuantity(buyer, id, quantity)) });
    })
    .delete('/api/cart/items/:id', async (c) => {
      const buyer = requireUser(c);
      return c.json({ cart: presentCart(await carts.remove(buyer, pathId(c, 'id'))) });
    });
}
