/**
 * The HTTP benchmark of the core issue: place-order and order-status throughput of one
 * OrderPulse node, next to two baselines measured in the same run on the same machine
 * (a bare Hono route on @hono/node-server, and the database floor: raw better-sqlite3, or
 * on PostgreSQL the store's repository on a pg pool with no HTTP), with PASS/MISS per target.
 *
 *   npm run bench
 *
 * Servers run as child processes (their own event loops); autocannon drives them from this
 * process over loopback. Knobs (env): BENCH_DURATION seconds per measurement (default 8; the
 * read runs take it in BENCH_ROUNDS (3) interleaved slices), BENCH_WARMUP seconds (3),
 * BENCH_CONNECTIONS (50), BENCH_BUYERS (100),
 * BENCH_ONLY (comma list of bare,layers,status200,status304,place,floor; layers = per-layer probes,
 * floor = the database baseline, also accepted as `sqlite`),
 * BENCH_SERVER_NODE_ARGS (extra node flags for the OrderPulse child, e.g. --cpu-prof),
 * BENCH_DB (sqlite, the default, or postgres: a throw-away database on BENCH_POSTGRES_URL's
 * server, default postgres://postgres@127.0.0.1:5432/postgres, dropped at the end).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon, { type Request, type Result } from 'autocannon';
import { ADDRESS, expectStatus, inBatches, register, type Session } from './lib/api-setup.js';
import { spawnNode, type SpawnedServer } from './lib/spawn-node.js';
import { runPostgresBaseline, type PostgresBaseline } from './postgres-baseline.js';
import { runSqliteBaseline } from './sqlite-baseline.js';
import { throwAwayPostgres } from './lib/postgres-database.js';

const ROOT = resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BUYERS = Number(process.env.BENCH_BUYERS ?? 100);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'bare,layers,status200,status304,place,floor').split(',').map((k) => (k === 'sqlite' ? 'floor' : k)));
const EXTRA_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const DB = process.env.BENCH_DB ?? 'sqlite';
if (DB !== 'sqlite' && DB !== 'postgres') throw new Error(`BENCH_DB must be sqlite or postgres, not ${DB}`);
/** The whole bench must end by itself well within 3 minutes. */
const HARD_LIMIT_MS = 170_000;

const TARGET = { statusPerSec: 15_000, statusVsBare: 1 / 1.5, placePerSec: DB === 'postgres' ? 1_500 : 2_000, vsRawPg: 1 / 2 };

interface Measured {
  name: string;
  /** CPU time the server process spent per successful request (µs), from /proc: robust to a noisy machine. */
  serverCpuUs: number | null;
  /** Share of one core the load generator used (autocannon in this process). */
  clientCpu: number;
  expected: number;
  okPerSec: number;
  ok: number;
  seconds: number;
  bad: number;
  badDetail: string;
  p50: number;
  p99: number;
}

/** user+system CPU seconds of a process so far (Linux /proc; null elsewhere). */
function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

/** One autocannon run against requests built per request; only `expected` statuses count as done. */
async function load(name: string, server: SpawnedServer, expected: number, request: Request, seconds: number): Promise<Measured> {
  const url = server.url;
  const serverCpu0 = cpuSecondsOf(server.child.pid);
  const clientCpu0 = process.cpuUsage();
  const samples: string[] = [];
  const req: Request = {
    ...request,
    onResponse: (status, body) => {
      if (status !== expected && samples.length < 3) samples.push(`${status} ${body.slice(0, 200)}`);
    },
  };
  const result: Result = await autocannon({ url, connections: CONNECTIONS, pipelining: 1, duration: seconds, timeout: 10, requests: [req] });
  const serverCpu1 = cpuSecondsOf(server.child.pid);
  const clientCpu = process.cpuUsage(clientCpu0);
  const ok = result.statusCodeStats[String(expected)]?.count ?? 0;
  const bad = Object.entries(result.statusCodeStats).reduce((n, [code, s]) => (code === String(expected) ? n : n + s.count), 0);
  const badDetail = [
    ...Object.entries(result.statusCodeStats)
      .filter(([code]) => code !== String(expected))
      .map(([code, s]) => `${s.count}× ${code}`),
    ...(result.errors ? [`${result.errors} socket errors`] : []),
    ...(result.timeouts ? [`${result.timeouts} timeouts`] : []),
    ...samples.map((s) => `e.g. ${s}`),
  ].join('; ');
  return {
    name,
    serverCpuUs: serverCpu0 === null || serverCpu1 === null || ok === 0 ? null : ((serverCpu1 - serverCpu0) * 1e6) / ok,
    clientCpu: (clientCpu.user + clientCpu.system) / 1e6 / result.duration,
    expected,
    okPerSec: ok / result.duration,
    ok,
    seconds: result.duration,
    bad: bad + result.errors + result.timeouts,
    badDetail,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** Slices of one measurement taken in different rounds, as one: totals over total time. */
function combine(parts: Measured[]): Measured {
  const first = parts[0]!;
  const seconds = parts.reduce((t, m) => t + m.seconds, 0);
  const ok = parts.reduce((t, m) => t + m.ok, 0);
  const cpuUs = parts.every((m) => m.serverCpuUs !== null) ? parts.reduce((t, m) => t + m.serverCpuUs! * m.ok, 0) : null;
  const p50s = parts.map((m) => m.p50).sort((a, b) => a - b);
  return {
    name: first.name,
    expected: first.expected,
    serverCpuUs: cpuUs === null || ok === 0 ? null : cpuUs / ok,
    clientCpu: parts.reduce((t, m) => t + m.clientCpu * m.seconds, 0) / seconds,
    okPerSec: ok / seconds,
    ok,
    seconds,
    bad: parts.reduce((t, m) => t + m.bad, 0),
    badDetail: parts.map((m) => m.badDetail).filter(Boolean).join(' | '),
    // Median of the rounds' medians; the worst round's p99.
    p50: p50s[Math.floor(p50s.length / 2)]!,
    p99: Math.max(...parts.map((m) => m.p99)),
  };
}

interface Plan {
  name: string;
  server: SpawnedServer;
  expected: number;
  request: Request;
}

function report(m: Measured) {
  log(
    `  ${m.name}: ${fmt(m.okPerSec)}/s  p50 ${m.p50} ms  p99 ${m.p99} ms  server CPU ${m.serverCpuUs?.toFixed(0) ?? '?'} µs/req  ` +
      `load generator ${(m.clientCpu * 100).toFixed(0)}% of a core${m.bad ? `  ERRORS: ${m.badDetail}` : ''}`,
  );
}

/**
 * Each plan warmed up once, then measured in ROUNDS interleaved slices of DURATION/ROUNDS
 * seconds (A B C, A B C, …): on a shared machine a burst of background load then falls on
 * all of them alike, so the ratios between them stay meaningful.
 */
async function measureInterleaved(plans: Plan[], rounds: number): Promise<Measured[]> {
  for (const p of plans) if (WARMUP > 0) await load(`${p.name} (warm-up)`, p.server, p.expected, p.request, WARMUP);
  const parts: Measured[][] = plans.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [k, p] of plans.entries()) parts[k]!.push(await load(p.name, p.server, p.expected, p.request, DURATION / rounds));
  }
  const combined = parts.map(combine);
  combined.forEach(report);
  return combined;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

async function main() {
  const started = Date.now();
  const deadline = setTimeout(() => {
    process.stderr.write('bench: over its time limit; stopping\n');
    process.exit(2);
  }, HARD_LIMIT_MS);
  deadline.unref();

  const dir = mkdtempSync(join(tmpdir(), 'orderpulse-http-bench-'));
  const servers: SpawnedServer[] = [];
  const results: Measured[] = [];
  let sqlite: ReturnType<typeof runSqliteBaseline> | null = null;
  let pgFloor: PostgresBaseline | null = null;
  const postgres = DB === 'postgres' ? await throwAwayPostgres(process.env.BENCH_POSTGRES_URL) : null;
  const cleanup = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    log(`OrderPulse HTTP bench — Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
    log(`machine load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min; other work on a shared machine skews every figure)`);
    log(
      `autocannon: ${CONNECTIONS} connections, pipelining 1, ${WARMUP} s warm-up + ${DURATION} s measured per line ` +
        `(read runs interleaved in ${ROUNDS} rounds)\n`,
    );

    const bare = await spawnNode({ label: 'bare hono', cwd: ROOT, args: ['--import', 'tsx', 'bench/bare-hono-server.ts'], env: { PORT: '0', HOST: '127.0.0.1' } });
    servers.push(bare);
    const app = await spawnNode({
      label: 'orderpulse',
      cwd: ROOT,
      args: [...EXTRA_NODE_ARGS, '--import', 'tsx', 'server/main.ts'],
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: postgres?.url ?? join(dir, 'bench.db'),
        DEMO_DATA: 'off',
        // info, so that the "listening on" line is printed; nothing is logged per request at info.
        LOG_LEVEL: 'info',
        NODE_ENV: 'production',
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        RATE_LIMIT_REGISTER: '100000/1h',
        RATE_LIMIT_LOGIN: '100000/1h',
        WEB_DIST: join(dir, 'no-web-build'),
      },
    });
    servers.push(app);
    log(`bare hono: ${bare.url}   orderpulse: ${app.url} on ${DB}`);

    // --- data, through the public API -------------------------------------------------------
    const t0 = Date.now();
    const seller = await register(app.url, 'seller', 'seller');
    const products: number[] = [];
    for (let k = 1; k <= 3; k++) {
      const res = await expectStatus<{ product: { id: number } }>(
        app.url,
        'POST',
        '/api/seller/products',
        201,
        { name: `Bench product ${k}`, description: 'Plenty in stock', price: 1000 + k * 250, stock: 1_000_000 },
        { cookie: seller.cookie },
      );
      products.push(res.body.product.id);
    }
    const buyers: Session[] = await inBatches(BUYERS, 8, (i) => register(app.url, 'buyer', `b${i}-${randomBytes(3).toString('hex')}`));
    const placeBody = JSON.stringify({
      payment_method: 'card',
      shipping_address: ADDRESS,
      items: products.map((id) => ({ product_id: id, quantity: 1 })),
    });
    // One order per buyer to read back; check each response shape once before loading.
    const reads = await inBatches(buyers.length, 8, async (i) => {
      const buyer = buyers[i]!;
      const placed = await expectStatus<{ order_id: number; orders: unknown[] }>(app.url, 'POST', '/api/place-order', 201, JSON.parse(placeBody), {
        cookie: buyer.cookie,
      });
      const status = await expectStatus<{ status: string; history: unknown[] }>(app.url, 'GET', `/api/order-status/${placed.body.order_id}`, 200, undefined, {
        cookie: buyer.cookie,
      });
      const etag = status.headers.get('etag');
      if (!etag || status.body.status !== 'pending' || status.body.history.length !== 1) throw new Error('unexpected order-status body');
      await expectStatus(app.url, 'GET', `/api/order-status/${placed.body.order_id}`, 304, undefined, { cookie: buyer.cookie, 'if-none-match': etag });
      return { path: `/api/order-status/${placed.body.order_id}`, cookie: buyer.cookie, etag };
    });
    log(`set-up: 1 seller, 3 products, ${buyers.length} buyers with one 3-line order each (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

    // --- load ----------------------------------------------------------------------------------
    let turn = 0;
    const nextRead = () => reads[turn++ % reads.length]!;
    const plans: Plan[] = [];
    if (ONLY.has('bare')) {
      // Built per request with the same cookie rotation as the order-status runs, so the client
      // does the same work in both and only the server differs (the bare route ignores the cookie).
      plans.push({
        name: 'bare Hono JSON route',
        server: bare,
        expected: 200,
        request: { method: 'GET', setupRequest: (req) => ({ ...req, path: '/json', headers: { cookie: nextRead().cookie } }) },
      });
    }
    // Per-layer probes (BENCH_ONLY=layers): the same node through its global middleware only (an
    // unknown /assets/ path: 404 from the router, no session, no database; the bench serves no web
    // build), and with the session lookup added (GET /api/auth/me: cookie → HMAC → one SELECT).
    if (ONLY.has('layers')) {
      plans.push({
        name: 'probe: 404 /assets/x (middleware)',
        server: app,
        expected: 404,
        request: { method: 'GET', setupRequest: (req) => ({ ...req, path: '/assets/none.js', headers: { cookie: nextRead().cookie } }) },
      });
      plans.push({
        name: 'probe: GET /api/auth/me (+session)',
        server: app,
        expected: 200,
        request: { method: 'GET', setupRequest: (req) => ({ ...req, path: '/api/auth/me', headers: { cookie: nextRead().cookie } }) },
      });
    }
    if (ONLY.has('status200')) {
      plans.push({
        name: 'order-status 200',
        server: app,
        expected: 200,
        request: {
          method: 'GET',
          setupRequest: (req) => {
            const r = nextRead();
            return { ...req, path: r.path, headers: { cookie: r.cookie } };
          },
        },
      });
    }
    if (ONLY.has('status304')) {
      plans.push({
        name: 'order-status 304 (If-None-Match)',
        server: app,
        expected: 304,
        request: {
          method: 'GET',
          setupRequest: (req) => {
            const r = nextRead();
            return { ...req, path: r.path, headers: { cookie: r.cookie, 'if-none-match': r.etag } };
          },
        },
      });
    }
    if (plans.length > 0) results.push(...(await measureInterleaved(plans, ROUNDS)));
    if (ONLY.has('place')) {
      let who = 0;
      const placing: Plan = {
        name: 'place-order, 3 lines',
        server: app,
        expected: 201,
        request: {
          method: 'POST',
          path: '/api/place-order',
          setupRequest: (req) => ({
            ...req,
            headers: { cookie: buyers[who++ % buyers.length]!.cookie, 'content-type': 'application/json' },
            body: placeBody,
          }),
        },
      };
      results.push(...(await measureInterleaved([placing], 1)));
    }
    await Promise.all(servers.map((s) => s.stop()));
    servers.length = 0;
    if (ONLY.has('floor') && postgres) {
      pgFloor = await runPostgresBaseline(postgres.url, 3_000, CONNECTIONS);
      log(
        `  raw pg (the store's repository, no HTTP, ${CONNECTIONS} callers): status view ${fmt(pgFloor.statusViewOps)}/s ` +
          `(${pgFloor.statusViewCpuUs.toFixed(0)} µs CPU each), 3-line placement ${fmt(pgFloor.placeOrderOps)}/s (${pgFloor.placeOrderCpuUs.toFixed(0)} µs CPU each)`,
      );
    }
    await cleanup();

    if (ONLY.has('floor') && !postgres) {
      sqlite = runSqliteBaseline(2_500);
      log(
        `  raw better-sqlite3: SELECT by pk ${fmt(sqlite.selectByPkOps)}/s (${sqlite.selectByPkCpuUs.toFixed(1)} µs CPU each), ` +
          `3-line order tx ${fmt(sqlite.placeOrderTxOps)}/s (${sqlite.placeOrderTxCpuUs.toFixed(0)} µs CPU each)`,
      );
    }
  } catch (error) {
    await cleanup();
    throw error;
  }

  // --- report ------------------------------------------------------------------------------------
  const by = (name: string) => results.find((r) => r.name === name);
  const bare = by('bare Hono JSON route');
  const s200 = by('order-status 200');
  const s304 = by('order-status 304 (If-None-Match)');
  const place = by('place-order, 3 lines');

  log('\n## Results\n');
  const cols: [string, number, 'l' | 'r'][] = [
    ['measurement', 36, 'l'],
    ['req/s', 8, 'r'],
    ['p50 ms', 6, 'r'],
    ['p99 ms', 6, 'r'],
    ['errors', 6, 'r'],
    ['server CPU µs/req', 17, 'r'],
    ['vs baseline', 22, 'l'],
  ];
  const row = (cells: string[]) => `| ${cells.map((c, k) => (cols[k]![2] === 'l' ? pad(c, cols[k]![1]) : lpad(c, cols[k]![1]))).join(' | ')} |`;
  log(row(cols.map(([h]) => h)));
  log(`|${cols.map(([, w, a]) => (a === 'r' ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const r of results) {
    let vs = '';
    if (bare && r !== bare && r.name.startsWith('order-status')) vs = `${(r.okPerSec / bare.okPerSec).toFixed(2)} × bare route`;
    if (sqlite && r === place) vs = `${(r.okPerSec / sqlite.placeOrderTxOps).toFixed(2)} × raw SQLite tx`;
    if (pgFloor && r === place) vs = `${(r.okPerSec / pgFloor.placeOrderOps).toFixed(2)} × raw pg`;
    if (pgFloor && r === s200) vs = [vs, `${(r.okPerSec / pgFloor.statusViewOps).toFixed(2)} × raw pg`].filter(Boolean).join(', ');
    log(row([r.name, fmt(r.okPerSec), String(r.p50), String(r.p99), String(r.bad), r.serverCpuUs === null ? '?' : r.serverCpuUs.toFixed(0), vs]));
  }
  if (sqlite) {
    log(row(['raw SQLite: SELECT by pk (in-proc)', fmt(sqlite.selectByPkOps), '–', '–', '–', sqlite.selectByPkCpuUs.toFixed(1), 'ops/s, no HTTP']));
    log(row(['raw SQLite: 3-line order tx', fmt(sqlite.placeOrderTxOps), '–', '–', '–', sqlite.placeOrderTxCpuUs.toFixed(0), 'ops/s, no HTTP']));
  }
  if (pgFloor) {
    log(row(['raw pg: status view', fmt(pgFloor.statusViewOps), '–', '–', '–', pgFloor.statusViewCpuUs.toFixed(0), 'ops/s, no HTTP']));
    log(row(['raw pg: 3-line placement', fmt(pgFloor.placeOrderOps), '–', '–', '–', pgFloor.placeOrderCpuUs.toFixed(0), 'ops/s, no HTTP']));
  }
  for (const r of results) if (r.bad) log(`\n${r.name} — not ${r.expected}: ${r.badDetail}`);

  log('\n## Targets\n');
  const verdicts: [string, boolean | null][] = [
    [`order-status 200 ≥ ${fmt(TARGET.statusPerSec)}/s`, s200 ? s200.okPerSec >= TARGET.statusPerSec && s200.bad === 0 : null],
    [
      `order-status 200 ≥ 0.67 × bare route (within 1.5×)`,
      s200 && bare ? s200.okPerSec >= TARGET.statusVsBare * bare.okPerSec && s200.bad === 0 : null,
    ],
    [`order-status 304 ≥ ${fmt(TARGET.statusPerSec)}/s`, s304 ? s304.okPerSec >= TARGET.statusPerSec && s304.bad === 0 : null],
    [`order-status 304 ≥ 0.67 × bare route`, s304 && bare ? s304.okPerSec >= TARGET.statusVsBare * bare.okPerSec && s304.bad === 0 : null],
    [`place-order (3 lines) ≥ ${fmt(TARGET.placePerSec)}/s, no errors`, place ? place.okPerSec >= TARGET.placePerSec && place.bad === 0 : null],
  ];
  if (postgres) {
    verdicts.push(
      [`order-status 200 within 2× of raw pg`, s200 && pgFloor ? s200.okPerSec >= TARGET.vsRawPg * pgFloor.statusViewOps : null],
      [`place-order within 2× of raw pg`, place && pgFloor ? place.okPerSec >= TARGET.vsRawPg * pgFloor.placeOrderOps : null],
    );
  }
  for (const [what, ok] of verdicts) log(`${ok === null ? 'SKIP' : ok ? 'PASS' : 'MISS'}  ${what}`);
  log(`\nwhole bench: ${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
