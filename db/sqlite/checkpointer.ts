/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit
 * that crosses its threshold (1,000 pages): that request, and every one queued behind it,
 * waits while pages are copied into the database file and synced. Under a steady stream of
 * status changes that is the tail of the push latency. Here a worker thread with its own
 * connection runs a PASSIVE checkpoint (it never waits for readers or writers) every
 * `intervalMs`, and the serving connection stops checkpointing by itself while the worker
 * runs. Should the worker fail, the serving connection's automatic checkpoint comes back.
 *
 * A PASSIVE checkpoint cannot let the WAL start over while writes keep coming (the next writer
 * restarts it only once every frame is back in the database file), so under a steady write
 * load the WAL would grow without end, and every lookup in it with it. When it passes
 * `restartAfterPages`, the worker follows up with a RESTART checkpoint: it waits (a little)
 * for the writer of the moment, copies the few frames the PASSIVE one left, and the next
 * commit writes the WAL from its start again.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** How long stop() waits for the worker at each step before going on without it. */
const STOP_WAIT_MS = 2_000;

const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/** SQLite's default threshold, in WAL pages. */
const AUTO_CHECKPOINT_PAGES = 1000;

// Plain CommonJS, evaluated in the worker: no TypeScript loader needed there.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 100');
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');
setInterval(() => {
  try {
    // [busy, frames in the WAL, frames copied back]
    const { log } = passive.get();
    if (log > workerData.restartAfterPages) restart.get();
  } catch (error) {
    // SQLITE_BUSY: another connection (another node) is checkpointing, or the writer held on
    // for longer than the busy timeout; the next tick tries again.
    if (error.code !== 'SQLITE_BUSY') throw error;
  }
}, workerData.intervalMs);
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  /** WAL size (pages) above which a checkpoint also makes the WAL start over. */
  restartAfterPages?: number;
  /** The worker failed; the serving connection checkpoints by itself again. */
  onError?: (error: unknown) => void;
}

export function startCheckpointer(sqlite: Database.Database, options: CheckpointerOptions = {}): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path: sqlite.name,
      intervalMs: options.intervalMs ?? 250,
      restartAfterPages: options.restartAfterPages ?? 4 * AUTO_CHECKPOINT_PAGES,
      betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
  });
  worker.unref();
  sqlite.pragma('wal_autocheckpoint = 0');

  let stopping = false;
  const checkpointHere = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  worker.on('error', (error) => {
    checkpointHere();
    options.onError?.(error);
  });
  worker.on('exit', () => {
    if (!stopping) checkpointHere();
  });
  const online = new Promise<void>((resolve) => worker.once('online', () => resolve()));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      stopping = true;
      // A worker told to terminate while it is still starting (a node stopped right after it
      // started, on a busy machine) may never answer: let it come up first, and wait for its
      // exit a bounded time either way.
      await Promise.race([online, exited, delay(STOP_WAIT_MS)]);
      await Promise.race([worker.terminate().then(() => undefined), exited, delay(STOP_WAIT_MS)]);
      checkpointHere();
    },
  };
}
