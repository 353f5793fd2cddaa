/** The process: configuration, logging, one node, and a clean exit on SIGTERM/SIGINT. */
import pino from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { startServer } from './app-server.js';
import { StoreUnavailableError } from '../db/store.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const logger = pino({ level: config.logLevel, base: { pid: process.pid } });

try {
  const server = await startServer(config, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  if (err instanceof StoreUnavailableError) {
    // An operator's problem, said in one line (no stack): the database named cannot be used.
    process.stderr.write(`${err.message}\n`);
  } else {
    logger.fatal({ err }, 'failed to start');
  }
  process.exit(1);
}
