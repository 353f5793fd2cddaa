/**
 * POST /seller/update-order-status from the session's user on: the seed's Security Flow
 * (401 → 400 shape → 400 enum → 403/404 → 409 → 200). Both doors to the endpoint run it:
 * the Hono route (forms, chunked bodies, anything unusual) and the Node-level lane that
 * takes the usual JSON request on the push path (status-update-lane.ts).
 */
import type { UpdateStatusBody } from '../contract/api.js';
import { iso } from '../contract/presenters.js';
import { quickUpdateStatus, updateStatusSchema } from '../contract/request-schemas.js';
import { DomainError } from '../domain/errors.js';
import type { User } from '../domain/model.js';
import type { OrderService } from '../domain/order-service.js';
import { isOrderStatus, ORDER_STATUSES } from '../domain/order-status.js';
import { loggedIn } from './middleware/session.js';
import { parseWith } from './request-parsing.js';

export const UPDATE_ORDER_STATUS_PATH = '/seller/update-order-status';

export const badStatus = (field: string) =>
  new DomainError('invalid_input', `${field} must be one of: ${ORDER_STATUSES.join(', ')}`, [
    { path: field, message: 'Unknown status' },
  ]);

/**
 * The body is read only once the session is known to be there: a request without one is a
 * 401 whatever it carries.
 */
export async function updateOrderStatus(
  orders: OrderService,
  user: User | null,
  readBody: () => Promise<unknown>,
): Promise<UpdateStatusBody> {
  const seller = loggedIn(user);
  const raw = await readBody();
  const body = quickUpdateStatus(raw) ?? parseWith(updateStatusSchema, raw);
  const newStatus = body.new_status;
  if (!isOrderStatus(newStatus)) throw badStatus('new_status');
  const { changed, order } = await orders.updateBySeller(seller, {
    orderId: body.order_id,
    newStatus,
    expectedVersion: body.expected_version,
    carrier: body.carrier,
    trackingNumber: body.tracking_number,
    note: body.note,
  });
  return {
    success: true,
    changed,
    order: { order_id: order.orderId, status: order.status, version: order.version, updated_at: iso(order.updatedAt) },
  };
}
