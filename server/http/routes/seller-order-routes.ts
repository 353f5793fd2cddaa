import { Hono } from 'hono';
import { iso, presentSellerRow } from '../../contract/presenters.js';
import { quickUpdateStatus, sellerOrderQuerySchema, updateStatusSchema } from '../../contract/request-schemas.js';
import { DomainError } from '../../domain/errors.js';
import { isOrderStatus, ORDER_STATUSES } from '../../domain/order-status.js';
import type { AppEnv, HttpDeps } from '../app-env.js';
import { requireUser } from '../middleware/session.js';
import { parseWith, queryOf, readRawBody } from '../request-parsing.js';

const badStatus = (field: string) =>
  new DomainError('invalid_input', `${field} must be one of: ${ORDER_STATUSES.join(', ')}`, [
    { path: field, message: 'Unknown status' },
  ]);

export function sellerOrderRoutes({ orders }: HttpDeps) {
  return new Hono<AppEnv>()
    .get('/api/seller/orders', async (c) => {
      const seller = requireUser(c);
      const query = queryOf(c, sellerOrderQuerySchema);
      const status = query.status === undefined || query.status === '' || query.status === 'all' ? null : query.status;
      if (status !== null && !isOrderStatus(status)) throw badStatus('status');
      const result = await orders.sellerOrders(seller, { ...query, status });
      return c.json({ orders: result.orders.map(presentSellerRow), counts: result.counts, total: result.total });
    })
    // The seed's Security Flow: 401 → 400 shape → 400 enum → 403/404 → 409 → 200.
    .post('/seller/update-order-status', async (c) => {
      const seller = requireUser(c);
      const raw = await readRawBody(c, { form: true });
      const body = quickUpdateStatus(raw) ?? parseWith(updateStatusSchema, raw);
      const newStatus = body.new_status;
      if (!isOrderStatus(newStatus)) throw badStatus('new_status');
      const result = await orders.updateBySeller(seller, {
        orderId: body.order_id,
        newStatus,
        expectedVersion: body.expected_version,
        carrier: body.carrier,
        trackingNumber: body.tracking_number,
        note: body.note,
      });
      const o = result.order;
      return c.json({
        success: true,
        changed: result.changed,
        order: { order_id: o.orderId, status: o.status, version: o.version, updated_at: iso(o.updatedAt) },
      });
    });
}
