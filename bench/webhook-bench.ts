/**
 * The webhooks benchmark, one node (its own process) and a local receiver (this process):
 *
 * 1. idle latency: orders placed one at a time, 100 ms apart, to a seller with one endpoint —
 *    commit (the payload's `timestamp`, the event's commit time) → the attempt's arrival;
 * 2. throughput: a backlog of deliveries written straight into the store (as a burst of
 *    events would leave it) across 10 endpoints, timed from the write to the last arrival;
 * 3. a hanging endpoint: a seller with one endpoint that answers only after 10 s and five fast
 *    ones, orders placed at a steady rate: the fast endpoints' commit → arrival lag.
 *
 *   npm run bench:webhooks -- [--deliveries 5000] [--rate 20] [--seconds 10]
 *   BENCH_DB=postgres npm run bench:webhooks   (a throw-away PostgreSQL database)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openStore } from '../db/open-store.js';
import type { NewDelivery } from '../server/domain/ports.js';
import { ADDRESS, expectStatus, register, type Session } from './lib/api-setup.js';
import { throwAwayPostgres } from './lib/postgres-database.js';
import { spawnNode } from './lib/spawn-node.js';
import { quantiles, sleep } from './push/measure.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    deliveries: { type: 'string', default: '5000' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
  },
  strict: true,
});
const DELIVERIES = Number(args.deliveries);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);

/** Arrivals by path: when each request came and the commit time its payload carries. */
interface Arrival {
  at: number;
  committedAt: number;
  id: string;
}

function startReceiver(): Promise<{ url: string; arrivals: Map<string, Arrival[]>; server: Server }> {
  const arrivals = new Map<string, Arrival[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const path = req.url ?? '/';
      const { timestamp } = JSON.parse(Buffer.concat(chunks).toString()) as { timestamp: string };
      const list = arrivals.get(path) ?? [];
      list.push({ at, committedAt: Date.parse(timestamp), id: String(req.headers['webhook-id']) });
      arrivals.set(path, list);
      if (path.startsWith('/hang')) setTimeout(() => res.writeHead(204).end(), 10_000).unref();
      else res.writeHead(204).end();
    });
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals, server })));
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main(): Promise<void> {
  const postgres = process.env.BENCH_DB === 'postgres' ? await throwAwayPostgres() : null;
  const dir = mkdtempSync(join(tmpdir(), 'orderpulse-webhook-bench-'));
  const databaseUrl = postgres?.url ?? join(dir, 'bench.db');
  const receiver = await startReceiver();
  const node = await spawnNode({
    args: ['--import', 'tsx', 'server/main.ts'],
    cwd: ROOT,
    label: 'node',
    env: { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, MAIL_DIR: join(dir, 'mail'), DEMO_DATA: 'off', WEBHOOK_ALLOW_PRIVATE: 'on', RATE_LIMIT_REGISTER: '100000/1h' },
  });
  const store = await openStore(databaseUrl, { logger: pino({ level: 'warn' }) });
  try {
    const base = node.url;
    const auth = (s: Session) => ({ cookie: s.cookie });
    const seller = async (tag: string, paths: string[]) => {
      const session = await register(base, 'seller', tag);
      const product = await expectStatus<{ product: { id: number } }>(base, 'POST', '/api/seller/products', 201, { name: 'Bench item', price: 100, stock: 1_000_000 }, auth(session));
      const hooks: number[] = [];
      for (const path of paths) {
        const res = await expectStatus<{ webhook: { id: number } }>(base, 'POST', '/api/seller/webhooks', 201, { url: receiver.url + path, events: ['order.created'] }, auth(session));
        hooks.push(res.body.webhook.id);
      }
      return { session, productId: product.body.product.id, hooks };
    };
    const buyer = await register(base, 'buyer', 'buyer');
    const order = (productId: number) =>
      expectStatus(base, 'POST', '/api/place-order', 201, { payment_method: 'card', shipping_address: ADDRESS, items: [{ product_id: productId, quantity: 1 }] }, auth(buyer));

    // 1. idle latency
    const idle = await seller('idle', ['/idle']);
    const IDLE_ORDERS = 50;
    for (let i = 0; i < IDLE_ORDERS; i++) {
      await order(idle.productId);
      await sleep(100);
    }
    await waitFor(() => (receiver.arrivals.get('/idle')?.length ?? 0) >= IDLE_ORDERS, 30_000, 'the idle deliveries');
    const idleLag = quantiles((receiver.arrivals.get('/idle') ?? []).map((a) => a.at - a.committedAt));

    // 2. throughput
    const paths = Array.from({ length: 10 }, (_, i) => `/bulk${i}`);
    const bulk = await seller('bulk', paths);
    const now = Date.now();
    const payload = JSON.stringify({ type: 'order.created', timestamp: new Date(now).toISOString(), data: {} });
    const backlog: NewDelivery[] = Array.from({ length: DELIVERIES }, (_, i) => {
      const endpointId = bulk.hooks[i % bulk.hooks.length] ?? 0;
      const eventPosition = 1_000_000_000 + i;
      return { endpointId, eventPosition, eventType: 'order.created', payload, webhookIdHeader: `msg_${eventPosition}_${endpointId}`, now };
    });
    const written = Date.now();
    await store.repositories.webhooks.enqueue(backlog);
    const bulkCount = () => paths.reduce((n, p) => n + (receiver.arrivals.get(p)?.length ?? 0), 0);
    await waitFor(() => bulkCount() >= DELIVERIES, 120_000, 'the backlog');
    const last = Math.max(...paths.flatMap((p) => (receiver.arrivals.get(p) ?? []).map((a) => a.at)));
    const perSecond = DELIVERIES / ((last - written) / 1000);
    const duplicates = DELIVERIES - new Set(paths.flatMap((p) => (receiver.arrivals.get(p) ?? []).map((a) => a.id))).size;

    // 3. one endpoint hangs
    const fastPaths = Array.from({ length: 5 }, (_, i) => `/fast${i}`);
    const mixed = await seller('mixed', ['/hang', ...fastPaths]);
    const orders = RATE * SECONDS;
    const started = Date.now();
    for (let i = 0; i < orders; i++) {
      await order(mixed.productId);
      const due = started + ((i + 1) * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    await waitFor(() => fastPaths.every((p) => (receiver.arrivals.get(p)?.length ?? 0) >= orders), 60_000, 'the fast endpoints');
    const mixedLag = quantiles(fastPaths.flatMap((p) => (receiver.arrivals.get(p) ?? []).map((a) => a.at - a.committedAt)));

    console.log(`webhooks bench — ${postgres ? 'PostgreSQL' : 'SQLite'}, one node, receiver in the bench process`);
    console.log(`| measurement | figure | target |`);
    console.log(`|---|--:|---|`);
    console.log(`| commit → first attempt, idle (${idleLag.n}) | p50 ${ms(idleLag.p50)} · p99 ${ms(idleLag.p99)} | p50 ≤ 50 ms |`);
    console.log(`| deliveries/s, backlog of ${DELIVERIES} over 10 endpoints | ${perSecond.toFixed(0)} /s (${duplicates} duplicates) | ≥ 500 /s |`);
    console.log(`| fast endpoints' lag beside one hanging 10 s, ${RATE} orders/s × 5 endpoints (${mixedLag.n}) | p50 ${ms(mixedLag.p50)} · p99 ${ms(mixedLag.p99)} | p99 < 1 s |`);
  } finally {
    await store.close();
    await node.stop();
    receiver.server.closeAllConnections();
    receiver.server.close();
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
