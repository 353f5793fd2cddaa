/**
 * A load-generator process of the push bench: opens its share of the Socket.IO clients, all
 * from its own loopback source address (so its ephemeral ports are its own), and reports
 * the sockets it could not open instead of failing; while recording it notes, per
 * order:status received, the ids and a CLOCK_MONOTONIC
 * timestamp (process.hrtime is system-wide on Linux, so the parent can subtract its own
 * send times). Nothing else runs per event: all arithmetic happens in the parent afterwards.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, WatchAck } from '../../server/contract/api.js';
import type { ConnectError, FromWorker, SocketTarget, ToWorker } from './protocol.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const sockets: ClientSocket[] = [];
let recording = false;
let disconnects = 0;
const orderIds: number[] = [];
const versions: number[] = [];
const socketOrderIds: number[] = [];
const times: number[] = [];
const loop = monitorEventLoopDelay({ resolution: 10 });
let cpuAtRecord = process.cpuUsage();

function send(message: FromWorker): void {
  process.send?.(message);
}

function open(target: SocketTarget, timeoutMs: number, localAddress: string): Promise<ClientSocket> {
  const socket: ClientSocket = connect(target.url, {
    path: '/socket.io',
    transports: ['websocket'],
    // engine.io-client hands `localAddress` to ws, which binds the socket to it (Node only).
    transportOptions: { websocket: { localAddress } },
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
    ...(target.cookie ? { extraHeaders: { cookie: target.cookie } } : {}),
    ...(target.room ? { query: { room: target.room } } : {}),
  });
  const expectedOrder = target.orderId;
  socket.on('order:status', (event) => {
    const t = process.hrtime.bigint();
    if (!recording) return;
    times.push(Number(t));
    orderIds.push(event.order_id);
    versions.push(event.version);
    socketOrderIds.push(expectedOrder);
  });
  return new Promise<ClientSocket>((resolve, reject) => {
    const fail = (err: Error) => {
      socket.removeAllListeners('disconnect');
      socket.disconnect();
      reject(err);
    };
    socket.once('connect_error', fail);
    socket.once('connect', () => {
      socket.off('connect_error', fail);
      socket.on('disconnect', () => {
        if (recording) disconnects++;
      });
      if (!target.watch) return resolve(socket);
      socket
        .timeout(timeoutMs)
        .emitWithAck('order:watch', { order_id: target.orderId })
        .then((ack: WatchAck) => {
          if (ack.ok) resolve(socket);
          else fail(new Error(`order:watch refused: ${ack.error}`));
        })
        .catch((err: unknown) => fail(err instanceof Error ? err : new Error(String(err))));
    });
  });
}

/** engine.io's "websocket error" carries the cause (ECONNREFUSED, EADDRNOTAVAIL, …) in `description`. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause: unknown = 'description' in err ? err.description : undefined;
  const detail = typeof cause === 'object' && cause !== null && 'message' in cause && typeof cause.message === 'string' ? cause.message : '';
  return detail && detail !== err.message ? `${err.message} (${detail})` : err.message;
}

/** Distinct error messages kept per worker (each with its count). */
const MAX_ERRORS = 5;
/**
 * After this many sockets in a row to one node failed (each after its retries), the worker
 * stops trying that node and counts its remaining sockets as failed: a node out of file
 * descriptors or gone would otherwise cost every remaining socket three connect timeouts.
 */
const GIVE_UP_AFTER = 400;
const PROGRESS_EVERY_MS = 5_000;

async function connectAll(targets: SocketTarget[], batch: number, timeoutMs: number, localAddress: string): Promise<FromWorker> {
  const started = Date.now();
  let retries = 0;
  const errors = new Map<string, number>();
  const failedOrderIds: number[] = [];
  const failingInARow = new Map<string, number>();
  // The give-up message is always kept: it explains every socket after it.
  const note = (message: string, always = false) => {
    if (always || errors.has(message) || errors.size < MAX_ERRORS) errors.set(message, (errors.get(message) ?? 0) + 1);
  };
  const progress = setInterval(() => send({ type: 'progress', ok: sockets.length, failed: failedOrderIds.length }), PROGRESS_EVERY_MS);
  for (let i = 0; i < targets.length; i += batch) {
    await Promise.all(
      targets.slice(i, i + batch).map(async (target) => {
        const inARow = failingInARow.get(target.url) ?? 0;
        if (inARow >= GIVE_UP_AFTER) {
          note(`not tried: the last ${GIVE_UP_AFTER} sockets to ${target.url} failed`, true);
          failedOrderIds.push(target.orderId);
          return;
        }
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            sockets.push(await open(target, timeoutMs, localAddress));
            failingInARow.set(target.url, 0);
            return;
          } catch (err) {
            note(`${target.url}: ${describe(err)}`);
            if (attempt < 2) retries++;
          }
        }
        failingInARow.set(target.url, (failingInARow.get(target.url) ?? 0) + 1);
        failedOrderIds.push(target.orderId);
      }),
    );
  }
  clearInterval(progress);
  const list: ConnectError[] = [...errors].map(([message, count]) => ({ message, count }));
  return { type: 'connected', ok: sockets.length, failed: failedOrderIds.length, retries, errors: list, failedOrderIds, ms: Date.now() - started };
}

process.on('message', (raw: unknown) => {
  const message = raw as ToWorker;
  switch (message.type) {
    case 'connect':
      void connectAll(message.targets, message.batch, message.timeoutMs, message.localAddress).then(send);
      break;
    case 'record':
      recording = true;
      loop.reset();
      loop.enable();
      cpuAtRecord = process.cpuUsage();
      break;
    case 'count':
      send({ type: 'count', received: times.length, disconnects });
      break;
    case 'collect': {
      recording = false;
      loop.disable();
      const cpu = process.cpuUsage(cpuAtRecord);
      send({
        type: 'events',
        orderIds,
        versions,
        socketOrderIds,
        times,
        disconnects,
        loopMaxMs: loop.max / 1e6,
        loopP99Ms: loop.percentile(99) / 1e6,
        cpuMs: (cpu.user + cpu.system) / 1000,
        rssBytes: process.memoryUsage().rss,
      });
      // The next load starts from empty.
      for (const list of [orderIds, versions, socketOrderIds, times]) list.length = 0;
      disconnects = 0;
      break;
    }
    case 'close':
      for (const s of sockets) s.disconnect();
      setTimeout(() => process.exit(0), 200);
      break;
  }
});

process.on('disconnect', () => process.exit(0));
