/** The Hono application: cross-cutting middleware once, then each area's declared routes. */
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import type { Context, MiddlewareHandler } from 'hono';
import { MAX_IMAGE_BYTES } from '../domain/product-image.js';
import type { AppEnv, HttpDeps } from './app-env.js';
import { errorBody, handleError } from './error-mapping.js';
import { originGuard } from './middleware/origin-guard.js';
import { securityHeaders } from './middleware/security-headers.js';
import { sessionMiddleware } from './middleware/session.js';
import { buildMatcher, createRouter } from './router.js';
import { authRoutes } from './routes/auth-routes.js';
import { carrierRoutes } from './routes/carrier-routes.js';
import { cartRoutes } from './routes/cart-routes.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { operationsRoutes } from './routes/operations-routes.js';
import { orderRoutes } from './routes/order-routes.js';
import { sellerOrderRoutes } from './routes/seller-order-routes.js';
import { returnRoutes } from './routes/return-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { webRoutes } from './routes/web-routes.js';

export const MAX_BODY_BYTES = 64 * 1024;
/** A product picture's upload: the picture and its multipart framing (the picture itself is held to its own limit). */
const MAX_UPLOAD_BYTES = MAX_IMAGE_BYTES + 64 * 1024;
const UPLOAD_PATH = /^\/api\/seller\/products\/[^/]+\/image$/;

const tooLarge = (c: Context) =>
  c.json(errorBody('payload_too_large', `Request bodies are limited to ${(UPLOAD_PATH.test(c.req.path) ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES) / 1024} KiB`), 413);

/**
 * hono/body-limit, without its cost where it cannot matter. A body with a Content-Length (and
 * no Transfer-Encoding) is exactly that long, Node's parser sees to it, so its header alone
 * decides, as bodyLimit itself decides it, but without touching `c.req.raw.body`: that would
 * turn @hono/node-server's direct read of the body into a WHATWG stream, the largest single
 * cost of a checkout's request handling in a profile. Chunked bodies are counted as they are
 * read, by bodyLimit.
 */
function limitBodies(): MiddlewareHandler {
  const counting = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  const countingUpload = bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: tooLarge });
  return (c, next) => {
    const upload = UPLOAD_PATH.test(c.req.path);
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return (upload ? countingUpload : counting)(c, next);
    return Number.parseInt(length, 10) > (upload ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES) ? Promise.resolve(tooLarge(c)) : next();
  };
}

/**
 * HTTP metrics labelled by the declared route, spelled as in the API document
 * (`/api/orders/{order_number}`), never by the raw path; pages and files are `/*`. After the
 * chain has run, the route index is that of the last handler that ran: the endpoint, or the
 * route middleware that refused the request.
 */
function httpMetrics({ metrics }: HttpDeps): MiddlewareHandler<AppEnv> {
  const spelled = new Map<string, string>();
  const label = (path: string) => {
    let route = spelled.get(path);
    if (route === undefined) {
      route = (path || '*').replace(/:([^/{]+)(\{[^}]*\})?/g, '{$1}');
      spelled.set(path, route);
    }
    return route;
  };
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = label(routePath(c));
    metrics.observeHttp(c.req.method, route, c.res.status, (performance.now() - started) / 1000);
  };
}

export function createApp(deps: HttpDeps) {
  const app = createRouter();
  app.onError((error, c) => handleError(error, c, deps.logger));
  app.notFound((c) => c.json(errorBody('not_found', 'No such endpoint'), 404));

  app.use('*', httpMetrics(deps));
  app.use('*', securityHeaders(deps.config.production));
  app.use('*', originGuard(deps.config.publicOrigin));
  // GET and HEAD carry no body here; the others are limited whether they say their length or not.
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', limitBodies());
  const session = sessionMiddleware(deps.accounts, deps.config);
  app.use('/api/*', session);
  app.use('/seller/update-order-status', session);

  app.route('/', operationsRoutes(deps, () => app));
  app.route('/', authRoutes(deps));
  app.route('/', catalogRoutes(deps));
  app.route('/', cartRoutes(deps));
  app.route('/', orderRoutes(deps));
  app.route('/', carrierRoutes());
  app.route('/', sellerOrderRoutes(deps));
  app.route('/', returnRoutes(deps));
  app.route('/', webhookRoutes(deps));
  app.route('/', webRoutes(deps));
  buildMatcher(app);
  return app;
}

export type App = ReturnType<typeof createApp>;
