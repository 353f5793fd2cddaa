/**
 * Starting and stopping one OrderPulse node: database, event bus, services, HTTP and
 * sockets on one port. main.ts adds the process concerns (signals, exit codes).
 */
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openStore } from '../db/open-store.js';
import { demoLoginsText, ensureDemoData, type DemoAccount, type DemoSeedOutcome } from '../db/seed.js';
import { createServices, type Services } from './composition.js';
import type { Clock, EventBus, PasswordHasher } from './domain/ports.js';
import { InMemoryEventBus } from './infra/in-memory-event-bus.js';
import { RedisEventBus } from './infra/redis-event-bus.js';
import { createApp } from './http/create-app.js';
import { EventFeed } from './infra/event-feed.js';
import { committedHere } from './infra/committed-here.js';
import { Metrics, meteredBus } from './infra/metrics.js';
import { startMailDelivery, type RunningMail } from './outbound/mail-delivery.js';
import { startWebhookDelivery } from './outbound/webhook-delivery.js';
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
  /** The time the order and return rules go by (tests move it: a return after its window). */
  clock?: Clock;
}

async function createEventBus(config: Config, logger: Logger): Promise<EventBus> {
  if (!config.redisUrl) return new InMemoryEventBus((err) => logger.error({ err }, 'event listener failed'));
  const bus = new RedisEventBus(config.redisUrl, logger);
  await bus.start();
  return bus;
}

/** How long a stopping node lets in-flight requests finish. */
const DRAIN_MS = 5_000;

/** The event log keeps at least this much history (webhooks and e-mail read it too). */
const EVENT_LOG_KEEP_MS = 7 * 24 * 3_600_000;

/** A webhook delivery that is over (delivered, or failed for good) stays in its seller's log this long. */
const DELIVERY_LOG_KEEP_MS = 30 * 24 * 3_600_000;

/**
 * A test-only fault (FAULT_INJECTION, honoured only with NODE_ENV=test): the node dies right
 * after a commit, before it publishes the event, as a crash at the worst moment would.
 */
function withFault(bus: EventBus, fault: Config['faultInjection']): EventBus {
  if (fault !== 'exit-before-publish') return bus;
  return { ...bus, publish: () => process.kill(process.pid, 'SIGKILL') };
}

/** What a start says about the demo seed (nothing when it was done before). */
const SEED_NEWS: Record<DemoSeedOutcome['kind'], string | null> = {
  seeded: 'seeded demo data into the empty database',
  completed: 'completed the demo data of a seed that was interrupted part-way',
  'seeded-before': null,
  'left-alone': 'DEMO_DATA: the database holds accounts of its own; no demo data seeded',
};

export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl, { logger });
  const metrics = new Metrics();
  const feed = new EventFeed(await createEventBus(config, logger), store.repositories.events, logger);
  await feed.start();
  const { bus, committed } = committedHere(withFault(meteredBus(feed, metrics), config.faultInjection), (err) =>
    logger.error({ err }, 'waking an outbound consumer failed'),
  );
  const services = createServices(store.repositories, config, bus, options.hasher, options.clock);

  let demoLogins: DemoAccount[] = [];
  if (config.demoData) {
    const seed = await ensureDemoData(store, services, bus);
    const news = SEED_NEWS[seed.kind];
    if (news) logger.info(news);
    demoLogins = seed.logins;
  }

  let ready = false;
  const app = createApp({
    config,
    logger,
    ...services,
    bus,
    metrics,
    dbHealthy: () => store.health(),
    isReady: () => ready,
  });

  const httpServer = await new Promise<HttpServer>((resolve, reject) => {
    const server = createAdaptorServer({ fetch: app.fetch, hostname: config.host }) as HttpServer;
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
    metrics,
    ...(options.sessionSweepMs !== undefined && { sessionSweepMs: options.sessionSweepMs }),
  });
  metrics.observe({ sockets: () => gateway.io.engine.clientsCount, busHealth: () => bus.health() });
  const webhooks = startWebhookDelivery({
    log: store.repositories.events,
    webhooks: store.repositories.webhooks,
    committed,
    logger,
    metrics,
    allowPrivate: config.webhooks.allowPrivate,
    schedule: config.webhooks.retrySchedule,
  });
  let mail: RunningMail | null = null;
  if (config.mail.smtpUrl || !config.production) {
    mail = startMailDelivery({
      log: store.repositories.events,
      outbox: store.repositories.mails,
      users: store.repositories.users,
      orders: store.repositories.orders,
      committed,
      logger,
      metrics,
      smtpUrl: config.mail.smtpUrl,
      from: config.mail.from,
      dir: config.mail.dir,
      schedule: config.mail.retrySchedule,
      publicOrigin: config.publicOrigin ?? url,
    });
  } else {
    logger.warn('SMTP_URL is not set: no e-mail is sent');
  }

  const sweep = setInterval(() => {
    services.accounts.purgeExpired().catch((err: unknown) => logger.warn({ err }, 'sweep of expired sessions and rate-limit buckets failed'));
    store.repositories.events.prune(Date.now() - EVENT_LOG_KEEP_MS).catch((err: unknown) => logger.warn({ err }, 'pruning the event log failed'));
    store.repositories.webhooks
      .pruneDeliveries(Date.now() - DELIVERY_LOG_KEEP_MS)
      .catch((err: unknown) => logger.warn({ err }, 'pruning the webhook delivery log failed'));
  }, 3_600_000);
  sweep.unref();

  ready = true;
  // Only accounts that exist with the demo password: a login printed here works.
  if (demoLogins.length > 0) logger.info(demoLoginsText(demoLogins));
  logger.info(`listening on ${url}`);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      ready = false;
      clearInterval(sweep);
      await webhooks.close();
      await mail?.close();
      await gateway.close();
      await new Promise<void>((resolve) => {
        // Stop accepting; in-flight requests finish; idle keep-alive sockets go now. A request
        // still running after DRAIN_MS has its connection cut, so a stuck client cannot hold
        // the node up (and a connection that turns idle after the first sweep goes then too).
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
        setTimeout(() => httpServer.closeAllConnections(), DRAIN_MS).unref();
      });
      await bus.close();
      await store.close();
    })();
    return closing;
  };

  return { port, url, services, bus, io: gateway.io, close };
}
