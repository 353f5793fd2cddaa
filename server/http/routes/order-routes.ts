import { Hono, type Context } from 'hono';
import { presentBuyerOrder, presentOrderDetail, presentOrderStatus, presentPlaced } from '../../contract/presenters.js';
import { idempotencyKey, placeOrderSchema } from '../../contract/request-schemas.js';
import { requestHash } from '../../domain/idempotency.js';
import { notFound } from '../../domain/errors.js';
import type { AppEnv, HttpDeps } from '../app-env.js';
import { requireUser } from '../middleware/session.js';
import { headerOf, nodeResponse } from '../node-request.js';
import { parseWith, pathId, readBody } from '../request-parsing.js';

const ORDER_NUMBER = /^OP-[0-9A-Z]{10}$/;

/** Weak validator: an order's status body changes exactly when its version does. */
const etagOf = (orderId: number, version: number) => `W/"o${orderId}v${version}"`;

function setCacheHeaders(c: Context, etag: string): void {
  // On Node, onto the response itself (see node-request.ts): keeps Hono's Response lightweight.
  const outgoing = nodeResponse(c);
  if (outgoing) {
    outgoing.setHeader('ETag', etag);
    outgoing.setHeader('Cache-Control', 'private, no-cache');
  } else {
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
  }
}

/**
 * Rendered order-status bodies by order id. The ETag's rule makes this safe: the body changes
 * exactly when the version does, so a body is served only for the version it was rendered
 * from, and the version comes from the database on every request. Oldest entries go first.
 */
class StatusBodies {
  private readonly byOrder = new Map<number, { version: number; body: string }>();

  constructor(private readonly max: number) {}

  get(orderId: number, version: number): string | undefined {
    const entry = this.byOrder.get(orderId);
    return entry !== undefined && entry.version === version ? entry.body : undefined;
  }

  set(orderId: number, version: number, body: string): void {
    if (!this.byOrder.has(orderId) && this.byOrder.size >= this.max) {
      const oldest = this.byOrder.keys().next();
      if (!oldest.done) this.byOrder.delete(oldest.value);
    }
    this.byOrder.set(orderId, { version, body });
  }
}

export function orderRoutes({ orders }: HttpDeps) {
  const statusBodies = new StatusBodies(10_000);
  return new Hono<AppEnv>()
    .post('/api/place-order', async (c) => {
      const buyer = requireUser(c);
      const header = headerOf(c, 'idempotency-key');
      const key = header === undefined ? null : parseWith(idempotencyKey, header, 'Bad Idempotency-Key header');
      const body = await readBody(c, placeOrderSchema);
      const result = await orders.place(buyer, {
        paymentMethod: body.payment_method,
        shippingAddress: {
          name: body.shipping_address.name,
          line1: body.shipping_address.line1,
          line2: body.shipping_address.line2,
          city: body.shipping_address.city,
          postalCode: body.shipping_address.postal_code,
          country: body.shipping_address.country,
        },
        items:
          body.items?.map((i) => ({ productId: i.product_id, quantity: i.quantity, size: i.size, color: i.color })) ??
          null,
        idempotency: key === null ? null : { key, requestHash: requestHash(body) },
      });
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(presentPlaced(result.orders), 201);
    })
    .get('/api/order-status/:order_id', async (c) => {
      const viewer = requireUser(c);
      const orderId = pathId(c, 'order_id');
      // The head decides (who may see it, its version): a revalidation (the tracker's poll) gets
      // its 304 from it, and a body rendered for this version is served again as it is. History
      // and shipment are read only when the order changed since.
      const head = await orders.head(viewer, orderId);
      const etag = etagOf(head.orderId, head.version);
      if (headerOf(c, 'if-none-match')?.split(/\s*,\s*/).includes(etag)) {
        setCacheHeaders(c, etag);
        return c.body(null, 304);
      }
      let version = head.version;
      let body = statusBodies.get(orderId, version);
      if (body === undefined) {
        const view = await orders.status(viewer, orderId);
        version = view.version;
        body = JSON.stringify(presentOrderStatus(view));
        statusBodies.set(orderId, version, body);
      }
      setCacheHeaders(c, etagOf(orderId, version));
      return c.body(body, 200, { 'Content-Type': 'application/json' });
    })
    .get('/api/user-orders-detailed', async (c) => {
      const list = await orders.buyerOrders(requireUser(c));
      return c.json({ orders: list.map(presentBuyerOrder) });
    })
    .get('/api/orders/:order_number', async (c) => {
      const viewer = requireUser(c);
      const number = c.req.param('order_number');
      if (!ORDER_NUMBER.test(number)) throw notFound('Order');
      return c.json({ order: presentOrderDetail(await orders.detail(viewer, number)) });
    })
    .post('/api/orders/:order_id/cancel', async (c) => {
      const buyer = requireUser(c);
      const orderId = pathId(c, 'order_id');
      await orders.cancelByBuyer(buyer, orderId);
      const view = await orders.status(buyer, orderId);
      return c.json({ order: presentOrderStatus(view) });
    });
}
