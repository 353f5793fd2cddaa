/**
 * The web app's files and its client-side routes, served from the Vite build, plus the
 * placeholder product pictures the demo catalog points at.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { isServerPath } from '../../contract/server-paths.js';
import type { AppEnv, HttpDeps } from '../app-env.js';
import { errorBody } from '../error-mapping.js';
import { placeholderSvg } from '../placeholder-image.js';

const PLACEHOLDER_FILE = /^([a-z0-9-]{1,80})\.svg$/;

export function webRoutes({ config }: HttpDeps) {
  const root = resolve(config.webDist);
  const indexPath = join(root, 'index.html');
  let indexHtml: string | null = null;
  const index = () => {
    if (indexHtml === null && existsSync(indexPath)) indexHtml = readFileSync(indexPath, 'utf8');
    return indexHtml;
  };

  const routes = new Hono<AppEnv>()
    // The name is checked here, not by a pattern in the path: the app's RegExpRouter takes no
    // pattern beside the uploaded pictures' `/images/products/:id/:file` (server/http/router.ts).
    .get('/images/products/:file', (c) => {
      const name = PLACEHOLDER_FILE.exec(c.req.param('file'))?.[1];
      if (name === undefined) return c.json(errorBody('not_found', 'No such endpoint'), 404);
      c.header('Content-Type', 'image/svg+xml');
      c.header('Cache-Control', 'public, max-age=86400');
      return c.body(placeholderSvg(name));
    });
  if (existsSync(root)) {
    routes.use(
      '/assets/*',
      serveStatic({
        root,
        precompressed: true,
        onFound: (_path, c) => {
          // Vite puts a content hash in every asset name.
          c.header('Cache-Control', 'public, max-age=31536000, immutable');
        },
      }),
    );
    routes.use('*', serveStatic({ root, index: 'index.html', precompressed: true }));
  }
  return routes.get('*', (c) => {
    if (isServerPath(c.req.path)) return c.json(errorBody('not_found', 'No such endpoint'), 404);
    const html = index();
    if (html === null) {
      return c.text('The web app is not built yet: run `npm run build` (npm start does it for you).', 503);
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  });
}
