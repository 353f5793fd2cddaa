/**
 * The baseline: a bare Hono JSON route on @hono/node-server, no middleware, no database.
 * Run as its own process, like the real server, so both are measured the same way.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

const app = new Hono().get('/json', (c) => c.json({ ok: true, message: 'hello', n: 42 }));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: process.env.HOST ?? '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(`listening on http://${info.address}:${info.port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
