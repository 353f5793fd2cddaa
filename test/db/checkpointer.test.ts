/**
 * Background WAL checkpoints: while the worker runs, the serving connection never
 * checkpoints, yet committed pages still reach the database file; if the worker fails, the
 * connection checkpoints by itself again.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startCheckpointer, type Checkpointer } from '../../db/sqlite/checkpointer.js';
import { eventually } from '../support/socket-client.js';

let dir: string;
let sqlite: Database.Database;
let checkpointer: Checkpointer | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orderpulse-checkpoint-'));
  sqlite = new Database(join(dir, 'x.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
});
afterEach(async () => {
  await checkpointer?.stop();
  checkpointer = null;
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

const autoCheckpoint = () => sqlite.pragma('wal_autocheckpoint', { simple: true });
const databaseFileBytes = () => statSync(join(dir, 'x.db')).size;

it('moves committed pages into the database file while the serving connection never checkpoints', async () => {
  checkpointer = startCheckpointer(sqlite, { intervalMs: 20 });
  expect(autoCheckpoint()).toBe(0);
  const before = databaseFileBytes();
  const insert = sqlite.prepare('INSERT INTO t (body) VALUES (?)');
  // About 2,000 pages: twice the threshold at which the connection would have checkpointed.
  for (let i = 0; i < 2_000; i++) sqlite.transaction(() => insert.run('x'.repeat(4_000)))();
  await eventually(() => databaseFileBytes() > before + 4_000_000, 'the rows reach the database file', 5_000);
  expect(autoCheckpoint()).toBe(0);

  await checkpointer.stop();
  checkpointer = null;
  expect(autoCheckpoint()).toBe(1000);
});

it('keeps the WAL from growing without end under a steady stream of writes', async () => {
  checkpointer = startCheckpointer(sqlite, { intervalMs: 10, restartAfterPages: 200 });
  const insert = sqlite.prepare('INSERT INTO t (body) VALUES (?)');
  // Commits back to back, as a saturated server makes them: a PASSIVE checkpoint alone never
  // catches up with the last frame, so the WAL would never start over (each commit appends two
  // pages or so; without the RESTART the WAL holds all of them). Writes until the WAL is clearly
  // smaller than what was appended to it, for at most 10 s: a busy machine may keep the worker
  // off the CPU for a while, but not for ever.
  const walPages = () => statSync(join(dir, 'x.db-wal')).size / 4096;
  let commits = 0;
  for (const end = Date.now() + 10_000; Date.now() < end; commits++) {
    sqlite.transaction(() => insert.run('x'.repeat(1_000)))();
    await new Promise((r) => setImmediate(r));
    if (commits >= 1_000 && commits % 100 === 0 && walPages() < commits / 4) break;
  }
  expect(walPages(), `WAL of ${Math.round(walPages())} pages after ${commits} commits`).toBeLessThan(commits / 4);
});

it('lets the serving connection checkpoint again when the worker fails', async () => {
  // The worker opens the database by its path; with the file unlinked under the open
  // connection, it fails at once.
  rmSync(join(dir, 'x.db'));
  const errors: unknown[] = [];
  const failing = startCheckpointer(sqlite, { intervalMs: 20, onError: (error) => errors.push(error) });
  await eventually(() => errors.length === 1, 'the failure is reported', 5_000);
  expect(autoCheckpoint()).toBe(1000);
  await failing.stop();
});
