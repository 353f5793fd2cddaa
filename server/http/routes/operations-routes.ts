/**
 * Health, metrics, and the API's own description: the OpenAPI document generated from the
 * route declarations, and an interactive reference page (Swagger UI, served from
 * node_modules: no CDN, and the page's script is a file of ours, as the CSP wants).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { DomainError, notFound } from '../../domain/errors.js';
import type { AppEnv, HttpDeps } from '../app-env.js';
import * as declared from '../declarations/operations.js';
import { SESSION_SCHEME } from '../declarations/shared.js';
import { sessionCookieName } from '../middleware/session.js';
import { createRouter } from '../router.js';

const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OrderPulse API reference</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"><p>Loading the API reference… (the document itself is <a href="/api/openapi.json">/api/openapi.json</a>)</p></main>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

const DOCS_INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/** Compares digests, so the time taken says nothing about how much of the token was right. */
function sameToken(given: string | undefined, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

export function operationsRoutes({ bus, config, dbHealthy, isReady, metrics }: HttpDeps, api: () => OpenAPIHono<AppEnv>) {
  let document: ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']> | null = null;
  const describe = () =>
    (document ??= api().getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'OrderPulse API',
        version: '1.0.0',
        description:
          'Marketplace order management with a live order tracker. JSON with snake_case fields; money is integer cents. Unsafe requests from a foreign Origin (or Sec-Fetch-Site: cross-site) are refused with 403 cross_site_request. Live updates: Socket.IO on the same origin, path /socket.io.',
      },
      servers: [{ url: config.publicOrigin ?? '/' }],
    }));

  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', SESSION_SCHEME, {
    type: 'apiKey',
    in: 'cookie',
    name: sessionCookieName(config.production),
    description: 'Set by register and login (HttpOnly, SameSite=Lax)',
  });
  router.openAPIRegistry.registerComponent('securitySchemes', 'metricsToken', { type: 'http', scheme: 'bearer' });

  return router
    .openapi(declared.health, async (c) => {
      const db = (await dbHealthy()) ? 'ok' : 'down';
      const ok = isReady() && db === 'ok';
      c.header('Cache-Control', 'no-store');
      return ok ? c.json({ ok, db, redis: bus.health() }, 200) : c.json({ ok, db, redis: bus.health() }, 503);
    })
    .openapi(declared.metrics, async (c) => {
      if (config.metricsToken === undefined) {
        if (config.production) throw notFound('Endpoint');
      } else if (!sameToken(c.req.valid('header').authorization, `Bearer ${config.metricsToken}`)) {
        throw new DomainError('unauthorized', 'A valid metrics token is needed');
      }
      c.header('Cache-Control', 'no-store');
      return c.text(await metrics.exposition(), 200, { 'Content-Type': metrics.contentType });
    })
    .openapi(declared.openApiDocument, (c) => c.json(describe(), 200))
    .openapi(declared.apiDocs, (c) => c.html(DOCS_PAGE, 200))
    .get('/api/docs/init.js', (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      return c.body(DOCS_INIT);
    })
    .get('/api/docs/swagger-ui.css', serveStatic({ path: join(swaggerUi, 'swagger-ui.css') }))
    .get('/api/docs/swagger-ui-bundle.js', serveStatic({ path: join(swaggerUi, 'swagger-ui-bundle.js') }));
}
