/**
 * The live-updates benchmark: push latency of order:status from a seller's POST to the
 * buyer's socket, across two OrderPulse nodes sharing one SQLite file and one Redis, next to
 * a floor (bare Socket.IO + ioredis pub/sub, bench/push/floor-server.ts) measured in the same
 * run: both stacks are up at once with as many sockets each, and their loads (same rate, same
 * measurement) take turns in one-second slices; RSS per idle socket; lost events.
 *
 *   npm run bench:push -- --sockets 10000 [--rate 200] [--seconds 10] [--workers 2] [--batch 200]
 *
 * Options: --sockets N (2000), --rate updates/s (200), --seconds per stack and round (10),
 * --slice S (seconds per turn within a round; 1), --workers client processes (1 up to 5,000
 * sockets, else 2), --batch concurrent handshakes per worker (200), --sellers (4), --repeats
 * K (rounds; in each, ours and the floor take turns of --slice seconds until each had
 * --seconds; the floor ratio verdict is the median of the rounds' ratios, p50/p95/p99 are
 * over every counted event, the table shows the median-ratio round and every round is
 * listed), --warmup W (rounds run first and left out of the figures; 1), --quiet-wait S
 * (before each round, wait up to S s for other processes to leave the CPU; 0 = don't),
 * --timeout hard limit in s (derived from the above), --skip-floor, --json FILE (also write
 * the figures as JSON), --server-node-args="…" (extra node flags for our two nodes, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof"), --db-dir DIR (where the temp SQLite file goes;
 * default the OS temp dir).
 *
 * Everything runs on loopback: a private redis-server on a free port, a temp SQLite file,
 * two server processes, client worker processes. Every child is killed on any way out.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { statusFields } from '../server/contract/presenters.js';
import type { OrderStatus } from '../server/domain/order-status.js';
import { closeAgent, cpuSecondsOf, machineCpuSeconds, postJson, resetAgent, quantiles, readMetrics, sleep, type NodeMetrics, type Quantiles } from './push/measure.js';
import { forkWorker, installCleanup, killAll, startRedis, startServerProcess, type ServerProcess } from './push/procs.js';
import type { FromWorker, SocketTarget, ToWorker } from './push/protocol.js';
import { seedDatabase, type Seeded } from './push/seed.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    sockets: { type: 'string', default: '2000' },
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

const SOCKETS = Math.floor(positive('sockets', args.sockets));
const RATE = positive('rate', args.rate);
const SECONDS = positive('seconds', args.seconds);
/** Seconds per turn of a stack within a round (see runRounds). */
const SLICE_S = positive('slice', args.slice);
const WORKERS = Math.floor(positive('workers', args.workers ?? (SOCKETS > 5_000 ? '2' : '1')));
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
  : 120 + (SOCKETS * 50) / 1000 + 2 * (WARMUP + REPEATS) * (SECONDS + 20 + (Number.isFinite(QUIET_WAIT_S) ? QUIET_WAIT_S : 0));
const CONNECT_TIMEOUT_MS = 30_000;
const SERVER_NODE_ARGS = (args['server-node-args'] ?? '').split(' ').filter(Boolean);

const TARGET = { p50Ms: 3, p99Ms: 20, floorRatioP50: 1.5, rssKbPerSocket: 30, atSockets: 10_000 };

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
  /** CPU time of both server processes during the load, per update (µs): robust to a noisy machine. */
  serverCpuUsPerUpdate: number;
  latency: Quantiles;
  /** Every push latency of the load (ms); left out of the JSON file. */
  samples: number[];
  latencyByNode: Quantiles[];
  /** From just before the POST to the event's copy on the Redis channel (a tap in the bench process). */
  toRedis: Quantiles;
  /** Node B's sockets: from the copy passing through Redis (tap) to the buyer's socket — the Redis hop, B's emit, the client. */
  redisToSocketB: Quantiles;
  /** p50 of the push latency in each of the stack's slices of the round, in order: a queue shows as a rising line. */
  p50BySlice: number[];
  post: Quantiles;
  postErrors: number;
  firstPostError: string | null;
  achievedRate: number;
  expected: number;
  received: number;
  lost: number;
  duplicates: number;
  misrouted: number;
  disconnects: number;
  client: { loopMaxMs: number; loopP99Ms: number; cpuPct: number; rssMb: number }[];
  /** The whole machine during the load, in cores busy: everything, this bench's processes, the rest. */
  machine: { busyCores: number; benchCores: number; otherCores: number; loadavg1: number } | null;
}

interface PhaseResult {
  name: 'ours' | 'floor';
  connectMs: number;
  connectFailed: number;
  connectRetries: number;
  firstConnectError: string | null;
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
  totals: { expected: number; lost: number; duplicates: number; misrouted: number; disconnects: number; postErrors: number };
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
const nodeOf = (buyer: number) => buyer % 2;

function ask<T extends FromWorker['type']>(worker: ChildProcess, message: ToWorker, answer: T, timeoutMs: number): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker gave no ${answer} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (raw: unknown) => {
      const m = raw as FromWorker;
      if (m.type !== answer) return;
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolvePromise(m as Extract<FromWorker, { type: T }>);
    };
    worker.on('message', onMessage);
    worker.send(message);
  });
}

async function settledMetrics(urls: string[]): Promise<NodeMetrics[]> {
  // Idle RSS: wait until it stops moving (two reads a second apart within 1 %), at most 15 s.
  let last = await Promise.all(urls.map((u) => readMetrics(u)));
  for (let i = 0; i < 15; i++) {
    await sleep(1_000);
    const now = await Promise.all(urls.map((u) => readMetrics(u)));
    const steady = now.every((m, j) => Math.abs(m.rss - last[j]!.rss) / last[j]!.rss < 0.01);
    last = now;
    if (steady && i >= 2) break;
  }
  return last;
}

/** A stack with its sockets connected and idle-measured, ready for loads. */
interface OpenPhase {
  name: 'ours' | 'floor';
  nodes: ServerProcess[];
  workers: ChildProcess[];
  send: (u: Update) => Promise<{ status: number; text: string }>;
  setup: Omit<PhaseResult, 'loads' | 'pooled' | 'totals'>;
}

async function openPhase(
  name: 'ours' | 'floor',
  nodes: ServerProcess[],
  targets: SocketTarget[],
  send: (u: Update) => Promise<{ status: number; text: string }>,
): Promise<OpenPhase> {
  const urls = nodes.map((n) => n.url);
  log(`${name}: nodes up (${urls.join(', ')}); idle RSS before sockets…`);
  const before = await settledMetrics(urls);

  const workers = Array.from({ length: WORKERS }, () => forkWorker(join(ROOT, 'bench/push/client-worker.ts'), ROOT));
  log(`${name}: connecting ${targets.length} sockets over ${WORKERS} worker(s), ${BATCH} handshakes at a time each…`);
  const shares = workers.map((_, w) => targets.filter((_, i) => i % WORKERS === w));
  const connectTimeout = 60_000 + targets.length * 40;
  const connected = await Promise.all(
    workers.map((w, i) => ask(w, { type: 'connect', targets: shares[i]!, batch: BATCH, timeoutMs: CONNECT_TIMEOUT_MS }, 'connected', connectTimeout)),
  );
  const connectMs = Math.max(...connected.map((c) => c.ms));
  const connectFailed = connected.reduce((s, c) => s + c.failed, 0);
  log(`${name}: ${targets.length - connectFailed} connected in ${(connectMs / 1000).toFixed(1)} s (${connectFailed} failed); settling…`);

  const after = await settledMetrics(urls);
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
  const totalSockets = after.reduce((s, m) => s + m.sockets, 0);
  return {
    name,
    nodes,
    workers,
    send,
    setup: {
      name,
      connectMs,
      connectFailed,
      connectRetries: connected.reduce((s, c) => s + c.retries, 0),
      firstConnectError: connected.find((c) => c.firstError)?.firstError ?? null,
      idle: { before, after },
      rssKbPerSocket: after.map((m, i) => (m.rss - before[i]!.rss) / 1024 / Math.max(1, m.sockets)),
      rssKbPerSocketAll: after.reduce((s, m, i) => s + m.rss - before[i]!.rss, 0) / 1024 / Math.max(1, totalSockets),
      heapKbPerSocketAll: after.reduce((s, m, i) => s + m.heapUsed - before[i]!.heapUsed, 0) / 1024 / Math.max(1, totalSockets),
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
  for (const p of phases) for (const w of p.workers) w.send({ type: 'record' } satisfies ToWorker);
  const tap = await tapRedis(redisUrl);
  await Promise.all(phases.flatMap((p) => p.nodes.map((n) => readMetrics(n.url))));
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
    await Promise.all(legs.map((leg) => drain(leg.phase.workers, updates.length - leg.failedKeys.size)));
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
    const counts = await Promise.all(workers.map((w) => ask(w, { type: 'count' }, 'count', 5_000)));
    const received = counts.reduce((s, c) => s + c.received, 0);
    if (received >= expected) return;
    if (received !== lastCount) {
      lastCount = received;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 5_000) return;
    await sleep(100);
  }
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
  const loop = await Promise.all(phase.nodes.map((n) => readMetrics(n.url)));
  const cpuAfter = phase.nodes.map((n) => cpuSecondsOf(n.child.pid));
  const collected = await Promise.all(phase.workers.map((w) => ask(w, { type: 'collect' }, 'events', 30_000)));
  const expected = sentAt.size - failedKeys.size;

  const latency: number[] = [];
  const byNode: number[][] = [[], []];
  const bySlice: number[][] = Array.from({ length: slices }, () => []);
  const toRedis: number[] = [];
  const redisToSocketB: number[] = [];
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
      if (node === 1 && tapped !== undefined) redisToSocketB.push((c.times[i]! - tapped) / 1e6);
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
    redisToSocketB: quantiles(redisToSocketB),
    p50BySlice: bySlice.map((v) => quantiles(v).p50),
    post: quantiles(leg.postMs),
    postErrors: leg.postErrors,
    firstPostError: leg.firstPostError,
    achievedRate: sentAt.size / activeS,
    expected,
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
    // Ours carries the domain's event ({event: {order: {orderId, version}}}), the floor the socket body.
    const envelope = JSON.parse(message) as { event?: { order?: { orderId?: number; version?: number } }; payload?: StatusIds };
    const order = envelope.event?.order;
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

function report(ours: PhaseResult, floor: PhaseResult | null): { text: string; verdicts: { name: string; pass: boolean; detail: string }[] } {
  const lines: string[] = [];
  const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const w = [38, 11, 11, 10];
  lines.push('');
  lines.push(`Push bench — ${SOCKETS} sockets (${Math.ceil(SOCKETS / 2)}/${Math.floor(SOCKETS / 2)} on nodes A/B, 2 nodes + Redis), ${RATE} updates/s for ${SECONDS} s through node A`);
  lines.push(
    `machine: ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}; database in ${args['db-dir'] ?? tmpdir()}; ` +
      `client: ${WORKERS} worker process(es)`,
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
  cmp('  p50, sockets on node A (local)', o.latencyByNode[0]!.p50, fl?.latencyByNode[0]!.p50);
  cmp('  p99, sockets on node A (local)', o.latencyByNode[0]!.p99, fl?.latencyByNode[0]!.p99);
  cmp('  p50, sockets on node B (via Redis)', o.latencyByNode[1]!.p50, fl?.latencyByNode[1]!.p50);
  cmp('  p99, sockets on node B (via Redis)', o.latencyByNode[1]!.p99, fl?.latencyByNode[1]!.p99);
  cmp('POST sent → copy on Redis p50 (ms)', o.toRedis.p50, fl?.toRedis.p50);
  cmp('POST sent → copy on Redis p99 (ms)', o.toRedis.p99, fl?.toRedis.p99);
  cmp('copy on Redis → socket on B p50 (ms)', o.redisToSocketB.p50, fl?.redisToSocketB.p50);
  cmp('copy on Redis → socket on B p99 (ms)', o.redisToSocketB.p99, fl?.redisToSocketB.p99);
  cmp('POST round trip p50 (ms)', o.post.p50, fl?.post.p50);
  cmp('POST round trip p99 (ms)', o.post.p99, fl?.post.p99);
  cmp('achieved rate (updates/s)', o.achievedRate, fl?.achievedRate, 0);
  cmp('max event-loop lag node A (ms)', o.loop[0]!.loopMaxMs, fl?.loop[0]!.loopMaxMs);
  cmp('max event-loop lag node B (ms)', o.loop[1]!.loopMaxMs, fl?.loop[1]!.loopMaxMs);
  cmp('server CPU node A (% of a core)', o.serverCpuPct[0] ?? NaN, fl?.serverCpuPct[0] ?? undefined, 0);
  cmp('server CPU node B (% of a core)', o.serverCpuPct[1] ?? NaN, fl?.serverCpuPct[1] ?? undefined, 0);
  cmp('server CPU idle with sockets, A (%)', ours.idleCpuPct[0]!, floor?.idleCpuPct[0], 1);
  cmp('server CPU idle with sockets, B (%)', ours.idleCpuPct[1]!, floor?.idleCpuPct[1], 1);
  cmp('server CPU per update, A+B (µs)', o.serverCpuUsPerUpdate, fl?.serverCpuUsPerUpdate, 0);
  cmp('RSS idle, 0 sockets, node A (MB)', ours.idle.before[0]!.rss / 2 ** 20, floor ? floor.idle.before[0]!.rss / 2 ** 20 : undefined, 0);
  cmp(`RSS idle, ${Math.ceil(SOCKETS / 2)} sockets, node A (MB)`, ours.idle.after[0]!.rss / 2 ** 20, floor ? floor.idle.after[0]!.rss / 2 ** 20 : undefined, 0);
  cmp('RSS per idle socket node A (KB)', ours.rssKbPerSocket[0]!, floor?.rssKbPerSocket[0]);
  cmp('RSS per idle socket node B (KB)', ours.rssKbPerSocket[1]!, floor?.rssKbPerSocket[1]);
  cmp('RSS per idle socket, both (KB)', ours.rssKbPerSocketAll, floor?.rssKbPerSocketAll);
  cmp('heap per idle socket, both (KB)', ours.heapKbPerSocketAll, floor?.heapKbPerSocketAll);
  cmp('connect + watch all sockets (s)', ours.connectMs / 1000, floor ? floor.connectMs / 1000 : undefined);
  cmp('events expected (all loads)', ours.totals.expected, floor?.totals.expected, 0);
  cmp('events lost (all loads)', ours.totals.lost, floor?.totals.lost, 0);
  cmp('duplicates / misrouted (all loads)', ours.totals.duplicates + ours.totals.misrouted, floor ? floor.totals.duplicates + floor.totals.misrouted : undefined, 0);
  cmp('socket disconnects during loads', ours.totals.disconnects, floor?.totals.disconnects, 0);
  cmp('connect failures', ours.connectFailed, floor?.connectFailed, 0);
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
  if (ours.firstConnectError) lines.push(`first connect error (ours, ${ours.connectRetries} retries): ${ours.firstConnectError}`);
  if (floor?.firstConnectError) lines.push(`first connect error (floor, ${floor.connectRetries} retries): ${floor.firstConnectError}`);

  const atScale = SOCKETS >= TARGET.atSockets ? '' : ` (target set at ${TARGET.atSockets} sockets; this run: ${SOCKETS})`;
  const t = ours.totals;
  const verdicts = [
    { name: `p50 ≤ ${TARGET.p50Ms} ms (all rounds)${atScale}`, pass: po.p50 <= TARGET.p50Ms, detail: `${f(po.p50, 2)} ms` },
    { name: `p99 ≤ ${TARGET.p99Ms} ms (all rounds)${atScale}`, pass: po.p99 <= TARGET.p99Ms, detail: `${f(po.p99, 2)} ms` },
    {
      name: `p50 ≤ ${TARGET.floorRatioP50}× floor${REPEATS > 1 ? ' (median of the rounds)' : ''}`,
      pass: fl !== undefined && ratio <= TARGET.floorRatioP50,
      detail: fl ? `${f(ratio, 2)}× (all rounds pooled: ${f(po.p50, 2)} vs ${f(pf?.p50 ?? NaN, 2)} ms)` : 'floor skipped',
    },
    {
      name: `RSS ≤ ${TARGET.rssKbPerSocket} KB per idle socket`,
      pass: ours.rssKbPerSocketAll <= TARGET.rssKbPerSocket,
      detail: `${f(ours.rssKbPerSocketAll)} KB (A ${f(ours.rssKbPerSocket[0]!)}, B ${f(ours.rssKbPerSocket[1]!)})`,
    },
    {
      name: 'no event lost (none duplicated or misrouted)',
      pass: t.lost === 0 && t.duplicates === 0 && t.misrouted === 0 && ours.connectFailed === 0 && t.expected > 0,
      detail: `lost ${t.lost} of ${t.expected}, dup ${t.duplicates}, misrouted ${t.misrouted}, connect failures ${ours.connectFailed}`,
    },
  ];
  lines.push('');
  for (const v of verdicts) lines.push(`${v.pass ? 'PASS' : 'MISS'}  ${v.name.padEnd(62)} ${v.detail}`);
  lines.push('');
  return { text: lines.join('\n'), verdicts };
}

async function main(): Promise<void> {
  installCleanup(HARD_LIMIT_S * 1000);
  log(`push bench: ${SOCKETS} sockets, ${RATE}/s × ${SECONDS} s = ${UPDATES} updates, ${WORKERS} client worker(s); hard limit ${Math.round(HARD_LIMIT_S)} s`);
  const dir = mkdtempSync(join(args['db-dir'] ?? tmpdir(), 'orderpulse-push-'));
  // Also on the hard-limit and signal paths, which leave through process.exit.
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const redis = await startRedis();
  redisPid = redis.pid;
  try {
    const database = join(dir, 'push.db');
    const t = Date.now();
    const seeded = await seedDatabase(database, SOCKETS, SELLERS);
    seeded.buyers.forEach((b, i) => orderIndex.set(b.orderId, i));
    log(`seeded ${SOCKETS} buyers, orders and sessions + ${SELLERS} sellers in ${Date.now() - t} ms (${redis.url})`);
    const updates = plan(seeded);

    // Ours: two OrderPulse nodes on one SQLite file and one Redis.
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: database,
      REDIS_URL: redis.url,
      DEMO_DATA: 'off',
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      WEB_DIST: '/nonexistent',
    };
    const stacks: { phase: OpenPhase; nodes: ServerProcess[] }[] = [];
    try {
      // Ours: two OrderPulse nodes on one SQLite file and one Redis.
      const ourNodes = [
        await startServerProcess('node A', 'server/main.ts', env, ROOT, SERVER_NODE_ARGS),
        await startServerProcess('node B', 'server/main.ts', env, ROOT, SERVER_NODE_ARGS),
      ];
      const endpoint = new URL('/seller/update-order-status', ourNodes[0]!.url);
      const cookies = seeded.sellers.map((s) => `op_session=${s.token}`);
      const ourTargets = seeded.buyers.map((b, i) => ({
        url: ourNodes[nodeOf(i)]!.url,
        orderId: b.orderId,
        cookie: `op_session=${b.token}`,
        room: null,
        watch: true,
      }));
      stacks.push({
        nodes: ourNodes,
        phase: await openPhase('ours', ourNodes, ourTargets, (u) =>
          postJson(endpoint, JSON.stringify({ order_id: u.orderId, new_status: u.status }), {
            cookie: cookies[seeded.buyers[u.buyer]!.sellerIndex]!,
          }),
        ),
      });

      // The floor: the same sockets, rate and measurement on bare Socket.IO + ioredis, up at the same time.
      if (!args['skip-floor']) {
        const floorEnv = { PORT: '0', HOST: '127.0.0.1', REDIS_URL: redis.url, NODE_ENV: 'test' };
        const floorNodes = [
          await startServerProcess('floor A', 'bench/push/floor-server.ts', floorEnv, ROOT),
          await startServerProcess('floor B', 'bench/push/floor-server.ts', floorEnv, ROOT),
        ];
        const floorEndpoint = new URL('/publish', floorNodes[0]!.url);
        const updatedAt = new Date().toISOString();
        const floorTargets = seeded.buyers.map((b, i) => ({
          url: floorNodes[nodeOf(i)]!.url,
          orderId: b.orderId,
          cookie: null,
          room: `order:${b.orderId}`,
          watch: false,
        }));
        stacks.push({
          nodes: floorNodes,
          phase: await openPhase('floor', floorNodes, floorTargets, (u) =>
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
        });
      }

      const loads = await runRounds(stacks.map((s) => s.phase), updates, redis.url);
      const results = await Promise.all(stacks.map((s) => closePhase(s.phase, loads.get(s.phase)!)));
      const ours = results[0]!;
      const floor = results[1] ?? null;
      const { text, verdicts } = report(ours, floor);
      process.stdout.write(text + '\n');
      if (args.json) {
        writeFileSync(
          args.json,
          JSON.stringify({ sockets: SOCKETS, rate: RATE, seconds: SECONDS, workers: WORKERS, node: process.version, cores: cpus().length, date: new Date().toISOString(), ours, floor, verdicts }, (name, value: unknown) => (name === 'samples' ? undefined : value), 2),
        );
      }
    } finally {
      await Promise.all(stacks.flatMap((s) => s.nodes.map((n) => n.stop())));
    }
  } finally {
    closeAgent();
    await redis.stop();
    killAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`push bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    killAll();
    process.exit(1);
  },
);
