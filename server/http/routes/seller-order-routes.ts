import { iso, presentSellerRow } from '../../contract/presenters.js';
import type { HttpDeps } from '../app-env.js';
import * as declared from '../declarations/seller-orders.js';
import { createRouter } from '../router.js';

const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

export function sellerOrderRoutes({ orders }: HttpDeps) {
  return createRouter()
    .openapi(declared.sellerOrders, async (c) => {
      const result = await orders.sellerOrders(c.get('viewer'), c.req.valid('query'));
      return c.json({ orders: result.orders.map(presentSellerRow), counts: result.counts, total: result.total }, 200);
    })
    .openapi(declared.updateOrderStatus, async (c) => {
      // Steps 1–3 of the chain ran in the declaration (session, shape, status enum); 4–6 are the domain's.
      const body = FORM.test(c.req.header('content-type') ?? '') ? c.req.valid('form') : c.req.valid('json');
      const { changed, order } = await orders.updateBySeller(c.get('viewer'), {
        orderId: body.order_id,
        newStatus: body.new_status,
        expectedVersion: body.expected_version,
        carrier: body.carrier,
        trackingNumber: body.tracking_number,
        note: body.note,
      });
      const updated = { order_id: order.orderId, status: order.status, version: order.version, updated_at: iso(order.updatedAt) };
      return c.json({ success: true as const, changed, order: updated }, 200);
    });
}
