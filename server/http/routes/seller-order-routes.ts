import { Hono } from 'hono';
import { presentSellerRow } from '../../contract/presenters.js';
import { sellerOrderQuerySchema } from '../../contract/request-schemas.js';
import { isOrderStatus } from '../../domain/order-status.js';
import type { AppEnv, HttpDeps } from '../app-env.js';
import { requireUser } from '../middleware/session.js';
import { queryOf, readRawBody } from '../request-parsing.js';
import { badStatus, UPDATE_ORDER_STATUS_PATH, updateOrderStatus } from '../update-order-status.js';

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
    // The usual JSON request arrives through the Node-level lane instead (http/status-update-lane.ts).
    .post(UPDATE_ORDER_STATUS_PATH, async (c) =>
      c.json(await updateOrderStatus(orders, c.get('user'), () => readRawBody(c, { form: true }))),
    );
}
