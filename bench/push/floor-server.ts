/**
 * The floor for the push bench: the least a two-node Socket.IO + Redis push can do.
 * One process per node: a Socket.IO server (WebSocket only, no auth, no database) where a
 * socket joins the room named by its `room` query parameter, and plain ioredis pub/sub
 * between nodes. POST /publish with an order:status body: the node emits it to
 * `order:{order_id}` locally and publishes it to Redis; every other node emits it to the
 * same room (a node ignores its own messages), as OrderPulse's event bus does.
 * GET /metrics answers with the same names as OrderPulse's (event-loop lag, RSS, sockets).
 *
 *   PORT=0 HOST=127.0.0.1 REDIS_URL=redis://… node --import tsx bench/push/floor-server.ts
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

interface StatusBody {
  order_id: number;
}
interface Envelope {
  node: string;
  payload: StatusBody;
}

const CHANNEL = 'floor:events';
const node = randomUUID();
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error('REDIS_URL is required');

const publisher = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
const subscriber = new Redis(redisUrl, { lazyConnect: true });
for (const client of [publisher, subscriber]) client.on('error', (err: Error) => process.stderr.write(`redis: ${err.message}\n`));

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const httpServer = createServer((req, res) => void handle(req, res));
const io = new Server(httpServer, { path: '/socket.io', transports: ['websocket'], serveClient: false });

io.on('connection', (socket) => {
  const room = socket.handshake.query.room;
  if (typeof room === 'string' && room) void socket.join(room);
});

const emitLocally = (payload: StatusBody) => io.to(`order:${payload.order_id}`).emit('order:status', payload);

subscriber.on('message', (_channel: string, message: string) => {
  const envelope = JSON.parse(message) as Envelope;
  if (envelope.node !== node) emitLocally(envelope.payload);
});

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'POST' && req.url === '/publish') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as StatusBody;
    emitLocally(payload);
    void publisher.publish(CHANNEL, JSON.stringify({ node, payload } satisfies Envelope)).catch(() => {});
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    return;
  }
  if (req.method === 'GET' && req.url?.startsWith('/metrics')) {
    const memory = process.memoryUsage();
    const lines = [
      `nodejs_eventloop_lag_p50_seconds ${loop.percentile(50) * 1e-9}`,
      `nodejs_eventloop_lag_p99_seconds ${loop.percentile(99) * 1e-9}`,
      `nodejs_eventloop_lag_max_seconds ${loop.max * 1e-9}`,
      `socket_connections ${io.engine.clientsCount}`,
      `process_resident_memory_bytes ${memory.rss}`,
      `nodejs_heap_size_used_bytes ${memory.heapUsed}`,
    ];
    // As prom-client does: each scrape covers the time since the previous one.
    loop.reset();
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`${lines.join('\n')}\n`);
    return;
  }
  res.writeHead(404).end();
}

await Promise.all([publisher.connect(), subscriber.connect()]);
await subscriber.subscribe(CHANNEL);
httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});

const stop = () => {
  io.close();
  publisher.disconnect();
  subscriber.disconnect();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
