/**
 * Opening the SQLite database: pragmas, migrations, and the drizzle handle.
 * better-sqlite3 is synchronous; every write transaction in db/repositories runs as
 * BEGIN IMMEDIATE so that a second process waits for the write lock (busy_timeout)
 * instead of failing with SQLITE_BUSY half-way through.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as schema from './schema.js';

/** drizzle over better-sqlite3; `$client` is the connection itself (prepared transactions). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface SqliteHandle {
  sqlite: Database.Database;
  db: Db;
  close(): void;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Accepts a plain path, `:memory:`, or a `file:`/`sqlite:` URL. */
export function sqlitePath(url: string): string {
  if (url === ':memory:') return url;
  const stripped = url.replace(/^(sqlite|file):(\/\/)?/, '');
  return stripped || ':memory:';
}

export function openDatabase(url: string, options: { migrate?: boolean } = {}): SqliteHandle {
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  if (options.migrate ?? true) migrateDatabase(sqlite);
  return { sqlite, db, close: () => sqlite.close() };
}

/**
 * How long a starting node waits for the write lock to migrate. Nodes started together queue
 * behind the one that migrates, and a migration that rebuilds a table on a large file takes
 * longer than a request's busy_timeout.
 */
export const MIGRATION_WAIT_MS = 120_000;

/**
 * Applies drizzle-kit's migrations, keeping its bookkeeping table. drizzle's own migrator
 * reads that table before it takes the write lock, so two nodes starting together could
 * both try to apply the same migration; here the check and the changes share one
 * BEGIN IMMEDIATE transaction, waited for up to `waitMs`.
 */
export function migrateDatabase(sqlite: Database.Database, waitMs = MIGRATION_WAIT_MS): void {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });
  const busyTimeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(waitMs))}`);
  try {
    sqlite.exec(
      'CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)',
    );
    const latest = sqlite.prepare<[], { created_at: number }>(
      'SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1',
    );
    const record = sqlite.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)');
    sqlite
      .transaction(() => {
        const last = latest.get();
        for (const migration of migrations) {
          if (last && Number(last.created_at) >= migration.folderMillis) continue;
          for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement);
          record.run(migration.hash, migration.folderMillis);
        }
      })
      .immediate();
  } finally {
    sqlite.pragma(`busy_timeout = ${busyTimeout}`);
  }
}
