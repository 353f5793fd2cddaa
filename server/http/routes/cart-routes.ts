import { presentCart } from '../../contract/presenters.js';
import type { HttpDeps } from '../app-env.js';
import * as declared from '../declarations/cart.js';
import { createRouter } from '../router.js';

export function cartRoutes({ carts }: HttpDeps) {
  return createRouter()
    .openapi(declared.getCart, async (c) => c.json(presentCart(await carts.get(c.get('viewer'))), 200))
    .openapi(declared.addCartItem, async (c) => {
      const body = c.req.valid('json');
      const lines = await carts.add(c.get('viewer'), {
        productId: body.product_id,
        quantity: body.quantity,
        size: body.size,
        color: body.color,
      });
      return c.json({ cart: presentCart(lines) }, 201);
    })
    .openapi(declared.setCartQuantity, async (c) => {
      const lines = await carts.setQuantity(c.get('viewer'), c.req.valid('param').id, c.req.valid('json').quantity);
      return c.json({ cart: presentCart(lines) }, 200);
    })
    .openapi(declared.removeCartItem, async (c) => {
      const lines = await carts.remove(c.get('viewer'), c.req.valid('param').id);
      return c.json({ cart: presentCart(lines) }, 200);
    });
}
