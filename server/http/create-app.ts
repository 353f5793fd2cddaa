/** The Hono application: cross-cutting middleware once, then each area's declared routes. */
import { routePath } from 'hono/route';
import type { MiddlewareHandler } from 'hono';
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
  // Bodies are limited by each declared route (declareRoute), behind its session check, so
  // that a route needing a session says 401 before it looks at a body. Nothing else here
  // reads a body: pages and files are GETs, and an unknown path is a 404 unread.
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
