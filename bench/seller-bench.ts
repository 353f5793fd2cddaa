/**
 * The seller workspace's figures, each against one OrderPulse node on a temp SQLite file:
 *
 *   bulk    POST /api/seller/orders/bulk-status of 100 orders: the response time, and when each
 *           of the 100 `order:status` events reaches the buyer socket watching its order,
 *           counted from the moment the response arrived (targets: response ≤ 1 s; p99 ≤ 100 ms).
 *           Each round moves every order one status further (4 rounds: confirmed → delivered).
 *   export  GET /api/seller/orders.csv of N orders (100,000 by default): rows/s while the client
 *           reads as fast as it can, and the server's RSS growth while it streams, sampled from
 *           /proc every 10 ms (targets: ≥ 20,000 rows/s; growth ≤ 50 MB).
 *
 *   npm run bench:seller -- [--part bulk|export|all] [--orders 100000] [--repeats 2]
 *
 * Seeds straight into SQLite (no HTTP, no argon2 per user); every child is killed on the way out.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { BulkStatusBody, ClientToServerEvents, ServerToClientEvents } from '../server/contract/api.js';
import { quantiles, sleep } from './push/measure.js';
import { installCleanup, startServerProcess, type ServerProcess } from './push/procs.js';
import { seedSqlite } from './push/seed.js';
import { seedExportDatabase } from './seller/seed-export.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    part: { type: 'string', default: 'all' },
    orders: { type: 'string', default: '100000' },
    repeats: { type: 'string', default: '2' },
  },
  strict: true,
});
const PART = args.part;
if (!['bulk', 'export', 'all'].includes(PART)) {
  process.stderr.write(`--part must be bulk, export or all, got ${PART}\n`);
  process.exit(64);
}
const EXPORT_ORDERS = Number(args.orders);
const REPEATS = Number(args.repeats);
if (!Number.isInteger(EXPORT_ORDERS) || EXPORT_ORDERS < 1 || !Number.isInteger(REPEATS) || REPEATS < 1) {
  process.stderr.write('--orders and --repeats must be positive whole numbers\n');
  process.exit(64);
}

const BULK_ORDERS = 100;
const BULK_ROUNDS = ['confirmed', 'processing', 'shipped', 'delivered'] as const;

const log = (line: string) => process.stdout.write(`${line}\n`);
const ms = (value: number) => `${value.toFixed(1)} ms`;

function nodeEnv(database: string): Record<string, string> {
  // The buyers' e-mails (written as files without SMTP_URL) go beside the database, not into ./data.
  return { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: database, MAIL_DIR: join(dirname(database), 'mail'), DEMO_DATA: 'off', LOG_LEVEL: 'info', NODE_ENV: 'test', WEB_DIST: '/nonexistent' };
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) * 1024;
}

async function withNode<T>(database: string, work: (node: ServerProcess) => Promise<T>): Promise<T> {
  const node = await startServerProcess('node', 'server/main.ts', nodeEnv(database), ROOT);
  try {
    return await work(node);
  } finally {
    await node.stop();
  }
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

async function bulkBench(dir: string): Promise<void> {
  const database = join(dir, 'bulk.db');
  const seeded = await seedSqlite(database, BULK_ORDERS, 1);
  const seller = seeded.sellers[0];
  if (!seller) throw new Error('no seller seeded');
  await withNode(database, async (node) => {
    // Arrival times of order:status per order and version, in this process's clock.
    const arrivals = new Map<string, number>();
    const sockets: ClientSocket[] = [];
    try {
      for (const buyer of seeded.buyers) {
        const socket: ClientSocket = io(node.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: `op_session=${buyer.token}` } });
        socket.on('order:status', (event) => arrivals.set(`${event.order_id}:${event.version}`, performance.now()));
        sockets.push(socket);
        await new Promise<void>((ok, fail) => {
          socket.once('connect', () => ok());
          socket.once('connect_error', fail);
        });
        const ack = await socket.timeout(5_000).emitWithAck('order:watch', { order_id: buyer.orderId });
        if (!ack.ok) throw new Error(`watch refused for order ${buyer.orderId}`);
      }
      const ids = seeded.buyers.map((b) => b.orderId);
      const afterResponse: number[] = [];
      const sinceRequest: number[] = [];
      let early = 0;
      let lost = 0;
      for (const [round, status] of BULK_ROUNDS.entries()) {
        const version = round + 2;
        const started = performance.now();
        const res = await fetch(`${node.url}/api/seller/orders/bulk-status`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: `op_session=${seller.token}` },
          body: JSON.stringify({ order_ids: ids, new_status: status }),
        });
        const body = (await res.json()) as BulkStatusBody;
        const answered = performance.now();
        if (res.status !== 200 || !body.results.every((r) => r.ok && r.changed)) throw new Error(`bulk to ${status}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
        const deadline = performance.now() + 5_000;
        while (ids.some((id) => !arrivals.has(`${id}:${version}`)) && performance.now() < deadline) await sleep(5);
        const latencies: number[] = [];
        for (const id of ids) {
          const at = arrivals.get(`${id}:${version}`);
          if (at === undefined) {
            lost++;
            continue;
          }
          if (at < answered) early++;
          sinceRequest.push(at - started);
          latencies.push(Math.max(0, at - answered));
        }
        afterResponse.push(...latencies);
        const q = quantiles(latencies);
        log(`  round ${round + 1} → ${status}: response ${ms(answered - started)}; events after the response p50 ${ms(q.p50)}, p99 ${ms(q.p99)}, max ${ms(q.max)}`);
      }
      const all = quantiles(afterResponse);
      log(`bulk of ${BULK_ORDERS} orders × ${BULK_ROUNDS.length} rounds: event arrival after the response p50 ${ms(all.p50)}, p99 ${ms(all.p99)}, max ${ms(all.max)};`);
      const sent = quantiles(sinceRequest);
      log(`  ${early} of ${all.n} events arrived before the response (counted as 0 ms), ${lost} lost;`);
      log(`  from the request's start: p50 ${ms(sent.p50)}, p99 ${ms(sent.p99)}, max ${ms(sent.max)} (each order announces itself after its own commit)`);
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
  });
}

async function exportBench(dir: string): Promise<void> {
  const database = join(dir, 'export.db');
  const seeding = Date.now();
  const { sellerToken } = seedExportDatabase(database, EXPORT_ORDERS, 1_000);
  log(`seeded ${EXPORT_ORDERS} orders in ${Date.now() - seeding} ms`);
  await withNode(database, async (node) => {
    const pid = node.child.pid;
    if (pid === undefined) throw new Error('the node has no pid');
    const csv = (query = '') => fetch(`${node.url}/api/seller/orders.csv${query}`, { headers: { cookie: `op_session=${sellerToken}` } });
    // Warm the code paths (and the page cache) with a short export first.
    await (await csv('?status=cancelled&q=Buyer%201')).text();
    for (let repeat = 1; repeat <= REPEATS; repeat++) {
      const before = rssBytes(pid);
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssBytes(pid));
      }, 10);
      const started = performance.now();
      const res = await csv();
      if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
      let bytes = 0;
      let lineEnds = 0;
      for await (const chunk of res.body) {
        bytes += chunk.byteLength;
        for (let i = 0; i < chunk.byteLength; i++) if (chunk[i] === 0x0a) lineEnds++;
      }
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, rssBytes(pid));
      // Every field that holds a line break is a quoted one; the seed writes none, so lines are records.
      const rows = lineEnds - 1;
      if (rows !== EXPORT_ORDERS) throw new Error(`expected ${EXPORT_ORDERS} rows, got ${rows}`);
      log(
        `export ${repeat}/${REPEATS}: ${rows} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s; ` +
          `server RSS ${(before / 1e6).toFixed(0)} MB → peak ${(peak / 1e6).toFixed(0)} MB (growth ${((peak - before) / 1e6).toFixed(1)} MB)`,
      );
    }
  });
}

async function main(): Promise<void> {
  installCleanup(30 * 60_000);
  log(`seller bench, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'orderpulse-seller-bench-'));
  try {
    if (PART === 'bulk' || PART === 'all') await bulkBench(dir);
    if (PART === 'export' || PART === 'all') await exportBench(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`seller bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
