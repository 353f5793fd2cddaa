/** The Hono application: cross-cutting middleware once, then each area's routes. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv, HttpDeps } from './app-env.js';
import { errorBody, handleError } from './error-mapping.js';
import { originGuard } from './middleware/origin-guard.js';
import { securityHeaders } from './middleware/security-headers.js';
import { sessionMiddleware } from './middleware/session.js';
import { authRoutes } from './routes/auth-routes.js';
import { cartRoutes } from './routes/cart-routes.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { orderRoutes } from './routes/order-routes.js';
import { sellerOrderRoutes } from './routes/seller-order-routes.js';
import { webRoutes } from './routes/web-routes.js';

const MAX_BODY_BYTES = 64 * 1024;

export function createApp(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  app.onError((error, c) => handleError(error, c, deps.logger));
  app.notFound((c) => c.json(errorBody('not_found', 'No such endpoint'), 404));

  app.use('*', securityHeaders(deps.config.production));
  app.use('*', originGuard(deps.config.publicOrigin));
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json(errorBody('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB`), 413),
    }),
  );
  const session = sessionMiddleware(deps.accounts, deps.config);
  app.use('/api/*', session);
  app.use('/seller/update-order-status', session);

  app.route('/', healthRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', catalogRoutes(deps));
  app.route('/', cartRoutes(deps));
  app.route('/', orderRoutes(deps));
  app.route('/', sellerOrderRoutes(deps));
  app.route('/', webRoutes(deps));
  return app;
}

export type App = ReturnType<typeof createApp>;
