/** The Hono application: cross-cutting middleware once, then each area's routes. */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv, HttpDeps } from './app-env.js';
import { errorBody, handleError } from './error-mapping.js';
import { headerOf } from './node-request.js';
import { originGuard } from './middleware/origin-guard.js';
import { securityHeaders } from './middleware/security-headers.js';
import { sessionMiddleware } from './middleware/session.js';
import { authRoutes } from './routes/auth-routes.js';
import { cartRoutes } from './routes/cart-routes.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { orderRoutes } from './routes/order-routes.js';
import { sellerOrderRoutes } from './routes/seller-order-routes.js';
import { webRoutes } from './routes/web-routes.js';

export const MAX_BODY_BYTES = 64 * 1024;

const tooLarge = (c: Context) =>
  c.json(errorBody('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB`), 413);

/**
 * hono/body-limit, minus its cost where it cannot matter: GET and HEAD carry no body here,
 * and a Content-Length (without Transfer-Encoding) is enforced by Node's parser, so the
 * header alone decides, as bodyLimit itself does. Only chunked bodies are counted as read.
 */
function limitBodies(): MiddlewareHandler {
  const counting = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = headerOf(c, 'content-length');
    if (length !== undefined && headerOf(c, 'transfer-encoding') === undefined) {
      return parseInt(length || '0', 10) > MAX_BODY_BYTES ? tooLarge(c) : next();
    }
    return counting(c, next);
  };
}

export function createApp(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  app.onError((error, c) => handleError(error, c, deps.logger));
  app.notFound((c) => c.json(errorBody('not_found', 'No such endpoint'), 404));

  app.use('*', securityHeaders(deps.config.production));
  app.use('*', originGuard(deps.config.publicOrigin));
  app.use('*', limitBodies());
  const session = sessionMiddleware(deps.accounts, deps.config);
  app.use('/api/*', session);
  app.use('/seller/update-order-status', session);

  app.route('/', healthRoutes(deps));
  app.route('/', metricsRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', catalogRoutes(deps));
  app.route('/', cartRoutes(deps));
  app.route('/', orderRoutes(deps));
  app.route('/', sellerOrderRoutes(deps));
  app.route('/', webRoutes(deps));
  return app;
}

export type App = ReturnType<typeof createApp>;
