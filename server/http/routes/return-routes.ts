import { presentReturnRequest, presentSellerReturn, presentUpdated } from '../../contract/presenters.js';
import type { HttpDeps } from '../app-env.js';
import * as declared from '../declarations/returns.js';
import { createRouter } from '../router.js';

export function returnRoutes({ returns }: HttpDeps) {
  return createRouter()
    .openapi(declared.requestReturn, async (c) => {
      const { order_id: orderId } = c.req.valid('param');
      const body = c.req.valid('json');
      const request = await returns.request(c.get('viewer'), orderId, { reason: body.reason, message: body.message });
      return c.json({ return_request: presentReturnRequest(request) }, 201);
    })
    .openapi(declared.sellerReturns, async (c) => {
      const query = c.req.valid('query');
      const { requests, counts, total } = await returns.sellerRequests(c.get('viewer'), query);
      return c.json({ return_requests: requests.map(presentSellerReturn), counts, total }, 200);
    })
    .openapi(declared.approveReturn, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const { returnRequest, order } = await returns.approve(c.get('viewer'), id, { restock: body.restock, buyerMessage: body.buyer_message });
      return c.json({ return_request: presentReturnRequest(returnRequest), order: presentUpdated(order) }, 200);
    })
    .openapi(declared.declineReturn, async (c) => {
      const { id } = c.req.valid('param');
      const request = await returns.decline(c.get('viewer'), id, { buyerMessage: c.req.valid('json').buyer_message });
      return c.json({ return_request: presentReturnRequest(request) }, 200);
    });
}
