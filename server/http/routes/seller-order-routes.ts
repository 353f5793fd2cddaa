import type { BulkStatusResult } from '../../contract/api.js';
import { ordersCsvFilename, ordersCsvHeader, ordersCsvRecords } from '../../contract/orders-csv.js';
import { presentSellerRow, presentUpdated } from '../../contract/presenters.js';
import type { UpdateStatusInput } from '../../contract/request-schemas.js';
import type { StatusUpdateInput } from '../../domain/order-service.js';
import type { SellerOrderFilter } from '../../domain/ports.js';
import type { HttpDeps } from '../app-env.js';
import * as declared from '../declarations/seller-orders.js';
import { errorReply } from '../error-mapping.js';
import { createRouter } from '../router.js';

const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** The fields of a status change that are the same for every order it is applied to (single or bulk). */
type ChangeFields = Omit<StatusUpdateInput, 'orderId' | 'expectedVersion'>;

function changeFields(body: Omit<UpdateStatusInput, 'order_id' | 'expected_version'>): ChangeFields {
  return {
    newStatus: body.new_status,
    carrierCode: body.carrier_code,
    carrier: body.carrier,
    trackingNumber: body.tracking_number,
    estimatedDelivery: body.estimated_delivery,
    note: body.note,
    buyerMessage: body.buyer_message,
  };
}


/** The list's query as the domain's filter (the HTTP names `from`/`to` are the creation window). */
function filterOf(query: { q: string | null; status: SellerOrderFilter['status']; sort: SellerOrderFilter['sort']; from: number | null; to: number | null }): SellerOrderFilter {
  return { q: query.q, status: query.status, sort: query.sort, createdFrom: query.from, createdBefore: query.to };
}

export function sellerOrderRoutes({ orders, logger }: HttpDeps) {
  return createRouter()
    .openapi(declared.sellerOrders, async (c) => {
      const query = c.req.valid('query');
      const result = await orders.sellerOrders(c.get('viewer'), { ...filterOf(query), page: query.page, limit: query.limit });
      return c.json({ orders: result.orders.map(presentSellerRow), counts: result.counts, total: result.total }, 200);
    })
    .openapi(declared.exportSellerOrders, (c) => {
      // Throws (403) before anything is sent; the pages are read as the client takes them.
      const pages = orders.exportSellerOrders(c.get('viewer'), filterOf(c.req.valid('query')))[Symbol.asyncIterator]();
      const encoder = new TextEncoder();
      let headerSent = false;
      const body = new ReadableStream<Uint8Array>({
        // Called only when the client has taken what was sent: one page in memory at a time.
        async pull(controller) {
          if (!headerSent) {
            headerSent = true;
            controller.enqueue(encoder.encode(ordersCsvHeader()));
            return;
          }
          try {
            const next = await pages.next();
            if (next.done) controller.close();
            else controller.enqueue(encoder.encode(ordersCsvRecords(next.value)));
          } catch (error) {
            // The status line is gone: all that is left is to cut the file short, so that it is not taken as whole.
            logger.error({ err: error }, 'the orders export failed while streaming');
            controller.error(error);
          }
        },
        async cancel() {
          await pages.return?.();
        },
      });
      return c.body(body, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${ordersCsvFilename(Date.now())}"`,
        'Cache-Control': 'no-store',
      });
    })
    .openapi(declared.updateOrderStatus, async (c) => {
      // Steps 1–3 of the chain ran in the declaration (session, shape, status enum); 4–6 are the domain's.
      const body = FORM.test(c.req.header('content-type') ?? '') ? c.req.valid('form') : c.req.valid('json');
      const { changed, order } = await orders.updateBySeller(c.get('viewer'), {
        ...changeFields(body),
        orderId: body.order_id,
        expectedVersion: body.expected_version,
      });
      return c.json({ success: true as const, changed, order: presentUpdated(order) }, 200);
    })
    .openapi(declared.bulkUpdateOrderStatus, async (c) => {
      const { order_ids, expected_versions, ...fields } = c.req.valid('json');
      const outcomes = await orders.bulkUpdateBySeller(c.get('viewer'), {
        ...changeFields(fields),
        orderIds: order_ids,
        expectedVersions: new Map(Object.entries(expected_versions ?? {}).map(([id, version]) => [Number(id), version])),
      });
      const request = { method: c.req.method, path: c.req.path, aborted: false };
      const results = outcomes.map((outcome): BulkStatusResult => {
        if (outcome.ok) return { order_id: outcome.orderId, ok: true, changed: outcome.result.changed, order: presentUpdated(outcome.result.order) };
        // The same mapping as a single change's error: a domain refusal says its code, anything else is logged and told nothing.
        const { code, message } = errorReply(outcome.error, logger, request).body.error;
        return { order_id: outcome.orderId, ok: false, error: { code, message } };
      });
      return c.json({ results }, 200);
    });
}
