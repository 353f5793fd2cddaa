/** The seller's side of orders: the dashboard list and the status change. */
import { createRoute } from '@hono/zod-openapi';
import { SellerOrdersBody, UpdateStatusBody } from '../../contract/api.js';
import { sellerOrderQuerySchema, updateStatusFormSchema, updateStatusSchema } from '../../contract/request-schemas.js';
import { requireSession } from '../middleware/session.js';
import { BODY_ERRORS, errors, jsonContent, requireBody, signedIn } from './shared.js';

const tags = ['Seller'];

export const sellerOrders = createRoute({
  method: 'get',
  path: '/api/seller/orders',
  tags,
  summary: "The seller's orders, filtered, with counts per status",
  ...signedIn,
  request: { query: sellerOrderQuerySchema },
  responses: { 200: jsonContent(SellerOrdersBody, 'A page of orders, newest first'), ...errors([400, 401, 403]) },
});

export const updateOrderStatus = createRoute({
  method: 'post',
  path: '/seller/update-order-status',
  tags,
  summary: "Move an order along its status flow (the seller's update)",
  description: [
    'Checked in this order: 1. no session → 401; 2. a missing or malformed field → 400; 3. `new_status` not one of the seven → 400;',
    "4. not a seller, or not this order's seller → 403 (an unknown order → 404); 5. an illegal move → 409 `illegal_transition`,",
    'a stale `expected_version` → 409 `version_conflict`; 6. one transaction → 200, then one `order:status` event.',
    'Setting the status the order already has answers 200 with `changed: false` and writes nothing.',
    'Shipping may record `carrier` and `tracking_number`.',
  ].join(' '),
  security: signedIn.security,
  // A form or a JSON body: each validator runs for its own media type, so the body is
  // optional to the library; requireBody refuses a request that brings neither.
  middleware: [requireSession, requireBody] as [typeof requireSession, typeof requireBody],
  request: {
    body: {
      required: false,
      content: {
        'application/json': { schema: updateStatusSchema },
        'application/x-www-form-urlencoded': { schema: updateStatusFormSchema },
      },
    },
  },
  responses: {
    200: jsonContent(UpdateStatusBody, 'Changed, or already in that status'),
    ...errors([...BODY_ERRORS, 401, 404, 409], {
      403: "forbidden: not a seller, or not this order's seller; or cross_site_request",
      409: 'illegal_transition (details: from, to) or version_conflict (details: current status and version)',
    }),
  },
});
