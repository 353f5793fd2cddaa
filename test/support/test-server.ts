/**
 * A real OrderPulse node for tests: port 0, the real HTTP stack, its own new database on the
 * store TEST_STORE names (test-store.ts), and a DbInspector on that database. In-process, so
 * a test file starts one in milliseconds (plus a migration on PostgreSQL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type DestinationStream } from 'pino';
import { loadConfig, type Config } from '../../server/config.js';
import { startServer, type RunningServer, type StartOptions } from '../../server/app-server.js';
import { openDbInspector, type DbInspector } from './db-inspector.js';
import { createTestStoreUrl, type TestStoreUrl } from './test-store.js';

export interface TestServer extends RunningServer {
  /** A temp folder of the node's own (files a test writes, the missing web build). */
  dir: string;
  /** The DATABASE_URL the node was started with: another node started on it shares the database. */
  databaseUrl: string;
  /** What the requests wrote, read straight from the database. */
  db: DbInspector;
  /** Closes the inspector and the node, drops the database it made, and deletes the folder. */
  stop(): Promise<void>;
}

export interface TestServerOptions extends StartOptions {
  /** Adjusts the parsed configuration (e.g. short session lifetimes). */
  tune?: (config: Config) => void;
  /** Where the node's log lines go (as JSON lines), for tests that read them; LOG_LEVEL still applies. */
  logTo?: DestinationStream;
}

/** `env.DATABASE_URL`, when given, is a database someone else made (and drops): the node only opens it. */
export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'orderpulse-test-'));
  const store: TestStoreUrl = env.DATABASE_URL ? { url: env.DATABASE_URL, drop: async () => undefined } : await createTestStoreUrl();
  const cleanUp = async () => {
    await store.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: store.url,
      DEMO_DATA: 'off',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_LOGIN: '1000/1m',
      RATE_LIMIT_LOGIN_ADDRESS: '100000/1m',
      RATE_LIMIT_REGISTER: '100000/1h',
      WEB_DIST: join(dir, 'no-web-build'),
      MAIL_DIR: join(dir, 'mail'),
      ...env,
    });
    options.tune?.(config);
    const logger = options.logTo ? pino({ level: config.logLevel }, options.logTo) : pino({ level: config.logLevel });
    const server = await startServer(config, logger, options);
    const db = await openDbInspector(config.databaseUrl);
    return {
      ...server,
      dir,
      databaseUrl: config.databaseUrl,
      db,
      stop: async () => {
        await timed('closing the inspector', () => db.close());
        await timed('stopping the node', () => server.close());
        await timed('removing the database', () => cleanUp());
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** Runs one step of a shutdown, and says so on stderr when it is slow (a hook that times out says nothing of where). */
async function timed(step: string, work: () => Promise<void>): Promise<void> {
  const started = Date.now();
  await work();
  const ms = Date.now() - started;
  if (ms > 5_000) process.stderr.write(`test server: ${step} took ${ms} ms\n`);
}
