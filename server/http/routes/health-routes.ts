import { Hono } from 'hono';
import type { AppEnv, HttpDeps } from '../app-env.js';

export function healthRoutes({ bus, dbHealthy, isReady }: HttpDeps) {
  return new Hono<AppEnv>().get('/healthz', (c) => {
    const db = dbHealthy() ? 'ok' : 'down';
    const ok = isReady() && db === 'ok';
    c.header('Cache-Control', 'no-store');
    // Redis being down degrades pushes only: the node still serves and writes, so it stays 200.
    return c.json({ ok, db, redis: bus.health() }, ok ? 200 : 503);
  });
}
