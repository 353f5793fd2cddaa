/**
 * Starting and stopping one OrderPulse node: database, event bus, services, HTTP and
 * sockets on one port. main.ts adds the process concerns (signals, exit codes).
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server as HttpServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { startCheckpointer } from '../db/checkpointer.js';
import { openDatabase } from '../db/sqlite.js';
import { demoLoginsText, isDatabaseEmpty, seedDemoData } from '../db/seed.js';
import { createServices, type Services } from './composition.js';
import type { EventBus, PasswordHasher } from './domain/ports.js';
import { InMemoryEventBus } from './infra/in-memory-event-bus.js';
import { RedisEventBus } from './infra/redis-event-bus.js';
import { createApp, MAX_BODY_BYTES } from './http/create-app.js';
import { statusUpdateLane } from './http/status-update-lane.js';
import { createSocketGateway, type GatewayServer } from './realtime/socket-gateway.js';

export interface RunningServer {
  port: number;
  url: string;
  services: Services;
  bus: EventBus;
  io: GatewayServer;
  close(): Promise<void>;
}

export interface StartOptions {
  hasher?: PasswordHasher;
  /** How often sockets' sessions are re-checked for expiry (tests shorten it). */
  sessionSweepMs?: number;
  /** Serve the usual JSON status change outside Hono (http/status-update-lane.ts); default on. */
  statusUpdateLane?: boolean;
}

async function createEventBus(config: Config, logger: Logger): Promise<EventBus> {
  if (!config.redisUrl) return new InMemoryEventBus((err) => logger.error({ err }, 'event listener failed'));
  const bus = new RedisEventBus(config.redisUrl, logger);
  await bus.start();
  return bus;
}

export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const handle = openDatabase(config.databaseUrl);
  const checkpointer = handle.sqlite.memory
    ? null
    : startCheckpointer(handle.sqlite, {
        onError: (err) => logger.error({ err }, 'background WAL checkpoints stopped; the connection checkpoints by itself again'),
      });
  const bus = await createEventBus(config, logger);
  const services = createServices(handle, config, bus, options.hasher);

  if (config.demoData && isDatabaseEmpty(handle)) {
    await seedDemoData(handle, services, bus);
    logger.info('seeded demo data into the empty database');
  }

  let ready = false;
  let gatewayRef: { io: GatewayServer } | null = null;
  const healthCheck = handle.sqlite.prepare('SELECT 1');
  const app = createApp({
    config,
    logger,
    ...services,
    bus,
    dbHealthy: () => {
      try {
        return healthCheck.get() !== undefined;
      } catch {
        return false;
      }
    },
    isReady: () => ready,
    socketCount: () => gatewayRef?.io.engine.clientsCount ?? 0,
  });

  const honoListener = getRequestListener(app.fetch, { hostname: config.host });
  const lane =
    options.statusUpdateLane === false
      ? () => false
      : statusUpdateLane({
          accounts: services.accounts,
          orders: services.orders,
          logger,
          production: config.production,
          publicOrigin: config.publicOrigin,
          maxBodyBytes: MAX_BODY_BYTES,
        });
  const httpServer = await new Promise<HttpServer>((resolve, reject) => {
    const server = createServer((req, res) => {
      if (!lane(req, res)) void honoListener(req, res);
    });
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve(server));
  });
  // Outlive the idle timeouts of clients and load balancers (undici: 4 s; many LBs: 60 s), so a
  // connection is never closed by us at the moment a client reuses it.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;

  const gateway = createSocketGateway(httpServer, {
    accounts: services.accounts,
    orders: services.orders,
    bus,
    logger,
    production: config.production,
    publicOrigin: config.publicOrigin,
    ...(options.sessionSweepMs !== undefined && { sessionSweepMs: options.sessionSweepMs }),
  });
  gatewayRef = gateway;

  const sweep = setInterval(() => {
    services.accounts.purgeExpiredSessions().catch((err: unknown) => logger.warn({ err }, 'session sweep failed'));
  }, 3_600_000);
  sweep.unref();

  ready = true;
  if (config.demoData) logger.info(demoLoginsText());
  logger.info(`listening on ${url}`);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      ready = false;
      clearInterval(sweep);
      await gateway.close();
      await new Promise<void>((resolve) => {
        // Stop accepting; in-flight requests finish; idle keep-alive sockets go now.
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
      });
      await bus.close();
      await checkpointer?.stop();
      handle.close();
    })();
    return closing;
  };

  return { port, url, services, bus, io: gateway.io, close };
}
