/** The seller's side of orders: the dashboard list and the status change. */
import { z } from 'zod';
import { BulkStatusBody, SellerOrdersBody, UpdateStatusBody } from '../../contract/api.js';
import { ORDERS_CSV_COLUMNS } from '../../contract/orders-csv.js';
import {
  bulkStatusSchema,
  sellerOrderExportQuerySchema,
  sellerOrderQuerySchema,
  updateStatusFormSchema,
  updateStatusSchema,
} from '../../contract/request-schemas.js';
import { declareRoute, errors, jsonBody, jsonContent, signedIn } from './shared.js';

const tags = ['Seller'];

export const sellerOrders = declareRoute({
  method: 'get',
  path: '/api/seller/orders',
  tags,
  summary: "The seller's orders, filtered and sorted, with counts per status",
  description: 'The counts are taken over the search and the date window, whatever the status filter.',
  ...signedIn,
  request: { query: sellerOrderQuerySchema },
  responses: { 200: jsonContent(SellerOrdersBody, 'A page of orders, newest first unless sorted otherwise'), ...errors([400, 401, 403]) },
});

export const exportSellerOrders = declareRoute({
  method: 'get',
  path: '/api/seller/orders.csv',
  tags,
  summary: "The seller's orders as a CSV file, with the list's filters",
  description: [
    `Every order the filters select (no pages), in the list's order, one record each: ${ORDERS_CSV_COLUMNS.join(',')}.`,
    '`total` is a decimal (48.00); RFC 4180 quoting with CRLF line ends; a cell starting with =, +, -, @, tab or CR gets a leading `\'`',
    'so that spreadsheets never run it. Streamed as it is read.',
  ].join(' '),
  ...signedIn,
  request: { query: sellerOrderExportQuerySchema },
  responses: {
    200: {
      description: 'The CSV file (UTF-8)',
      headers: z.object({ 'Content-Disposition': z.string().meta({ description: 'attachment; filename="orders-YYYY-MM-DD.csv" (the day of the export, UTC)' }) }),
      content: { 'text/csv': { schema: z.string() } },
    },
    ...errors([400, 401, 403]),
  },
});

export const bulkUpdateOrderStatus = declareRoute({
  method: 'post',
  path: '/api/seller/orders/bulk-status',
  tags,
  summary: 'Move several orders to one status, each on its own',
  description: [
    'Each order is changed exactly as by `POST /seller/update-order-status` (its rules, its own transaction, history row,',
    'version and `order:status` event), in the order given. One result per id, in that order: changed (or already in that',
    "status), or refused with what the single change would have answered (forbidden for another seller's order, not_found,",
    'illegal_transition, version_conflict); a refused order is left as it was, and refusals leave the others to go ahead.',
    'A body that does not fit (no ids, more than 100, an id twice, an unknown status) is refused whole with 400.',
  ].join(' '),
  ...signedIn,
  request: { body: jsonBody(bulkStatusSchema) },
  responses: {
    200: jsonContent(BulkStatusBody, 'One result per order id'),
    ...errors([401], { 403: 'forbidden: not a seller; or cross_site_request' }),
  },
});

export const updateOrderStatus = declareRoute({
  method: 'post',
  path: '/seller/update-order-status',
  tags,
  summary: "Move an order along its status flow (the seller's update)",
  description: [
    'Checked in this order: 1. no session → 401; 2. a missing or malformed field → 400; 3. `new_status` not one of the seven → 400;',
    "4. not a seller, or not this order's seller → 403 (an unknown order → 404); 5. an illegal move → 409 `illegal_transition`,",
    'a stale `expected_version` → 409 `version_conflict`; 6. one transaction → 200, then one `order:status` event.',
    'Setting the status the order already has answers 200 with `changed: false` and writes nothing.',
    'Shipping records the carrier (`carrier_code` from GET /api/carriers, or `carrier` as free text, not both), `tracking_number`',
    'and `estimated_delivery` (without it, the listed carrier’s default window from the ship date). `buyer_message` is shown to the buyer',
    'on the order’s timeline; `note` stays with the seller. A form gives the window as `estimated_delivery[earliest]` and `estimated_delivery[latest]`.',
  ].join(' '),
  ...signedIn,
  // A form or a JSON body: each validator runs for its own media type, so the body is
  // optional to the library; declareRoute refuses (400) a request that brings neither.
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
    ...errors([401, 404, 409], {
      403: "forbidden: not a seller, or not this order's seller; or cross_site_request",
      409: 'illegal_transition (details: from, to) or version_conflict (details: current status and version)',
    }),
  },
});
