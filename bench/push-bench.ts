/**
 * The live-updates benchmark: push latency of order:status from a seller's POST to the
 * buyer's socket, across N OrderPulse nodes sharing one database (SQLite file or PostgreSQL)
 * and one Redis, next to a floor (bare Socket.IO + ioredis pub/sub, bench/push/floor-server.ts)
 * measured in the same run: both stacks are up at once with as many sockets each, and their
 * loads (same rate, same measurement) take turns in one-second slices; RSS per idle socket
 * on each node; lost events; the sockets that could not be opened.
 *
 *   npm run bench:push -- --sockets 10000 [--db postgres] [--nodes 2] [--rate 200] [--seconds 10]
 *   npm run bench:push -- --db postgres --nodes 3 --sockets 50000 --workers 4 --skip-floor
 *
 * Options: --sockets N (2000), --db sqlite|postgres (sqlite: a temp file; postgres: a throw-away
 * database on --postgres-url's server, default postgres://postgres@127.0.0.1:5432/postgres,
 * dropped on every way out), --nodes N (2; buyer i's socket goes to node i mod N, round-robin;
 * the seller's POSTs all go to node A), --rate updates/s (200), --seconds per stack and round
 * (10), --slice S (seconds per turn within a round; 1), --workers client processes (1 up to
 * 5,000 sockets, else enough that none holds more than the per-worker cap below, at least 2),
 * --batch concurrent handshakes per worker (200), --sellers (4), --repeats K (rounds; in
 * each, ours and the floor take turns of --slice seconds until each had --seconds; the floor
 * ratio verdict is the median of the rounds' ratios, p50/p95/p99 are over every counted
 * event, the table shows the median-ratio round and every round is listed), --warmup W
 * (rounds run first and left out of the figures; 1), --quiet-wait S (before each round, wait
 * up to S s for other processes to leave the CPU; 0 = don't), --timeout hard limit in s
 * (derived from the above), --skip-floor (ours only: half the sockets and processes),
 * --json FILE (also write the figures as JSON), --server-node-args="…" (extra node flags for
 * our nodes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), --db-dir DIR (where the temp SQLite
 * file goes; default the OS temp dir).
 *
 * Scale: a process here may hold as many file descriptors as its hard RLIMIT_NOFILE (read
 * from /proc/self/limits; 20,000 on the bench machine, not raisable), so a node takes at most
 * 85 % of that in sockets (--sockets / --nodes; 17,000) and a client worker 75 % (15,000); the
 * bench refuses a run that would pass either. Each client worker connects from
 * its own loopback address (127.0.0.2, 127.0.0.3, …; Linux routes all of 127/8 to lo), so each
 * has the whole ephemeral port range to itself. A socket that cannot be opened (after two
 * retries) is counted, per worker with its first error messages, and the run carries on with
 * the sockets it has: no event is owed to a socket that never opened. A failed /metrics scrape
 * leaves that figure missing ("—") and is listed; a node that dies is reported; neither ends the run.
 *
 * Everything runs on loopback: a private redis-server on a free port, the database, the
 * server processes, client worker processes. Every child is killed on any way out.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { statusFields } from '../server/contract/presenters.js';
import type { OrderStatus } from '../server/domain/order-status.js';
import { closeAgent, cpuSecondsOf, machineCpuSeconds, postJson, resetAgent, quantiles, readMetrics, sleep, type NodeMetrics, type Quantiles } from './push/measure.js';
import { atShutdown, exitAfterShutdown, forkWorker, installCleanup, killAll, startRedis, startServerProcess, type ServerProcess } from './push/procs.js';
import type { ConnectError, FromWorker, SocketTarget, ToWorker } from './push/protocol.js';
import { seedPostgres } from './push/seed-postgres.js';
import { seedSqlite, type Seeded } from './push/seed.js';
import { throwAwayPostgres } from './lib/postgres-database.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    sockets: { type: 'string', default: '2000' },
    db: { type: 'string', default: 'sqlite' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    nodes: { type: 'string', default: '2' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    slice: { type: 'string', default: '1' },
    workers: { type: 'string' },
    batch: { type: 'string', default: '200' },
    sellers: { type: 'string', default: '4' },
    timeout: { type: 'string' },
    'skip-floor': { type: 'boolean', default: false },
    'quiet-wait': { type: 'string', default: '0' },
    'server-node-args': { type: 'string' },
    'db-dir': { type: 'string' },
    json: { type: 'string' },
    repeats: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '1' },
  },
  strict: true,
});

const positive = (name: string, raw: string | undefined): number => {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`--${name} must be a positive number, got ${raw}\n`);
    process.exit(64);
  }
  return value;
};

const refuse = (line: string): never => {
  process.stderr.write(`${line}\n`);
  process.exit(64);
};

const SOCKETS = Math.floor(positive('sockets', args.sockets));
const DB = args.db === 'sqlite' || args.db === 'postgres' ? args.db : refuse(`--db must be sqlite or postgres, got ${args.db}`);
const NODES = Math.floor(positive('nodes', args.nodes));
if (NODES > 26) refuse('--nodes: at most 26 (nodes are named A to Z)');
const RATE = positive('rate', args.rate);
const SECONDS = positive('seconds', args.seconds);
/** Seconds per turn of a stack within a round (see runRounds). */
const SLICE_S = positive('slice', args.slice);
/** The hard limit on open files of a process here (children inherit it); 20,000 on the bench machine. */
const FD_LIMIT = (() => {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const hard = Number(line?.trim().split(/\s+/)[4]);
    return Number.isFinite(hard) && hard > 0 ? hard : 20_000;
  } catch {
    return 20_000;
  }
})();
/** Sockets one node may hold (17,000 of 20,000): the rest of its descriptors go to its listener, database, Redis, scrapes, POSTs. */
const MAX_SOCKETS_PER_NODE = Math.floor(FD_LIMIT * 0.85);
/** Sockets one client worker may hold (15,000 of 20,000): headroom for the retries' sockets still closing. */
const MAX_SOCKETS_PER_WORKER = Math.floor(FD_LIMIT * 0.75);
const WORKERS = Math.floor(
  positive('workers', args.workers ?? String(SOCKETS > 5_000 ? Math.max(2, Math.ceil(SOCKETS / MAX_SOCKETS_PER_WORKER)) : 1)),
);
if (Math.ceil(SOCKETS / NODES) > MAX_SOCKETS_PER_NODE) {
  refuse(`--sockets ${SOCKETS} over --nodes ${NODES} is ${Math.ceil(SOCKETS / NODES)} per node, more than ${MAX_SOCKETS_PER_NODE} (open-file limit ${FD_LIMIT}): use more nodes`);
}
if (Math.ceil(SOCKETS / WORKERS) > MAX_SOCKETS_PER_WORKER) {
  refuse(`--sockets ${SOCKETS} over --workers ${WORKERS} is ${Math.ceil(SOCKETS / WORKERS)} per client worker, more than ${MAX_SOCKETS_PER_WORKER} (open-file limit ${FD_LIMIT}): use more workers`);
}
const BATCH = Math.floor(positive('batch', args.batch));
const SELLERS = Math.floor(positive('sellers', args.sellers));
const UPDATES = Math.round(RATE * SECONDS);
/** Measured loads per phase on the same sockets (each moves orders one status further). */
const REPEATS = Math.floor(positive('repeats', args.repeats));
/**
 * Rounds run first and left out of every figure: the first thousands of requests run while
 * V8 is still compiling the hot paths (ours has more of them than the floor), and the p50 of
 * a stack's first load was up to 1.6 × that of its later ones.
 */
const WARMUP = Math.floor(Number(args.warmup));
if (!(WARMUP >= 0)) {
  process.stderr.write(`--warmup must be 0 or more, got ${args.warmup}\n`);
  process.exit(64);
}
/** The status flow an order walks through, one step per update. */
const FLOW: OrderStatus[] = ['confirmed', 'processing', 'shipped', 'delivered', 'returned'];
if (UPDATES * (WARMUP + REPEATS) > SOCKETS * FLOW.length) {
  process.stderr.write(
    `rate × seconds × (warmup + repeats) = ${UPDATES * (WARMUP + REPEATS)} updates, more than ${FLOW.length} per order for ${SOCKETS} orders\n`,
  );
  process.exit(64);
}
/** Before each round, wait up to this long for other processes to leave the CPU (a shared machine). */
const QUIET_WAIT_S = Number(args['quiet-wait']);
const HARD_LIMIT_S = args.timeout
  ? positive('timeout', args.timeout)
  : 120 + (SOCKETS * 50 * (args['skip-floor'] ? 1 : 2)) / 1000 + 2 * (WARMUP + REPEATS) * (SECONDS + 20 + (Number.isFinite(QUIET_WAIT_S) ? QUIET_WAIT_S : 0));
const CONNECT_TIMEOUT_MS = 30_000;
const SERVER_NODE_ARGS = (args['server-node-args'] ?? '').split(' ').filter(Boolean);

/**
 * The figures' targets (issue 12): at 10,000 sockets, p50 ≤ 3 ms and p99 ≤ 20 ms; at 50,000
 * idle sockets over 3 nodes, RSS ≤ 25 KB per socket and p99 ≤ 50 ms to the watchers among
 * them. A run is held to the set of the largest scale it reaches (the first below 50,000).
 */
const TARGETS = [
  { atSockets: 10_000, p50Ms: 3, p99Ms: 20, floorRatioP50: 1.5, rssKbPerSocket: 30 },
  { atSockets: 50_000, p50Ms: null, p99Ms: 50, floorRatioP50: 1.5, rssKbPerSocket: 25 },
] as const;
const TARGET = [...TARGETS].reverse().find((t) => SOCKETS >= t.atSockets) ?? TARGETS[0];

interface Update {
  k: number;
  buyer: number;
  orderId: number;
  version: number;
  status: OrderStatus;
}

/** One steady-rate load: every figure that belongs to a stretch of updates. */
interface LoadResult {
  repeat: number;
  loop: NodeMetrics[];
  serverCpuPct: (number | null)[];
  /** CPU time of all server processes during the load, per update (µs): robust to a noisy machine. */
  serverCpuUsPerUpdate: number;
  latency: Quantiles;
  /** Every push latency of the load (ms); left out of the JSON file. */
  samples: number[];
  latencyByNode: Quantiles[];
  /** From just before the POST to the event's copy on the Redis channel (a tap in the bench process). */
  toRedis: Quantiles;
  /** Sockets on nodes other than A: from the copy passing through Redis (tap) to the buyer's socket — the Redis hop, that node's emit, the client. */
  redisToRemoteSocket: Quantiles;
  /** p50 of the push latency in each of the stack's slices of the round, in order: a queue shows as a rising line. */
  p50BySlice: number[];
  post: Quantiles;
  postErrors: number;
  firstPostError: string | null;
  achievedRate: number;
  /** Events owed: updates whose POST succeeded, to orders whose socket is open. */
  expected: number;
  /** Updates sent to orders whose socket could not be opened: no event owed. */
  unowed: number;
  received: number;
  lost: number;
  duplicates: number;
  misrouted: number;
  disconnects: number;
  client: { loopMaxMs: number; loopP99Ms: number; cpuPct: number; rssMb: number }[];
  /** The whole machine during the load, in cores busy: everything, this bench's processes, the rest. */
  machine: { busyCores: number; benchCores: number; otherCores: number; loadavg1: number } | null;
}

/** How one client worker's connecting went. */
interface WorkerConnect {
  worker: number;
  localAddress: string;
  sockets: number;
  ok: number;
  failed: number;
  retries: number;
  errors: ConnectError[];
  ms: number;
}

interface PhaseResult {
  name: 'ours' | 'floor';
  connectMs: number;
  connectFailed: number;
  connectRetries: number;
  connectByWorker: WorkerConnect[];
  idle: { before: NodeMetrics[]; after: NodeMetrics[] };
  rssKbPerSocket: number[];
  rssKbPerSocketAll: number;
  heapKbPerSocketAll: number;
  /** CPU of each server with its sockets connected and no updates (% of a core). */
  idleCpuPct: number[];
  /** Every repeat of the load, in order. */
  loads: LoadResult[];
  /** Push latency over every event of every counted round. */
  pooled: Quantiles;
  /** Summed over every repeat. */
  totals: { expected: number; unowed: number; lost: number; duplicates: number; misrouted: number; disconnects: number; postErrors: number };
}

function plan(seeded: Seeded): Update[] {
  const updates: Update[] = [];
  for (let k = 0; k < UPDATES * (WARMUP + REPEATS); k++) {
    const buyer = k % SOCKETS;
    const step = Math.floor(k / SOCKETS);
    updates.push({ k, buyer, orderId: seeded.buyers[buyer]!.orderId, version: step + 2, status: FLOW[step]! });
  }
  return updates;
}

const key = (orderId: number, version: number) => orderId * 8 + version;
/** Buyer i's socket goes to node i mod N (round-robin, as a plain load balancer would). */
const nodeOf = (buyer: number) => buyer % NODES;
/** Consecutive runs of N buyers go to one worker, so each worker holds an even share of every node's sockets. */
const workerOf = (buyer: number) => Math.floor(buyer / NODES) % WORKERS;
const nodeName = (i: number) => String.fromCharCode(65 + i);
/** Client workers of both stacks, numbered in the order they are started. */
let workersStarted = 0;
/** The n-th worker's source address: 127.0.0.2 on (all of 127/8 is loopback on Linux). */
const loopbackSource = (n: number) => `127.0.${(n + 2) >> 8}.${(n + 2) & 255}`;

/** A worker's answer, or a rejection when it does not come within `timeoutMs` or the worker exits first. */
function ask<T extends FromWorker['type']>(worker: ChildProcess, message: ToWorker, answer: T, timeoutMs: number): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolvePromise, reject) => {
    const done = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`worker gave no ${answer} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (raw: unknown) => {
      const m = raw as FromWorker;
      if (m.type !== answer) return;
      done();
      resolvePromise(m as Extract<FromWorker, { type: T }>);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      done();
      reject(new Error(`worker exited (${code ?? signal}) before its ${answer}`));
    };
    if (worker.exitCode !== null || worker.signalCode !== null || !worker.connected) return reject(new Error('worker is gone'));
    worker.on('message', onMessage);
    worker.once('exit', onExit);
    worker.send(message);
  });
}

/** Scrapes that failed, with when: listed in the report (the figures they feed show "—"). */
const metricsMisses: string[] = [];

async function readAll(nodes: ServerProcess[], when: string): Promise<NodeMetrics[]> {
  const all = await Promise.all(nodes.map((n) => readMetrics(n.url)));
  all.forEach((m, i) => {
    if (!m.error) return;
    const line = `${nodes[i]!.label}, ${when}: ${m.error}`;
    log(`metrics missing: ${line}`);
    metricsMisses.push(line);
  });
  return all;
}

async function settledMetrics(nodes: ServerProcess[], when: string): Promise<NodeMetrics[]> {
  // Idle RSS: wait until it stops moving (two reads a second apart within 1 %), at most 15 s.
  // A node whose scrape fails does not hold the others up.
  let last = await readAll(nodes, when);
  for (let i = 0; i < 15; i++) {
    await sleep(1_000);
    const now = await readAll(nodes, when);
    const steady = now.every((m, j) => !(Math.abs(m.rss - last[j]!.rss) / last[j]!.rss >= 0.01));
    last = now;
    if (steady && i >= 2) break;
  }
  return last;
}

/** A stack with its sockets connected and idle-measured, ready for loads. */
interface OpenPhase {
  name: 'ours' | 'floor';
  nodes: ServerProcess[];
  /** The workers still running (one that failed to report its sockets is killed and left out). */
  workers: ChildProcess[];
  /** Orders whose socket is open: only they are owed events. */
  open: Set<number>;
  send: (u: Update) => Promise<{ status: number; text: string }>;
  setup: Omit<PhaseResult, 'loads' | 'pooled' | 'totals'>;
}

async function connectShare(name: string, worker: ChildProcess, index: number, share: SocketTarget[], localAddress: string): Promise<WorkerConnect & { failedOrderIds: number[] }> {
  const started = Date.now();
  const timeoutMs = 60_000 + share.length * 40 * 3;
  try {
    const c = await ask(worker, { type: 'connect', targets: share, batch: BATCH, timeoutMs: CONNECT_TIMEOUT_MS, localAddress }, 'connected', timeoutMs);
    return { worker: index + 1, localAddress, sockets: share.length, ok: c.ok, failed: c.failed, retries: c.retries, errors: c.errors, ms: c.ms, failedOrderIds: c.failedOrderIds };
  } catch (err) {
    // Whatever it holds is unaccounted for: close it, and count its whole share as failed.
    worker.kill('SIGKILL');
    const message = `${name} worker ${index + 1}: ${err instanceof Error ? err.message : String(err)}`;
    log(message);
    return {
      worker: index + 1,
      localAddress,
      sockets: share.length,
      ok: 0,
      failed: share.length,
      retries: 0,
      errors: [{ message, count: share.length }],
      ms: Date.now() - started,
      failedOrderIds: share.map((t) => t.orderId),
    };
  }
}

async function openPhase(
  name: 'ours' | 'floor',
  nodes: ServerProcess[],
  targets: SocketTarget[],
  send: (u: Update) => Promise<{ status: number; text: string }>,
): Promise<OpenPhase> {
  log(`${name}: nodes up (${nodes.map((n) => n.url).join(', ')}); idle RSS before sockets…`);
  const before = await settledMetrics(nodes, `${name}, idle before sockets`);

  const workers = Array.from({ length: WORKERS }, () => forkWorker(join(ROOT, 'bench/push/client-worker.ts'), ROOT));
  const sources = workers.map(() => loopbackSource(workersStarted++));
  log(`${name}: connecting ${targets.length} sockets over ${WORKERS} worker(s) (from ${sources.join(', ')}), ${BATCH} handshakes at a time each…`);
  const shares = workers.map((_, w) => targets.filter((_, i) => workerOf(i) === w));
  const progress = workers.map(() => ({ ok: 0, failed: 0 }));
  workers.forEach((w, i) =>
    w.on('message', (raw: unknown) => {
      const m = raw as FromWorker;
      if (m.type === 'progress') progress[i] = m;
    }),
  );
  const started = Date.now();
  const ticker = setInterval(() => {
    const ok = progress.reduce((s, p) => s + p.ok, 0);
    const failed = progress.reduce((s, p) => s + p.failed, 0);
    log(`${name}: ${ok}/${targets.length} connected, ${failed} failed so far (${Math.round((Date.now() - started) / 1000)} s)`);
  }, 10_000);
  const connected = await Promise.all(workers.map((w, i) => connectShare(name, w, i, shares[i]!, sources[i]!))).finally(() => clearInterval(ticker));
  const connectMs = Math.max(...connected.map((c) => c.ms));
  const connectFailed = connected.reduce((s, c) => s + c.failed, 0);
  const failedOrders = new Set(connected.flatMap((c) => c.failedOrderIds));
  log(`${name}: ${targets.length - connectFailed} connected in ${(connectMs / 1000).toFixed(1)} s (${connectFailed} failed); settling…`);
  for (const c of connected.filter((c) => c.failed > 0)) {
    log(`  worker ${c.worker} (${c.localAddress}): ${c.failed} of ${c.sockets} failed; ${c.errors.map((e) => `${e.count}× ${e.message}`).join(' | ')}`);
  }

  const after = await settledMetrics(nodes, `${name}, idle with sockets`);
  // Background cost of the idle sockets (heartbeats, timers), to tell apart from per-update cost.
  const idleCpu0 = nodes.map((n) => cpuSecondsOf(n.child.pid));
  const idleT0 = Date.now();
  await sleep(3_000);
  const idleWall = (Date.now() - idleT0) / 1000;
  const idleCpuPct = nodes.map((n, i) => {
    const a = idleCpu0[i];
    const b = cpuSecondsOf(n.child.pid);
    return a == null || b == null ? NaN : ((b - a) / idleWall) * 100;
  });
  // Per socket on each node; NaN (shown "—") when a scrape is missing or the node has no socket.
  // The all-nodes figures cover the nodes whose both scrapes came back.
  const perSocket = (grown: number, sockets: number) => (sockets > 0 ? grown / 1024 / sockets : NaN);
  const scraped = nodes.map((_, i) => i).filter((i) => !before[i]!.error && !after[i]!.error);
  const overScraped = (f: (i: number) => number) => scraped.reduce((s, i) => s + f(i), 0);
  const totalSockets = overScraped((i) => after[i]!.sockets);
  return {
    name,
    nodes,
    workers: workers.filter((w) => w.exitCode === null && w.signalCode === null),
    open: new Set(targets.map((t) => t.orderId).filter((id) => !failedOrders.has(id))),
    send,
    setup: {
      name,
      connectMs,
      connectFailed,
      connectRetries: connected.reduce((s, c) => s + c.retries, 0),
      connectByWorker: connected.map(({ failedOrderIds: _f, ...c }) => c),
      idle: { before, after },
      rssKbPerSocket: after.map((m, i) => perSocket(m.rss - before[i]!.rss, m.sockets)),
      rssKbPerSocketAll: perSocket(overScraped((i) => after[i]!.rss - before[i]!.rss), totalSockets),
      heapKbPerSocketAll: perSocket(overScraped((i) => after[i]!.heapUsed - before[i]!.heapUsed), totalSockets),
      idleCpuPct,
    },
  };
}

/** The phase's figures over its loads; closes its client workers. */
async function closePhase(phase: OpenPhase, loads: LoadResult[]): Promise<PhaseResult> {
  for (const w of phase.workers) {
    if (w.connected) w.send({ type: 'close' } satisfies ToWorker);
  }
  await sleep(500);
  for (const w of phase.workers) if (w.exitCode === null) w.kill('SIGKILL');
  const sum = (f: (l: LoadResult) => number) => loads.reduce((s, l) => s + f(l), 0);
  return {
    ...phase.setup,
    loads,
    pooled: quantiles(loads.flatMap((l) => l.samples)),
    totals: {
      expected: sum((l) => l.expected),
      unowed: sum((l) => l.unowed),
      lost: sum((l) => l.lost),
      duplicates: sum((l) => l.duplicates),
      misrouted: sum((l) => l.misrouted),
      disconnects: sum((l) => l.disconnects),
      postErrors: sum((l) => l.postErrors),
    },
  };
}

/**
 * The rounds. In each, ours and the floor take turns in slices of SLICE_S seconds over one
 * schedule at the fixed rate (each gets UPDATES updates, so a round lasts 2 × SECONDS), the
 * first slice going to ours in even rounds and to the floor in odd ones. This VM's speed
 * changes by up to 3 × from one few-second stretch to the next (CPU per update, same work),
 * so loads that run 10 s apart compare the machine as much as the stacks; slices of a second
 * put both stacks into every stretch alike. The warm-up rounds come first and are not returned.
 */
async function runRounds(phases: OpenPhase[], updates: Update[], redisUrl: string): Promise<Map<OpenPhase, LoadResult[]>> {
  const loads = new Map(phases.map((p) => [p, [] as LoadResult[]]));
  for (let r = 0; r < WARMUP + REPEATS; r++) {
    const slice = updates.slice(r * UPDATES, (r + 1) * UPDATES);
    const warmup = r < WARMUP;
    const label = warmup ? `round ${r + 1}/${WARMUP} (warm-up, not counted)` : `round ${r - WARMUP + 1}/${REPEATS}`;
    const results = await runRound(label, warmup ? r : r - WARMUP, r % 2 === 0 ? phases : [...phases].reverse(), slice, redisUrl);
    if (!warmup) for (const [phase, load] of results) loads.get(phase)!.push(load);
  }
  return loads;
}

/** One stack's part of a round: what it was sent and how each POST went. */
interface Leg {
  phase: OpenPhase;
  sentAt: Map<number, number>;
  /** Updates whose POST failed: no event is owed for them. */
  failedKeys: Set<number>;
  postMs: number[];
  postErrors: number;
  firstPostError: string | null;
  /** A later update of an order waits for the earlier one's answer (the order walks its flow in order). */
  pending: Map<number, Promise<void>>;
  inflight: Promise<void>[];
  /** Which of this leg's slices each update was sent in. */
  sliceOf: Map<number, number>;
  cpuBefore: (number | null)[];
}

function fire(leg: Leg, u: Update): void {
  const k = key(u.orderId, u.version);
  const post = () => {
    const t0 = process.hrtime.bigint();
    leg.sentAt.set(k, Number(t0));
    return leg.phase.send(u).then(
      (res) => {
        leg.postMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.status !== 200) {
          leg.failedKeys.add(k);
          leg.postErrors++;
          leg.firstPostError ??= `${res.status} ${res.text.slice(0, 200)}`;
        }
      },
      (err: unknown) => {
        leg.failedKeys.add(k);
        leg.postErrors++;
        leg.firstPostError ??= err instanceof Error ? err.message : String(err);
      },
    );
  };
  const previous = leg.pending.get(u.orderId);
  const done = previous ? previous.then(post) : post();
  leg.pending.set(u.orderId, done);
  leg.inflight.push(done);
}

async function runRound(label: string, repeat: number, phases: OpenPhase[], updates: Update[], redisUrl: string): Promise<Map<OpenPhase, LoadResult>> {
  const everyPid = [...phases.flatMap((p) => [...p.nodes.map((n) => n.child.pid), ...p.workers.map((w) => w.pid)]), redisPid];
  if (QUIET_WAIT_S > 0) await waitForQuiet(QUIET_WAIT_S, everyPid);
  resetAgent();
  for (const p of phases) for (const w of p.workers) if (w.connected) w.send({ type: 'record' } satisfies ToWorker);
  const tap = await tapRedis(redisUrl);
  // Resets each node's event-loop histogram, so the scrape after the load covers the load.
  await Promise.all(phases.map((p) => readAll(p.nodes, `${label}, before the load`)));
  const legs: Leg[] = phases.map((phase) => ({
    phase,
    sentAt: new Map(),
    failedKeys: new Set(),
    postMs: [],
    postErrors: 0,
    firstPostError: null,
    pending: new Map(),
    inflight: [],
    sliceOf: new Map(),
    cpuBefore: phase.nodes.map((n) => cpuSecondsOf(n.child.pid)),
  }));
  const benchCpu = () => everyPid.reduce<number>((s, pid) => s + (cpuSecondsOf(pid) ?? 0), 0) + selfCpuSeconds();
  const machineBefore = machineCpuSeconds();
  const benchBefore = benchCpu();
  const loadavg1 = loadavg()[0] ?? NaN;
  log(`${label}: ${updates.length} updates on each of ${phases.map((p) => p.name).join(' and ')}, at ${RATE}/s through node A, in ${SLICE_S} s turns…`);

  // One schedule at RATE: slice s goes to leg s mod legs, and takes that leg's next updates
  // (the last slice of each leg may be short).
  const perSlice = Math.max(1, Math.round(RATE * SLICE_S));
  const slicesPerLeg = Math.ceil(updates.length / perSlice);
  const start = process.hrtime.bigint();
  const intervalNs = 1e9 / RATE;
  let sent = 0;
  for (let s = 0; s < slicesPerLeg * legs.length; s++) {
    const leg = legs[s % legs.length]!;
    const legSlice = Math.floor(s / legs.length);
    for (const u of updates.slice(legSlice * perSlice, (legSlice + 1) * perSlice)) {
      const waitMs = (Number(start) + sent * intervalNs - Number(process.hrtime.bigint())) / 1e6;
      if (waitMs >= 1) await sleep(Math.floor(waitMs));
      leg.sliceOf.set(key(u.orderId, u.version), legSlice);
      fire(leg, u);
      sent++;
    }
  }
  await Promise.all(legs.flatMap((l) => l.inflight));
  const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
  const machineAfter = machineCpuSeconds();
  const benchAfter = benchCpu();
  const machine =
    machineBefore && machineAfter
      ? (() => {
          const wall = (machineAfter.total - machineBefore.total) / cpus().length;
          const busyCores = (machineAfter.busy - machineBefore.busy) / wall;
          const benchCores = (benchAfter - benchBefore) / wall;
          return { busyCores, benchCores, otherCores: Math.max(0, busyCores - benchCores), loadavg1 };
        })()
      : null;
  // The leg's own share of the round's time, for its rates and CPU shares.
  const activeS = elapsedS / legs.length;

  const tapped = await (async () => {
    // Every expected event in, or 5 s of nothing new, before the tap closes.
    await Promise.all(legs.map((leg) => drain(leg.phase.workers, owed(leg))));
    return tap.stop();
  })();
  const results = new Map<OpenPhase, LoadResult>();
  for (const leg of legs) {
    const result = await measureLeg(leg, repeat, tapped.get(leg.phase.name) ?? new Map(), machine, activeS, slicesPerLeg);
    log(
      `${label}, ${leg.phase.name}: received ${result.received}/${result.expected}, p50 ${f(result.latency.p50, 2)} p99 ${f(result.latency.p99, 2)} ms; ` +
        `other processes ${f(machine?.otherCores ?? NaN, 2)} cores`,
    );
    results.set(leg.phase, result);
  }
  return results;
}

/** Waits until the workers hold `expected` events between them, or nothing new came for 5 s. */
async function drain(workers: ChildProcess[], expected: number): Promise<void> {
  let lastCount = -1;
  let quietSince = Date.now();
  for (;;) {
    // A worker that does not answer counts as holding nothing new (its events show as lost).
    const counts = await Promise.all(workers.map((w) => ask(w, { type: 'count' }, 'count', 5_000).catch(() => null)));
    const received = counts.reduce((s, c) => s + (c?.received ?? 0), 0);
    if (received >= expected) return;
    if (received !== lastCount) {
      lastCount = received;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 5_000) return;
    await sleep(100);
  }
}

/** Sent updates that owe an event: the POST succeeded and the order's socket is open. */
function owed(leg: Leg): number {
  let n = 0;
  for (const k of leg.sentAt.keys()) if (!leg.failedKeys.has(k) && leg.phase.open.has(Math.floor(k / 8))) n++;
  return n;
}

async function measureLeg(
  leg: Leg,
  repeat: number,
  tappedAt: Map<number, number>,
  machine: LoadResult['machine'],
  activeS: number,
  slices: number,
): Promise<LoadResult> {
  const { phase, sentAt, failedKeys } = leg;
  const loop = await readAll(phase.nodes, `${phase.name}, after round ${repeat + 1}'s load`);
  const cpuAfter = phase.nodes.map((n) => cpuSecondsOf(n.child.pid));
  const answers = await Promise.all(
    phase.workers.map((w, i) =>
      ask(w, { type: 'collect' }, 'events', 30_000).catch((err: unknown) => {
        log(`${phase.name} worker ${i + 1}: no events collected (${err instanceof Error ? err.message : String(err)}); its sockets' events count as lost`);
        return null;
      }),
    ),
  );
  const collected = answers.filter((c) => c !== null);
  const expected = owed(leg);

  const latency: number[] = [];
  const byNode: number[][] = phase.nodes.map(() => []);
  const bySlice: number[][] = Array.from({ length: slices }, () => []);
  const toRedis: number[] = [];
  const redisToRemoteSocket: number[] = [];
  for (const [k, t] of tappedAt) {
    const t0 = sentAt.get(k);
    if (t0 !== undefined && !failedKeys.has(k)) toRedis.push((t - t0) / 1e6);
  }
  const seen = new Set<number>();
  let duplicates = 0;
  let misrouted = 0;
  for (const c of collected) {
    for (let i = 0; i < c.times.length; i++) {
      const orderId = c.orderIds[i]!;
      if (orderId !== c.socketOrderIds[i]) {
        misrouted++;
        continue;
      }
      const k = key(orderId, c.versions[i]!);
      const t0 = sentAt.get(k);
      if (t0 === undefined) {
        misrouted++;
        continue;
      }
      if (failedKeys.has(k)) continue;
      if (seen.has(k)) {
        duplicates++;
        continue;
      }
      seen.add(k);
      const ms = (c.times[i]! - t0) / 1e6;
      latency.push(ms);
      bySlice[leg.sliceOf.get(k) ?? 0]!.push(ms);
      const node = nodeOf(orderIndex.get(orderId) ?? 0);
      byNode[node]!.push(ms);
      const tapped = tappedAt.get(k);
      if (node !== 0 && tapped !== undefined) redisToRemoteSocket.push((c.times[i]! - tapped) / 1e6);
    }
  }
  const cpuSeconds = phase.nodes.map((_, i) => {
    const a = leg.cpuBefore[i];
    const b = cpuAfter[i];
    return a == null || b == null ? null : b - a;
  });
  return {
    repeat,
    loop,
    serverCpuPct: cpuSeconds.map((s) => (s === null ? null : (s / activeS) * 100)),
    serverCpuUsPerUpdate: (cpuSeconds.reduce<number>((s, c) => s + (c ?? NaN), 0) * 1e6) / sentAt.size,
    latency: quantiles(latency),
    samples: latency,
    latencyByNode: byNode.map(quantiles),
    toRedis: quantiles(toRedis),
    redisToRemoteSocket: quantiles(redisToRemoteSocket),
    p50BySlice: bySlice.map((v) => quantiles(v).p50),
    post: quantiles(leg.postMs),
    postErrors: leg.postErrors,
    firstPostError: leg.firstPostError,
    achievedRate: sentAt.size / activeS,
    expected,
    unowed: sentAt.size - failedKeys.size - expected,
    received: seen.size,
    lost: expected - seen.size,
    duplicates,
    misrouted,
    disconnects: collected.reduce((s, c) => s + c.disconnects, 0),
    client: collected.map((c) => ({
      loopMaxMs: c.loopMaxMs,
      loopP99Ms: c.loopP99Ms,
      cpuPct: (c.cpuMs / 1000 / activeS) * 100,
      rssMb: c.rssBytes / 2 ** 20,
    })),
    machine,
  };
}

const orderIndex = new Map<number, number>();
let redisPid: number | undefined;

/** Waits (at most maxS) until processes other than the bench used under 0.3 core over 2 s. */
async function waitForQuiet(maxS: number, pids: (number | undefined)[]): Promise<void> {
  const deadline = Date.now() + maxS * 1000;
  const ours = () => pids.reduce<number>((s, pid) => s + (cpuSecondsOf(pid) ?? 0), 0) + selfCpuSeconds();
  for (;;) {
    const m0 = machineCpuSeconds();
    const o0 = ours();
    await sleep(2_000);
    const m1 = machineCpuSeconds();
    if (!m0 || !m1) return;
    const wall = (m1.total - m0.total) / cpus().length;
    const others = (m1.busy - m0.busy - (ours() - o0)) / wall;
    if (others < 0.3) return log(`machine quiet enough (others ${others.toFixed(2)} cores)`);
    if (Date.now() > deadline) return log(`machine still busy (others ${others.toFixed(2)} cores); measuring anyway`);
    log(`waiting for a quieter machine: other processes use ${others.toFixed(2)} cores`);
  }
}

/**
 * Listens on both event channels (ours and the floor's) and notes when each order:status
 * copy passes through Redis, per stack: POST → publish is then told apart from Redis → node B
 * → socket. (Both stacks walk the same orders through the same versions.)
 */
async function tapRedis(url: string): Promise<{ stop(): Promise<Map<'ours' | 'floor', Map<number, number>>> }> {
  const stackOf: Record<string, 'ours' | 'floor'> = { 'orderpulse:events': 'ours', 'floor:events': 'floor' };
  const seen = new Map<'ours' | 'floor', Map<number, number>>([
    ['ours', new Map()],
    ['floor', new Map()],
  ]);
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  client.on('message', (channel: string, message: string) => {
    const t = Number(process.hrtime.bigint());
    // Ours carries the logged domain event ({node, event: {position, at, event: {order: {orderId, version}}}}), the floor the socket body.
    const envelope = JSON.parse(message) as { event?: { event?: { order?: { orderId?: number; version?: number } } }; payload?: StatusIds };
    const order = envelope.event?.event?.order;
    const ids = order ? { order_id: order.orderId, version: order.version } : envelope.payload;
    const stack = stackOf[channel];
    if (stack && ids && typeof ids.order_id === 'number' && typeof ids.version === 'number') seen.get(stack)!.set(key(ids.order_id, ids.version), t);
  });
  await client.connect();
  await client.subscribe(...Object.keys(stackOf));
  return {
    async stop() {
      client.disconnect();
      return seen;
    },
  };
}

interface StatusIds {
  order_id: number;
  version: number;
}

function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function log(line: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');

function report(ours: PhaseResult, floor: PhaseResult | null, database: string): { text: string; verdicts: { name: string; pass: boolean; detail: string }[] } {
  const lines: string[] = [];
  const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const w = [42, 11, 11, 10];
  const nodes = Array.from({ length: NODES }, (_, i) => i);
  const share = nodes.map((i) => Math.floor((SOCKETS - 1 - i) / NODES) + 1);
  lines.push('');
  lines.push(
    `Push bench — ${SOCKETS} sockets over ${NODES} nodes (${share.join('/')} on ${nodes.map(nodeName).join('/')}) + Redis, ${database}, ` +
      `${RATE} updates/s for ${SECONDS} s through node A`,
  );
  lines.push(
    `machine: ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}, open-file limit ${FD_LIMIT}; ` +
      `client: ${WORKERS} worker process(es) per stack, each from its own loopback address`,
  );
  // Each round interleaves ours and the floor in slices on the same machine state: their
  // p50 ratio within a round is the comparison least skewed by the machine drifting over the run.
  const roundRatios = floor ? ours.loads.map((l, i) => l.latency.p50 / (floor.loads[i]?.latency.p50 ?? NaN)) : [];
  const ratio = median(roundRatios);
  // The table shows one round, both stacks: the one whose ratio is the median (the lower of the
  // middle two for an even count), or without a floor, ours' median round by p50.
  const byRank = ours.loads
    .map((l, i) => ({ i, rank: floor ? (roundRatios[i] ?? NaN) : l.latency.p50 }))
    .sort((a, b) => a.rank - b.rank);
  const shown = byRank[Math.floor((byRank.length - 1) / 2)]!.i;
  const o = ours.loads[shown]!;
  const fl = floor?.loads[shown];
  if (REPEATS > 1) {
    lines.push(
      `${REPEATS} rounds after ${WARMUP} warm-up round(s), ours and the floor taking ${SLICE_S} s turns in each (alternating which goes first); the table shows ` +
        `round #${o.repeat + 1}, ${floor ? 'the median ratio' : "ours' median p50"}, and the run's pooled latency; every round:`,
    );
    for (const p of [ours, floor]) {
      if (!p) continue;
      const each = p.loads.map((l) => `#${l.repeat + 1} p50 ${f(l.latency.p50, 2)} p99 ${f(l.latency.p99, 2)} ms (others ${f(l.machine?.otherCores ?? NaN, 2)} cores)`);
      lines.push(`  ${p.name.padEnd(5)} ${each.join(' | ')}`);
    }
    if (floor) lines.push(`  ours/floor p50 per round: ${roundRatios.map((r) => `${f(r, 2)}×`).join(', ')}; median ${f(ratio, 2)}×`);
  }
  lines.push('');
  lines.push(row(['', 'ours', 'floor', 'ours/floor'], w));
  const cmp = (label: string, a: number, b: number | undefined, d = 2) =>
    lines.push(row([label, f(a, d), b === undefined ? '—' : f(b, d), b === undefined || !(b > 0) || !(a >= 0) ? '—' : `${f(a / b, 2)}×`], w));
  const perNode = (label: (node: string, i: number) => string, a: (i: number) => number, b: ((i: number) => number) | undefined, d = 2) => {
    for (const i of nodes) cmp(label(nodeName(i), i), a(i), b?.(i), d);
  };
  const po = ours.pooled;
  const pf = floor?.pooled;
  cmp(`push latency p50, all ${REPEATS} rounds (ms)`, po.p50, pf?.p50);
  cmp(`push latency p95, all ${REPEATS} rounds (ms)`, po.p95, pf?.p95);
  cmp(`push latency p99, all ${REPEATS} rounds (ms)`, po.p99, pf?.p99);
  cmp(`push latency max, all ${REPEATS} rounds (ms)`, po.max, pf?.max);
  lines.push(`round #${o.repeat + 1}:`);
  cmp('push latency p50 (ms)', o.latency.p50, fl?.latency.p50);
  cmp('push latency p95 (ms)', o.latency.p95, fl?.latency.p95);
  cmp('push latency p99 (ms)', o.latency.p99, fl?.latency.p99);
  cmp('push latency max (ms)', o.latency.max, fl?.latency.max);
  const where = (i: number) => (i === 0 ? 'local' : 'via Redis');
  perNode((n, i) => `  p50, sockets on node ${n} (${where(i)})`, (i) => o.latencyByNode[i]!.p50, fl && ((i) => fl.latencyByNode[i]!.p50));
  perNode((n, i) => `  p99, sockets on node ${n} (${where(i)})`, (i) => o.latencyByNode[i]!.p99, fl && ((i) => fl.latencyByNode[i]!.p99));
  cmp('POST sent → copy on Redis p50 (ms)', o.toRedis.p50, fl?.toRedis.p50);
  cmp('POST sent → copy on Redis p99 (ms)', o.toRedis.p99, fl?.toRedis.p99);
  cmp('copy on Redis → socket not on A p50 (ms)', o.redisToRemoteSocket.p50, fl?.redisToRemoteSocket.p50);
  cmp('copy on Redis → socket not on A p99 (ms)', o.redisToRemoteSocket.p99, fl?.redisToRemoteSocket.p99);
  cmp('POST round trip p50 (ms)', o.post.p50, fl?.post.p50);
  cmp('POST round trip p99 (ms)', o.post.p99, fl?.post.p99);
  cmp('achieved rate (updates/s)', o.achievedRate, fl?.achievedRate, 0);
  perNode((n) => `max event-loop lag node ${n} (ms)`, (i) => o.loop[i]!.loopMaxMs, fl && ((i) => fl.loop[i]!.loopMaxMs));
  perNode((n) => `server CPU node ${n} (% of a core)`, (i) => o.serverCpuPct[i] ?? NaN, fl && ((i) => fl.serverCpuPct[i] ?? NaN), 0);
  perNode((n) => `server CPU idle with sockets, ${n} (%)`, (i) => ours.idleCpuPct[i]!, floor ? (i) => floor.idleCpuPct[i]! : undefined, 1);
  cmp('server CPU per update, all nodes (µs)', o.serverCpuUsPerUpdate, fl?.serverCpuUsPerUpdate, 0);
  const mb = (bytes: number) => bytes / 2 ** 20;
  perNode((n) => `sockets on node ${n} (its /metrics)`, (i) => ours.idle.after[i]!.sockets, floor ? (i) => floor.idle.after[i]!.sockets : undefined, 0);
  perNode((n) => `RSS idle, 0 sockets, node ${n} (MB)`, (i) => mb(ours.idle.before[i]!.rss), floor ? (i) => mb(floor.idle.before[i]!.rss) : undefined, 0);
  perNode((n) => `RSS idle with sockets, node ${n} (MB)`, (i) => mb(ours.idle.after[i]!.rss), floor ? (i) => mb(floor.idle.after[i]!.rss) : undefined, 0);
  perNode((n) => `RSS per idle socket node ${n} (KB)`, (i) => ours.rssKbPerSocket[i]!, floor ? (i) => floor.rssKbPerSocket[i]! : undefined);
  cmp('RSS per idle socket, all nodes scraped (KB)', ours.rssKbPerSocketAll, floor?.rssKbPerSocketAll);
  cmp('heap per idle socket, all nodes scraped (KB)', ours.heapKbPerSocketAll, floor?.heapKbPerSocketAll);
  cmp('connect + watch all sockets (s)', ours.connectMs / 1000, floor ? floor.connectMs / 1000 : undefined);
  cmp('events expected (all loads)', ours.totals.expected, floor?.totals.expected, 0);
  cmp('events lost (all loads)', ours.totals.lost, floor?.totals.lost, 0);
  cmp('duplicates / misrouted (all loads)', ours.totals.duplicates + ours.totals.misrouted, floor ? floor.totals.duplicates + floor.totals.misrouted : undefined, 0);
  cmp('socket disconnects during loads', ours.totals.disconnects, floor?.totals.disconnects, 0);
  cmp('sockets that could not be opened', ours.connectFailed, floor?.connectFailed, 0);
  cmp('  updates to them (no event owed)', ours.totals.unowed, floor?.totals.unowed, 0);
  cmp('POST errors (all loads)', ours.totals.postErrors, floor?.totals.postErrors, 0);
  const clientLoop = (l: LoadResult) => Math.max(...l.client.map((c) => c.loopMaxMs));
  const clientCpu = (l: LoadResult) => l.client.reduce((s, c) => s + c.cpuPct, 0);
  const clientRss = (l: LoadResult) => l.client.reduce((s, c) => s + c.rssMb, 0);
  cmp('client workers: max loop lag (ms)', clientLoop(o), fl ? clientLoop(fl) : undefined);
  cmp('client workers: CPU (% of a core)', clientCpu(o), fl ? clientCpu(fl) : undefined, 0);
  cmp('client workers: RSS (MB)', clientRss(o), fl ? clientRss(fl) : undefined, 0);
  cmp('machine busy during load (cores)', o.machine?.busyCores ?? NaN, fl?.machine?.busyCores);
  cmp('  of which this bench (cores)', o.machine?.benchCores ?? NaN, fl?.machine?.benchCores);
  cmp('  of which other processes (cores)', o.machine?.otherCores ?? NaN, fl?.machine?.otherCores);
  cmp('load average (1 min) at round start', o.machine?.loadavg1 ?? NaN, fl?.machine?.loadavg1);
  const series = (l: LoadResult) => l.p50BySlice.map((v) => f(v, 1)).join(' ');
  lines.push(`p50 per ${SLICE_S} s slice, ours (ms):  ${series(o)}`);
  if (fl) lines.push(`p50 per ${SLICE_S} s slice, floor (ms): ${series(fl)}`);
  const firstPostError = ours.loads.find((l) => l.firstPostError)?.firstPostError;
  if (firstPostError) lines.push(`first POST error (ours): ${firstPostError}`);
  for (const p of [ours, floor]) {
    if (!p) continue;
    lines.push(`sockets opened by worker (${p.name}, ${p.connectRetries} retries in all):`);
    for (const c of p.connectByWorker) {
      lines.push(`  worker ${c.worker} (${c.localAddress}): ${c.ok} of ${c.sockets} in ${f(c.ms / 1000)} s, ${c.failed} could not be opened`);
      for (const e of c.errors) lines.push(`    ${e.count}× ${e.message}`);
    }
  }
  if (metricsMisses.length > 0) {
    lines.push(`metrics scrapes that failed (${metricsMisses.length}; their figures show "—"):`);
    for (const m of metricsMisses.slice(0, 10)) lines.push(`  ${m}`);
    if (metricsMisses.length > 10) lines.push(`  … and ${metricsMisses.length - 10} more`);
  }

  const atScale = SOCKETS >= TARGET.atSockets ? '' : ` (target set at ${TARGET.atSockets} sockets; this run: ${SOCKETS})`;
  const t = ours.totals;
  const verdicts: { name: string; pass: boolean; detail: string }[] = [];
  if (TARGET.p50Ms !== null) verdicts.push({ name: `p50 ≤ ${TARGET.p50Ms} ms (all rounds)${atScale}`, pass: po.p50 <= TARGET.p50Ms, detail: `${f(po.p50, 2)} ms` });
  verdicts.push({ name: `p99 ≤ ${TARGET.p99Ms} ms (all rounds)${atScale}`, pass: po.p99 <= TARGET.p99Ms, detail: `${f(po.p99, 2)} ms` });
  if (fl) {
    verdicts.push({
      name: `p50 ≤ ${TARGET.floorRatioP50}× floor${REPEATS > 1 ? ' (median of the rounds)' : ''}`,
      pass: ratio <= TARGET.floorRatioP50,
      detail: `${f(ratio, 2)}× (all rounds pooled: ${f(po.p50, 2)} vs ${f(pf?.p50 ?? NaN, 2)} ms)`,
    });
  }
  verdicts.push(
    {
      name: `RSS ≤ ${TARGET.rssKbPerSocket} KB per idle socket${atScale}`,
      pass: ours.rssKbPerSocketAll <= TARGET.rssKbPerSocket,
      detail: `${f(ours.rssKbPerSocketAll)} KB (${nodes.map((i) => `${nodeName(i)} ${f(ours.rssKbPerSocket[i]!)}`).join(', ')})`,
    },
    {
      name: 'every socket opened, no event lost (none duplicated or misrouted)',
      pass: t.lost === 0 && t.duplicates === 0 && t.misrouted === 0 && ours.connectFailed === 0 && t.expected > 0,
      detail: `lost ${t.lost} of ${t.expected}, dup ${t.duplicates}, misrouted ${t.misrouted}, not opened ${ours.connectFailed} of ${SOCKETS}`,
    },
  );
  lines.push('');
  if (!fl) lines.push(`—     p50 ≤ ${TARGET.floorRatioP50}× floor: not measured (--skip-floor)`);
  for (const v of verdicts) lines.push(`${v.pass ? 'PASS' : 'MISS'}  ${v.name.padEnd(66)} ${v.detail}`);
  lines.push('');
  return { text: lines.join('\n'), verdicts };
}

/** N server processes of one stack, started one after the other (the first migrates, if anything is left to). */
async function startNodes(label: string, script: string, env: Record<string, string>, nodeArgs: string[], started: ServerProcess[]): Promise<ServerProcess[]> {
  const nodes: ServerProcess[] = [];
  for (let i = 0; i < NODES; i++) {
    const node = await startServerProcess(`${label} ${nodeName(i)}`, script, env, ROOT, nodeArgs);
    started.push(node);
    nodes.push(node);
  }
  return nodes;
}

async function main(): Promise<void> {
  installCleanup(HARD_LIMIT_S * 1000);
  log(
    `push bench: ${SOCKETS} sockets on ${NODES} nodes (${DB}), ${RATE}/s × ${SECONDS} s = ${UPDATES} updates, ${WORKERS} client worker(s) per stack; ` +
      `hard limit ${Math.round(HARD_LIMIT_S)} s`,
  );
  const dir = mkdtempSync(join(args['db-dir'] ?? tmpdir(), 'orderpulse-push-'));
  // Also on the hard-limit and signal paths, which leave through process.exit.
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const redis = await startRedis();
  redisPid = redis.pid;
  const started: ServerProcess[] = [];
  let dropDatabase: (() => Promise<void>) | null = null;
  try {
    let databaseUrl = join(dir, 'push.db');
    let database = `SQLite (${databaseUrl})`;
    const t = Date.now();
    let seeded: Seeded;
    if (DB === 'postgres') {
      const postgres = await throwAwayPostgres(args['postgres-url']);
      // Dropped on every way out: this normal path, an error, a signal, the hard limit.
      dropDatabase = atShutdown(async () => {
        killAll();
        await postgres.drop();
        log(`dropped the throw-away database`);
      });
      databaseUrl = postgres.url;
      database = `PostgreSQL (throw-away ${new URL(postgres.url).pathname.slice(1)} on ${new URL(postgres.url).host})`;
      seeded = await seedPostgres(databaseUrl, SOCKETS, SELLERS);
    } else {
      seeded = await seedSqlite(databaseUrl, SOCKETS, SELLERS);
    }
    seeded.buyers.forEach((b, i) => orderIndex.set(b.orderId, i));
    log(`seeded ${SOCKETS} buyers, orders and sessions + ${SELLERS} sellers in ${Date.now() - t} ms into ${database} (${redis.url})`);
    const updates = plan(seeded);

    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      // The buyers' e-mails (written as files without SMTP_URL) go with the run, not into ./data.
      MAIL_DIR: join(dir, 'mail'),
      REDIS_URL: redis.url,
      DEMO_DATA: 'off',
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      WEB_DIST: '/nonexistent',
    };
    const stacks: OpenPhase[] = [];
    try {
      // Ours: N OrderPulse nodes on one database and one Redis.
      const ourNodes = await startNodes('node', 'server/main.ts', env, SERVER_NODE_ARGS, started);
      const endpoint = new URL('/seller/update-order-status', ourNodes[0]!.url);
      const cookies = seeded.sellers.map((s) => `op_session=${s.token}`);
      const ourTargets = seeded.buyers.map((b, i) => ({
        url: ourNodes[nodeOf(i)]!.url,
        orderId: b.orderId,
        cookie: `op_session=${b.token}`,
        room: null,
        watch: true,
      }));
      stacks.push(
        await openPhase('ours', ourNodes, ourTargets, (u) =>
          postJson(endpoint, JSON.stringify({ order_id: u.orderId, new_status: u.status }), {
            cookie: cookies[seeded.buyers[u.buyer]!.sellerIndex]!,
          }),
        ),
      );

      // The floor: the same sockets, rate and measurement on bare Socket.IO + ioredis, up at the same time.
      if (!args['skip-floor']) {
        const floorEnv = { PORT: '0', HOST: '127.0.0.1', REDIS_URL: redis.url, NODE_ENV: 'test' };
        const floorNodes = await startNodes('floor', 'bench/push/floor-server.ts', floorEnv, [], started);
        const floorEndpoint = new URL('/publish', floorNodes[0]!.url);
        const updatedAt = new Date().toISOString();
        const floorTargets = seeded.buyers.map((b, i) => ({
          url: floorNodes[nodeOf(i)]!.url,
          orderId: b.orderId,
          cookie: null,
          room: `order:${b.orderId}`,
          watch: false,
        }));
        stacks.push(
          await openPhase('floor', floorNodes, floorTargets, (u) =>
            postJson(
              floorEndpoint,
              JSON.stringify({
                order_id: u.orderId,
                order_number: seeded.buyers[u.buyer]!.orderNumber,
                ...statusFields(u.status),
                version: u.version,
                updated_at: updatedAt,
              }),
              {},
            ),
          ),
        );
      }

      const loads = await runRounds(stacks, updates, redis.url);
      const results = await Promise.all(stacks.map((s) => closePhase(s, loads.get(s)!)));
      const ours = results[0]!;
      const floor = results[1] ?? null;
      const { text, verdicts } = report(ours, floor, database);
      process.stdout.write(text + '\n');
      if (args.json) {
        writeFileSync(
          args.json,
          JSON.stringify(
            {
              sockets: SOCKETS,
              db: DB,
              nodes: NODES,
              rate: RATE,
              seconds: SECONDS,
              workers: WORKERS,
              node: process.version,
              cores: cpus().length,
              date: new Date().toISOString(),
              ours,
              floor,
              metricsMisses,
              verdicts,
            },
            (name, value: unknown) => (name === 'samples' ? undefined : value),
            2,
          ),
        );
      }
    } finally {
      await Promise.all(started.map((n) => n.stop()));
    }
  } finally {
    closeAgent();
    await redis.stop();
    killAll();
    await dropDatabase?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`push bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    void exitAfterShutdown(1);
  },
);
