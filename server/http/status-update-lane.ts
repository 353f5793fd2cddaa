/**
 * The usual seller status change, served straight from Node's request: a JSON
 * `POST /seller/update-order-status` with a Content-Length. It is the one request on the
 * push path (a seller's click → the buyers' sockets), and Hono's dispatch, Request and
 * Response objects and middleware chain cost it about as much as the endpoint's own
 * parsing, checks and response (measured: ≈ 70 µs less from POST to the buyer's event, see
 * bench/PUSH-RESULTS.md). It runs the same steps as the Hono app, with the same code:
 * cross-site refusal, the session, update-order-status.ts, the error mapping, the
 * security headers. Which door a request takes is decided from its headers alone, before
 * anything is read: anything else (forms, chunked or oversized bodies, a query string,
 * other content types) goes to the Hono app, which answers it as before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AccountService } from '../domain/account-service.js';
import type { OrderService } from '../domain/order-service.js';
import { errorReply } from './error-mapping.js';
import { crossSiteRefusal, isCrossSite, ownOrigin } from './middleware/origin-guard.js';
import { securityHeaderList } from './middleware/security-headers.js';
import { cookieValue, sessionCookieName } from './middleware/session.js';
import { contentLengthBody, incomingHeader, isEncrypted } from './node-request.js';
import { parseJsonBody, unreadableBody } from './request-parsing.js';
import { UPDATE_ORDER_STATUS_PATH, updateOrderStatus } from './update-order-status.js';

export interface StatusUpdateLaneDeps {
  accounts: AccountService;
  orders: OrderService;
  logger: Logger;
  production: boolean;
  publicOrigin: string | undefined;
  maxBodyBytes: number;
}

/** Takes the request and answers it (true), or leaves it untouched for the Hono app (false). */
export type RequestLane = (req: IncomingMessage, res: ServerResponse) => boolean;

export function statusUpdateLane(deps: StatusUpdateLaneDeps): RequestLane {
  const { accounts, orders, logger } = deps;
  const cookieName = sessionCookieName(deps.production);
  const headers = securityHeaderList(deps.production);
  const request = { method: 'POST', path: UPDATE_ORDER_STATUS_PATH };

  const send = (res: ServerResponse, status: number, body: unknown, retryAfter?: number) => {
    if (res.headersSent) return;
    const text = JSON.stringify(body);
    for (const [name, value] of headers) res.setHeader(name, value);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const own = ownOrigin(deps.publicOrigin, isEncrypted(req) ? 'https' : 'http', req.headers.host);
      if (isCrossSite({ origin: req.headers.origin, secFetchSite: incomingHeader(req, 'sec-fetch-site') }, own)) throw crossSiteRefusal();
      const token = cookieValue(req.headers.cookie ?? '', cookieName);
      const session = token ? await accounts.authenticate(token) : null;
      send(res, 200, await updateOrderStatus(orders, session?.user ?? null, () => readJson(req)));
    } catch (error) {
      const reply = errorReply(error, logger, request);
      send(res, reply.status, reply.body, reply.retryAfter);
    }
  };

  return (req, res) => {
    if (!laneTakes(req, deps.maxBodyBytes)) return false;
    void serve(req, res);
    return true;
  };
}

/** Whether the lane serves this request: decided from the request line and headers alone. */
export function laneTakes(req: IncomingMessage, maxBodyBytes: number): boolean {
  if (req.method !== 'POST' || req.url !== UPDATE_ORDER_STATUS_PATH) return false;
  const { 'content-type': type, 'content-length': length, 'transfer-encoding': chunked } = req.headers;
  if (chunked !== undefined || length === undefined || Number(length) > maxBodyBytes) return false;
  return type !== undefined && /^application\/json\s*(;|$)/i.test(type);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text: string | undefined;
  try {
    text = await contentLengthBody(req);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw unreadableBody();
  return parseJsonBody(text);
}
