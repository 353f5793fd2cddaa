/**
 * Which store the API, socket and multi-node tests run their nodes on: TEST_STORE=sqlite (the
 * default) or TEST_STORE=postgres. vitest.config.ts runs those suites once with each. Every
 * caller gets a new, empty database of its own: a SQLite file in a temp folder, or a
 * throw-away database on the machine's PostgreSQL server — when that server cannot be reached
 * the caller fails with a message saying so, never falling back to SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from './postgres.js';

export type TestStoreKind = 'sqlite' | 'postgres';

export function testStoreKind(value = process.env.TEST_STORE): TestStoreKind {
  if (value === undefined || value === '' || value === 'sqlite') return 'sqlite';
  if (value === 'postgres') return 'postgres';
  throw new Error(`TEST_STORE=${JSON.stringify(value)} names no store: use "sqlite" (the default) or "postgres"`);
}

export interface TestStoreUrl {
  /** A DATABASE_URL for the node(s); nothing in it yet (the first node migrates it). */
  url: string;
  /** Removes the database. Stop the nodes on it first (PostgreSQL ends their connections anyway). */
  drop(): Promise<void>;
}

export async function createTestStoreUrl(kind: TestStoreKind = testStoreKind()): Promise<TestStoreUrl> {
  if (kind === 'postgres') {
    const database = await createTestDatabase();
    return { url: database.url, drop: () => database.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'orderpulse-db-'));
  return { url: join(dir, 'test.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
