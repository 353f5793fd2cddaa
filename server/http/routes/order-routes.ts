import type { OrderStatusBody } from '../../contract/api.js';
import { presentBuyerOrder, presentCheckout, presentOrderDetail, presentOrderStatus, presentPlaced } from '../../contract/presenters.js';
import { requestHash } from '../../domain/idempotency.js';
import { notFound } from '../../domain/errors.js';
import { sideOf } from '../../domain/order-service.js';
import type { HttpDeps } from '../app-env.js';
import * as declared from '../declarations/orders.js';
import { setResponseHeaders } from '../response-headers.js';
import { createRouter } from '../router.js';

const ORDER_NUMBER = /^OP-[0-9A-Z]{10}$/;
const CHECKOUT_NUMBER = /^CO-[0-9A-Z]{10}$/;

/** A client may keep the body, and must ask again (If-None-Match) before using it. */
const REVALIDATE = ['Cache-Control', 'private, no-cache'] as const;

/** The opaque tag of an order's status body, which changes exactly when the order's version does. */
const tagOf = (orderId: number, version: number) => `"o${orderId}v${version}"`;
/** Sent weak: the body's bytes are not promised, only its meaning. */
const etagOf = (orderId: number, version: number) => `W/${tagOf(orderId, version)}`;

/**
 * Whether If-None-Match names the current body, compared as RFC 9110 §13.1.2 says: weakly
 * (`W/"o14v1"` and `"o14v1"` are the same tag), and `*` for any current body (the caller
 * asks only once the order is found and the viewer's). No regular expression: this is the
 * most-read endpoint, and a header that does not hold the tag at all is told by one search.
 */
function noneMatch(header: string, tag: string): boolean {
  if (!header.includes(tag)) return header.trim() === '*';
  for (const member of header.split(',')) {
    const candidate = member.trim();
    if (candidate === tag || (candidate.startsWith('W/') && candidate.slice(2) === tag)) return true;
  }
  return false;
}

/**
 * Order-status bodies by order id, serialized once per version: the tracker's polls and
 * reloads ask for the same body again and again. The ETag's rule makes this safe: the body
 * changes exactly when the version does, so a body is served only for the version it was
 * built from, and the version comes from the order's head on every request. Oldest first out.
 */
class StatusBodies {
  private readonly byOrder = new Map<number, { version: number; json: string }>();

  constructor(private readonly max: number) {}

  get(orderId: number, version: number): string | undefined {
    const entry = this.byOrder.get(orderId);
    return entry !== undefined && entry.version === version ? entry.json : undefined;
  }

  set(body: OrderStatusBody): string {
    if (!this.byOrder.has(body.order_id) && this.byOrder.size >= this.max) {
      const oldest = this.byOrder.keys().next();
      if (!oldest.done) this.byOrder.delete(oldest.value);
    }
    const json = JSON.stringify(body);
    this.byOrder.set(body.order_id, { version: body.version, json });
    return json;
  }
}

export function orderRoutes({ orders, returns }: HttpDeps) {
  const statusBodies = new StatusBodies(10_000);
  return createRouter()
    .openapi(declared.placeOrder, async (c) => {
      const body = c.req.valid('json');
      const key = c.req.valid('header')['idempotency-key'];
      const address = body.shipping_address;
      const result = await orders.place(c.get('viewer'), {
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
      const viewer = c.get('viewer');
      const { order_id: orderId } = c.req.valid('param');
      // The head decides (who may see it, its version): a revalidation (the tracker's poll) gets
      // its 304 from it, and a body built for this version is served again. History and
      // shipment are read only when the order changed since.
      const head = await orders.head(viewer, orderId);
      const etag = etagOf(head.orderId, head.version);
      const ifNoneMatch = c.req.header('if-none-match');
      if (ifNoneMatch !== undefined && noneMatch(ifNoneMatch, tagOf(head.orderId, head.version))) {
        setResponseHeaders(c, [['ETag', etag], REVALIDATE]);
        return c.body(null, 304);
      }
      let version = head.version;
      let json = statusBodies.get(orderId, version);
      if (json === undefined) {
        const body = presentOrderStatus(await orders.status(viewer, orderId));
        version = body.version;
        json = statusBodies.set(body);
      }
      setResponseHeaders(c, [['ETag', etagOf(orderId, version)], REVALIDATE]);
      // The OrderStatus body, serialized when it was built (see StatusBodies).
      return c.body(json, 200, { 'Content-Type': 'application/json' });
    })
    .openapi(declared.buyerOrders, async (c) => {
      const list = await orders.buyerOrders(c.get('viewer'));
      const latest = await returns.latestFor(list.map((order) => order.orderId));
      return c.json({ orders: list.map((order) => presentBuyerOrder(order, latest.get(order.orderId) ?? null)) }, 200);
    })
    .openapi(declared.orderDetail, async (c) => {
      const { order_number: number } = c.req.valid('param');
      if (!ORDER_NUMBER.test(number)) throw notFound('Order');
      const viewer = c.get('viewer');
      const detail = await orders.detail(viewer, number);
      const latest = await returns.latestFor([detail.orderId]);
      return c.json({ order: presentOrderDetail(detail, sideOf(viewer, detail), latest.get(detail.orderId) ?? null) }, 200);
    })
    .openapi(declared.checkout, async (c) => {
      const { checkout_number: number } = c.req.valid('param');
      if (!CHECKOUT_NUMBER.test(number)) throw notFound('Checkout');
      const checkout = await orders.checkout(c.get('viewer'), number);
      const latest = await returns.latestFor(checkout.orders.map((order) => order.orderId));
      return c.json({ checkout: presentCheckout(checkout, latest) }, 200);
    })
    .openapi(declared.cancelOrder, async (c) => {
      const buyer = c.get('viewer');
      const { order_id: orderId } = c.req.valid('param');
      await orders.cancelByBuyer(buyer, orderId);
      return c.json({ order: presentOrderStatus(await orders.status(buyer, orderId)) }, 200);
    });
}
