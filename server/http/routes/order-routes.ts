import type { OrderStatusBody } from '../../contract/api.js';
import { presentBuyerOrder, presentOrderDetail, presentOrderStatus, presentPlaced } from '../../contract/presenters.js';
import { requestHash } from '../../domain/idempotency.js';
import { notFound } from '../../domain/errors.js';
import type { HttpDeps } from '../app-env.js';
import * as declared from '../declarations/orders.js';
import { createRouter } from '../router.js';

const ORDER_NUMBER = /^OP-[0-9A-Z]{10}$/;

/** Weak validator: an order's status body changes exactly when its version does. */
const etagOf = (orderId: number, version: number) => `W/"o${orderId}v${version}"`;

/**
 * Order-status bodies by order id, as presented for one version. The ETag's rule makes this
 * safe: the body changes exactly when the version does, so a body is served only for the
 * version it was built from, and the version comes from the order's head on every request.
 * Oldest entries go first.
 */
class StatusBodies {
  private readonly byOrder = new Map<number, OrderStatusBody>();

  constructor(private readonly max: number) {}

  get(orderId: number, version: number): OrderStatusBody | undefined {
    const body = this.byOrder.get(orderId);
    return body !== undefined && body.version === version ? body : undefined;
  }

  set(body: OrderStatusBody): void {
    if (!this.byOrder.has(body.order_id) && this.byOrder.size >= this.max) {
      const oldest = this.byOrder.keys().next();
      if (!oldest.done) this.byOrder.delete(oldest.value);
    }
    this.byOrder.set(body.order_id, body);
  }
}

export function orderRoutes({ orders }: HttpDeps) {
  const statusBodies = new StatusBodies(10_000);
  return createRouter()
    .openapi(declared.placeOrder, async (c) => {
      const body = c.req.valid('json');
      const key = c.req.valid('header')['idempotency-key'];
      const address = body.shipping_address;
      const result = await orders.place(c.var.viewer, {
        paymentMethod: body.payment_method,
        shippingAddress: {
          name: address.name,
          line1: address.line1,
          line2: address.line2,
          city: address.city,
          postalCode: address.postal_code,
          country: address.country,
        },
        items: body.items?.map((i) => ({ productId: i.product_id, quantity: i.quantity, size: i.size, color: i.color })) ?? null,
        idempotency: key === undefined ? null : { key, requestHash: requestHash(body) },
      });
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(presentPlaced(result.orders), 201);
    })
    .openapi(declared.orderStatus, async (c) => {
      const viewer = c.var.viewer;
      const { order_id: orderId } = c.req.valid('param');
      // The head decides (who may see it, its version): a revalidation (the tracker's poll) gets
      // its 304 from it, and a body built for this version is served again. History and
      // shipment are read only when the order changed since.
      const head = await orders.head(viewer, orderId);
      const etag = etagOf(head.orderId, head.version);
      c.header('Cache-Control', 'private, no-cache');
      if (c.req.valid('header')['if-none-match']?.split(/\s*,\s*/).includes(etag)) {
        c.header('ETag', etag);
        return c.body(null, 304);
      }
      let body = statusBodies.get(orderId, head.version);
      if (body === undefined) {
        body = presentOrderStatus(await orders.status(viewer, orderId));
        statusBodies.set(body);
      }
      c.header('ETag', etagOf(orderId, body.version));
      return c.json(body, 200);
    })
    .openapi(declared.buyerOrders, async (c) => {
      const list = await orders.buyerOrders(c.var.viewer);
      return c.json({ orders: list.map(presentBuyerOrder) }, 200);
    })
    .openapi(declared.orderDetail, async (c) => {
      const { order_number: number } = c.req.valid('param');
      if (!ORDER_NUMBER.test(number)) throw notFound('Order');
      return c.json({ order: presentOrderDetail(await orders.detail(c.var.viewer, number)) }, 200);
    })
    .openapi(declared.cancelOrder, async (c) => {
      const buyer = c.var.viewer;
      const { order_id: orderId } = c.req.valid('param');
      await orders.cancelByBuyer(buyer, orderId);
      return c.json({ order: presentOrderStatus(await orders.status(buyer, orderId)) }, 200);
    });
}
