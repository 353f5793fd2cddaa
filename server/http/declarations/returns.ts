/** Buyer returns: the buyer's request, and the seller's list and decisions. */
import { z } from 'zod';
import { ReturnApprovedBody, ReturnRequestBody, ReturnRequestCreatedBody, SellerReturnsBody } from '../../contract/api.js';
import { approveReturnSchema, declineReturnSchema, pathId, returnListQuerySchema, returnRequestSchema } from '../../contract/request-schemas.js';
import { RETURN_WINDOW_DAYS } from '../../domain/returns.js';
import { declareRoute, errors, jsonBody, jsonContent, signedIn } from './shared.js';

const requestId = z.object({ id: pathId });
const DECIDER_403 = 'forbidden: not a seller, or another seller’s request; or cross_site_request';
const DECIDED_409 = 'return_already_decided: the request is no longer `requested`';

export const requestReturn = declareRoute({
  method: 'post',
  path: '/api/orders/{order_id}/return-request',
  tags: ['Orders'],
  summary: 'The buyer asks to return a delivered order',
  description: [
    `For the order's buyer, while the order is delivered and within ${RETURN_WINDOW_DAYS} days of its delivery; one open request`,
    'per order (a declined one does not block a new one). Sends `return:requested` to the order’s buyer and seller rooms.',
  ].join(' '),
  ...signedIn,
  request: { params: z.object({ order_id: pathId }), body: jsonBody(returnRequestSchema) },
  responses: {
    201: jsonContent(ReturnRequestCreatedBody, 'Requested'),
    ...errors([401, 404, 409], {
      404: "not_found: no such order, or someone else's",
      409: `return_not_allowed: the order is not delivered, or was delivered more than ${RETURN_WINDOW_DAYS} days ago (the message says which); return_already_requested: an open request exists`,
    }),
  },
});

export const sellerReturns = declareRoute({
  method: 'get',
  path: '/api/seller/return-requests',
  tags: ['Seller'],
  summary: "The seller's return requests, newest first, with counts per status",
  ...signedIn,
  request: { query: returnListQuerySchema },
  responses: {
    200: jsonContent(SellerReturnsBody, 'A page of requests'),
    ...errors([400, 401, 403], { 403: 'forbidden: not a seller' }),
  },
});

export const approveReturn = declareRoute({
  method: 'post',
  path: '/api/seller/return-requests/{id}/approve',
  tags: ['Seller'],
  summary: 'The seller approves a return: the order becomes returned',
  description: [
    'A normal status change delivered → returned in one transaction with the decision: history row (with `buyer_message`),',
    'version bump, `order:status` and `return:decided` events; the units go back into stock when `restock` is true.',
  ].join(' '),
  ...signedIn,
  request: { params: requestId, body: jsonBody(approveReturnSchema) },
  responses: {
    200: jsonContent(ReturnApprovedBody, 'Approved'),
    ...errors([401, 404, 409], {
      403: DECIDER_403,
      404: 'not_found: no such return request',
      409: `${DECIDED_409}; illegal_transition: the order is no longer delivered`,
    }),
  },
});

export const declineReturn = declareRoute({
  method: 'post',
  path: '/api/seller/return-requests/{id}/decline',
  tags: ['Seller'],
  summary: 'The seller declines a return; the order is left as it is',
  description: 'Sends `return:decided` to the order’s buyer and seller rooms.',
  ...signedIn,
  request: { params: requestId, body: jsonBody(declineReturnSchema) },
  responses: {
    200: jsonContent(z.strictObject({ return_request: ReturnRequestBody }), 'Declined'),
    ...errors([401, 404, 409], { 403: DECIDER_403, 404: 'not_found: no such return request', 409: DECIDED_409 }),
  },
});
