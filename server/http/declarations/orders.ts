/** Placing orders and following them: the buyer's side, and the views buyer and seller share. */
import { z } from 'zod';
import { BuyerOrderSummary, CheckoutBody, OrderDetailBody, OrderStatusBody, PlaceOrderBody } from '../../contract/api.js';
import { idempotencyKey, pathId, placeOrderSchema } from '../../contract/request-schemas.js';
import { declareRoute, errors, jsonBody, jsonContent, signedIn } from './shared.js';

const tags = ['Orders'];
const orderId = z.object({ order_id: pathId });
const etag = { description: 'Changes exactly when the order’s version does', schema: { type: 'string' as const } };

export const placeOrder = declareRoute({
  method: 'post',
  path: '/api/place-order',
  tags,
  summary: 'Check out',
  description:
    "Without `items` the buyer's cart is ordered (and emptied). A cart of several sellers becomes one order per seller, in one transaction. Prices come from the database; stock is checked and taken in the same transaction. The same Idempotency-Key from the same user answers the first response again and creates nothing.",
  ...signedIn,
  request: {
    headers: z.object({ 'idempotency-key': idempotencyKey.optional().meta({ description: 'Makes a retried checkout safe' }) }),
    body: jsonBody(placeOrderSchema),
  },
  responses: {
    201: {
      ...jsonContent(PlaceOrderBody, 'Placed (or, for a repeated Idempotency-Key, placed before)'),
      headers: { 'Idempotent-Replayed': { description: '`true` when this is the first response again', schema: { type: 'string' as const } } },
    },
    ...errors([401, 404, 409, 422], {
      400: 'invalid_input, or empty_cart: nothing to order',
      403: 'forbidden: only buyers place orders; or cross_site_request',
      404: 'not_found: a product in `items` does not exist (nothing is ordered)',
      409: 'insufficient_stock: a line asks for more than is left (nothing is ordered)',
    }),
  },
});

export const orderStatus = declareRoute({
  method: 'get',
  path: '/api/order-status/{order_id}',
  tags,
  summary: "An order's tracker: status, timeline, shipment",
  description: "For the order's buyer or seller; what the confirmation page polls every 30 s while its socket is down.",
  ...signedIn,
  request: { params: orderId },
  // A conditional-request header, compared and never validated: documented, not declared for a validator.
  parameters: [
    { name: 'If-None-Match', in: 'header', required: false, description: 'A previous ETag, compared weakly (with or without `W/`), or `*`: 304 while the order is unchanged', schema: { type: 'string' } },
  ],
  responses: {
    200: { ...jsonContent(OrderStatusBody, 'The current state'), headers: { ETag: etag } },
    304: { description: 'Unchanged since the ETag given', headers: { ETag: etag } },
    ...errors([400, 401, 404], { 404: "not_found: no such order, or someone else's" }),
  },
});

export const buyerOrders = declareRoute({
  method: 'get',
  path: '/api/user-orders-detailed',
  tags,
  summary: "The buyer's orders with their lines",
  ...signedIn,
  responses: {
    200: jsonContent(z.strictObject({ orders: z.array(BuyerOrderSummary) }), 'Newest first'),
    ...errors([401, 403]),
  },
});

export const orderDetail = declareRoute({
  method: 'get',
  path: '/api/orders/{order_number}',
  tags,
  summary: 'One order in full',
  description: "What the confirmation page and the seller's View show; for the order's buyer or seller.",
  ...signedIn,
  request: { params: z.object({ order_number: z.string().max(40).meta({ example: 'OP-7K2M9Q4X1B' }) }) },
  responses: {
    200: jsonContent(z.strictObject({ order: OrderDetailBody }), 'The order'),
    ...errors([401, 404], { 404: "not_found: no such order, or someone else's" }),
  },
});

export const cancelOrder = declareRoute({
  method: 'post',
  path: '/api/orders/{order_id}/cancel',
  tags,
  summary: 'The buyer cancels their order',
  description: 'While it is pending or confirmed; its units go back to stock.',
  ...signedIn,
  request: { params: orderId },
  responses: {
    200: jsonContent(z.strictObject({ order: OrderStatusBody }), 'Cancelled'),
    ...errors([400, 401, 403, 404, 409], { 409: 'not_cancellable: the order is past confirmed' }),
  },
});

export const checkout = declareRoute({
  method: 'get',
  path: '/api/checkouts/{checkout_number}',
  tags,
  summary: 'One checkout: every order it made, with the combined total',
  description:
    "A cart of several sellers becomes one order per seller; the checkout groups them. For the buyer who placed it only: anyone else, and an unknown number, get 404.",
  ...signedIn,
  request: { params: z.object({ checkout_number: z.string().max(40).meta({ example: 'CO-7K2M9Q4X1B' }) }) },
  responses: {
    200: jsonContent(z.strictObject({ checkout: CheckoutBody }), 'The checkout'),
    ...errors([401, 404], { 404: "not_found: no such checkout, or someone else's" }),
  },
});
