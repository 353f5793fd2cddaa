/** A throw-away PostgreSQL database for a bench run, dropped at its end. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export async function throwAwayPostgres(serverUrl = 'postgres://postgres@127.0.0.1:5432/postgres'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `orderpulse_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
