/**
 * Throw-away PostgreSQL databases for tests: one per caller (a test file, usually), created
 * on the machine's server and dropped afterwards. When the server cannot be reached the
 * tests fail with a message saying how to start it; they are never skipped.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests use: the machine's own, as `postgres` with trust auth. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** A URL for openPostgresStore (the database is empty: no tables until a store migrates it). */
  url: string;
  name: string;
  /** Runs one statement on the test database (for assertions a port cannot make). */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Empties every table of the migrated schema (ids start again at 1); the migrations stay recorded. */
  emptyTables(): Promise<void>;
  /** Drops the database, ending whatever connections are still open to it. */
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `orderpulse_t_${randomBytes(6).toString('hex')}`;
  await onServer((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    query: (text, values) => connected(url.toString(), async (client) => (await client.query(text, values)).rows),
    emptyTables: () =>
      connected(url.toString(), async (client) => {
        const { rows } = await client.query<{ name: string }>(`SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`);
        if (rows.length > 0) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
      }),
    // WITH (FORCE) terminates the other connections first (PostgreSQL 13+).
    drop: () => onServer((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

const onServer = <T>(work: (admin: pg.Client) => Promise<T>) => connected(TEST_POSTGRES_URL, work);

async function connected<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined); // the connect error below is the one that matters
    const cause = error instanceof AggregateError ? error.errors.map(String).join('; ') : String(error);
    throw new Error(
      `PostgreSQL is not reachable at ${url} (${cause}). ` +
        'Start the machine’s server with `pg_ctlcluster 15 main start` (or set TEST_POSTGRES_URL).',
      { cause: error },
    );
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
