/**
 * Opening the PostgreSQL store: the pool, the migrations (once, however many nodes start
 * together), and the repositories over them.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { StoreUnavailableError, type Store } from '../store.js';
import { PgDatabase, pgTypes, type PgTransaction } from './pg-database.js';
import { PgCartRepository } from './repositories/cart-repository.js';
import { PgEventLog } from './repositories/event-log-repository.js';
import { PgOrderRepository } from './repositories/order-repository.js';
import { PgReturnRepository } from './repositories/return-repository.js';
import { PgProductRepository } from './repositories/product-repository.js';
import { PgRateLimitRepository } from './repositories/rate-limit-repository.js';
import { PgSessionRepository } from './repositories/session-repository.js';
import { PgUserRepository } from './repositories/user-repository.js';
import { PgWebhookRepository } from './repositories/webhook-repository.js';
import { PgMailOutbox } from './repositories/mail-outbox.js';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** drizzle-kit's bookkeeping table, kept as drizzle's own migrator lays it out. */
export const MIGRATIONS_TABLE = '"drizzle"."__drizzle_migrations"';

/**
 * The advisory lock the migrating node holds (any fixed 64-bit key; this one spells "OPMIGRAT").
 * Nodes starting together queue on it; each then sees what the one before it committed.
 */
const MIGRATION_LOCK_KEY = '5715152904257683796'; // 0x4f504d4947524154 (PostgreSQL 15 reads no hex literals)

/** How long start-up waits for the server before it gives up with a clear error. */
const CONNECT_TIMEOUT_MS = 5_000;
/** health() answers false when `SELECT 1` takes longer than this. */
const HEALTH_TIMEOUT_MS = 1_000;

export interface PostgresStoreLogger {
  info(o: object, m?: string): void;
  warn(o: object, m?: string): void;
  error(o: object, m?: string): void;
}

export interface PostgresStoreOptions {
  logger?: PostgresStoreLogger;
  /** Connections in this node's pool (default 10), besides the one its placement batches take. */
  poolSize?: number;
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const config: pg.PoolConfig = { connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, types: pgTypes(), application_name: 'orderpulse' };
  const pool = new pg.Pool({ ...config, max: options.poolSize ?? 10 });
  // One more connection, pipelined, for the batches of placements (one in flight per node).
  const batches = new pg.Pool({ ...config, max: 1, pipeline: true });
  const close = () => Promise.all([pool.end(), batches.end()]).then(() => undefined);
  // An idle connection that breaks (server restart, network) is reported here and replaced on
  // the next checkout; without a listener it would crash the process.
  for (const p of [pool, batches]) p.on('error', (error) => options.logger?.warn({ err: error }, 'PostgreSQL connection lost'));
  try {
    (await pool.connect()).release();
  } catch (error) {
    await close();
    throw new StoreUnavailableError(describeOpenFailure(url, error), { cause: error });
  }
  const db = new PgDatabase(pool, batches);
  try {
    const applied = await db.transaction(migrate);
    if (applied.length > 0) options.logger?.info({ migrations: applied }, 'PostgreSQL migrations applied');
  } catch (error) {
    await close();
    throw error;
  }
  return {
    kind: 'postgres',
    repositories: {
      users: new PgUserRepository(db),
      sessions: new PgSessionRepository(db),
      rateLimits: new PgRateLimitRepository(db),
      products: new PgProductRepository(db),
      carts: new PgCartRepository(db),
      orders: new PgOrderRepository(db),
      returns: new PgReturnRepository(db),
      events: new PgEventLog(db),
      webhooks: new PgWebhookRepository(db),
      mails: new PgMailOutbox(db),
    },
    health: () => answersWithin(pool, HEALTH_TIMEOUT_MS),
    isEmpty: async () => (await db.row<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM users) AS empty`))?.empty ?? true,
    demoSeed: {
      completedAt: async () =>
        (await db.row<{ completedAt: number }>(`SELECT completed_at AS "completedAt" FROM demo_seed WHERE id = 1`))?.completedAt ?? null,
      markCompleted: async (at) => void (await db.run(`INSERT INTO demo_seed (id, completed_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [at])),
      hasAccountsBeyond: async (emails) =>
        (await db.row<{ beyond: boolean }>(`SELECT EXISTS (SELECT 1 FROM users WHERE NOT (email = ANY($1::text[]))) AS beyond`, [emails]))?.beyond ?? false,
    },
    close,
  };
}

/**
 * Applies the committed migrations that are missing, and records them, in one transaction
 * under an advisory lock (PostgreSQL's DDL is transactional: a failed migration leaves nothing
 * behind). Returns the journal times (`when`) of those it applied.
 */
export async function migrate(tx: PgTransaction): Promise<number[]> {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });
  // Released by COMMIT or ROLLBACK, so a node that dies mid-migration frees it too.
  await tx.run(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
  await tx.run('CREATE SCHEMA IF NOT EXISTS "drizzle"');
  await tx.run(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
  const last = await tx.row<{ createdAt: number }>(`SELECT created_at AS "createdAt" FROM ${MIGRATIONS_TABLE} ORDER BY created_at DESC LIMIT 1`);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (last && last.createdAt >= migration.folderMillis) continue;
    for (const sql of migration.sql) if (sql.trim()) await tx.run(sql);
    await tx.run(`INSERT INTO ${MIGRATIONS_TABLE} (hash, created_at) VALUES ($1, $2)`, [migration.hash, migration.folderMillis]);
    applied.push(migration.folderMillis);
  }
  return applied;
}

async function answersWithin(pool: pg.Pool, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([pool.query('SELECT 1').then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One line naming the server and the cause, never the password: the caller prints it and
 * exits. The host and port are pg's own reading of the URL (defaults and environment included).
 */
export function describeOpenFailure(url: string, error: unknown): string {
  let where = 'the server in DATABASE_URL';
  let password: string | null = null;
  try {
    const client = new pg.Client({ connectionString: url });
    where = `${client.host}:${client.port}${client.database ? `/${client.database}` : ''}`;
    password = typeof client.password === 'string' && client.password ? client.password : null;
  } catch {
    // A URL pg cannot even parse: name no server rather than echo the URL (it may hold a password).
  }
  let line = `PostgreSQL at ${where} cannot be used: ${causeOf(error)}`.replace(/\s+/g, ' ').trim();
  if (password) line = line.replaceAll(password, '***');
  return line;
}

function causeOf(error: unknown): string {
  // Connecting to a name with several addresses (localhost: ::1 and 127.0.0.1) fails with an
  // AggregateError whose own message is empty.
  if (error instanceof AggregateError && !error.message) return error.errors.map(causeOf).join('; ');
  if (error instanceof Error) return error.message || ('code' in error ? String(error.code) : error.name);
  return String(error);
}
