/**
 * A real OrderPulse node for tests: its own SQLite file in a temp folder, port 0,
 * the real HTTP stack, and a read-only DbInspector on that file. In-process, so a test
 * file starts one in milliseconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type DestinationStream } from 'pino';
import { loadConfig, type Config } from '../../server/config.js';
import { startServer, type RunningServer, type StartOptions } from '../../server/app-server.js';
import { sqlitePath } from '../../db/sqlite/sqlite.js';
import { DbInspector } from './db-inspector.js';

export interface TestServer extends RunningServer {
  dir: string;
  databasePath: string;
  /** What the requests wrote, read straight from the file. */
  db: DbInspector;
  /** Closes the inspector and the node, and deletes the folder. */
  stop(): Promise<void>;
}

export interface TestServerOptions extends StartOptions {
  /** Adjusts the parsed configuration (e.g. short session lifetimes). */
  tune?: (config: Config) => void;
  /** Where the node's log lines go (as JSON lines), for tests that read them; LOG_LEVEL still applies. */
  logTo?: DestinationStream;
}

export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'orderpulse-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'test.db'),
    DEMO_DATA: 'off',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_LOGIN: '1000/1m',
    RATE_LIMIT_LOGIN_ADDRESS: '100000/1m',
    RATE_LIMIT_REGISTER: '100000/1h',
    WEB_DIST: join(dir, 'no-web-build'),
    ...env,
  });
  options.tune?.(config);
  // The file the node opened: the temp one, or the one `env` named.
  const databasePath = sqlitePath(config.databaseUrl);
  const logger = options.logTo ? pino({ level: config.logLevel }, options.logTo) : pino({ level: config.logLevel });
  const server = await startServer(config, logger, options);
  const db = new DbInspector(databasePath);
  return {
    ...server,
    dir,
    databasePath,
    db,
    stop: async () => {
      db.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
