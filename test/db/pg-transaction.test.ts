/**
 * PgDatabase.transaction when its connection is lost between two statements: the transaction
 * fails with an error (no unhandled 'error' event ending the process), the connection is not
 * reused, and the next transaction works.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { PgDatabase, pgTypes } from '../../db/postgres/pg-database.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let database: TestDatabase;
let pool: pg.Pool;
let batches: pg.Pool;
const idleErrors: Error[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2, types: pgTypes() });
  batches = new pg.Pool({ connectionString: database.url, max: 1, types: pgTypes() });
  pool.on('error', (error) => idleErrors.push(error));
  await database.query(`CREATE TABLE t (v int)`);
});

afterAll(async () => {
  await pool.end();
  await batches.end();
  await database.drop();
  expect(idleErrors).toEqual([]);
});

it('fails the transaction whose connection was lost between statements, and the next one works', async () => {
  const db = new PgDatabase(pool, batches);
  const lost = db.transaction(async (tx) => {
    const pid = (await tx.row<{ pid: number }>('SELECT pg_backend_pid() AS pid'))?.pid;
    await database.query('SELECT pg_terminate_backend($1)', [pid]);
    // The server has closed the connection; the client hears of it while no statement runs.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await tx.run('INSERT INTO t (v) VALUES (1)');
  });
  await expect(lost).rejects.toThrow();
  await db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (2)'));
  expect(await database.query<{ v: number }>('SELECT v FROM t')).toEqual([{ v: 2 }]);
});
