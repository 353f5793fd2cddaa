/**
 * The multi-node event bus on Redis pub/sub (ioredis). Each event is delivered to this
 * node's listeners first, at once (see deliverNow), then published as JSON for the other
 * nodes, which deliver it to theirs; a node ignores its own messages coming back. Redis is
 * never on a request's critical path: while it is down, publish drops the cross-node copy at
 * once (the event log stays the source of truth: see event-feed.ts) and, when it returns,
 * onRecovered listeners start over. A Redis that does not answer a PING within a second
 * (frozen, overloaded, a broken link that TCP has not noticed) counts as down too.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LoggedEvent, EventBus, EventBusHealth } from '../domain/ports.js';
import { deliverNow } from './deliver-now.js';

export const EVENTS_CHANNEL = 'orderpulse:events';

/** How often the watchdog PINGs Redis, and how long an answer may take before Redis counts as down. */
const PING_EVERY_MS = 500;
const PING_TIMEOUT_MS = 1_000;

interface Envelope {
  node: string;
  event: LoggedEvent;
}

export class RedisEventBus implements EventBus {
  private readonly node = randomUUID();
  private readonly ownPrefix = JSON.stringify({ node: this.node }).slice(0, -1);
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new Set<(event: LoggedEvent) => void>();
  private readonly recoveredListeners = new Set<(downSince: number) => void>();
  /** When the current outage began; null while connected. */
  private downSince: number | null = null;
  private subscribed = false;
  /** The last PING went unanswered for PING_TIMEOUT_MS. */
  private unresponsive = false;
  private closed = false;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(
    url: string,
    private readonly logger: Logger,
  ) {
    const options = {
      // Fail a command at once when disconnected instead of queueing it behind a request.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt: number) => Math.min(50 * 2 ** attempt, 1_000),
      lazyConnect: true,
    };
    this.publisher = new Redis(url, { ...options, connectionName: 'orderpulse-pub' });
    // A connection in subscriber mode can issue no other command: a second one.
    // It subscribes itself on every (re)connect, so a node that started while Redis was down joins later.
    this.subscriber = new Redis(url, { ...options, autoResubscribe: false, connectionName: 'orderpulse-sub' });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (err: Error) => this.logger.debug({ err: err.message }, 'redis error'));
      client.on('close', () => this.markDown('redis connection lost'));
    }
    this.publisher.on('ready', () => this.markMaybeUp());
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(EVENTS_CHANNEL).then(
        () => {
          this.subscribed = true;
          this.markMaybeUp();
        },
        (err: Error) => this.logger.warn({ err: err.message }, 'redis subscribe failed'),
      );
    });
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
  }

  /**
   * PINGs on the publisher: a connection whose server stopped answering stays 'ready' in
   * ioredis (the socket is open), so only an answer proves Redis is there.
   */
  private watch(): void {
    let inFlight = false;
    this.watchdog = setInterval(() => {
      if (inFlight || this.publisher.status !== 'ready') return;
      inFlight = true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no PING answer')), PING_TIMEOUT_MS);
      });
      Promise.race([this.publisher.ping(), timeout])
        .then(
          () => {
            if (!this.unresponsive) return;
            this.unresponsive = false;
            this.markMaybeUp();
          },
          () => {
            if (this.unresponsive) return;
            this.unresponsive = true;
            this.markDown('redis does not answer PING');
          },
        )
        .finally(() => {
          clearTimeout(timer);
          inFlight = false;
        });
    }, PING_EVERY_MS);
    this.watchdog.unref();
  }

  /** Connects both clients; resolves even when Redis is unreachable (the bus then starts down). */
  async start(timeoutMs = 2_000): Promise<void> {
    this.downSince = Date.now();
    this.watch();
    void this.publisher.connect().catch(() => {});
    void this.subscriber.connect().catch(() => {});
    const deadline = Date.now() + timeoutMs;
    while (this.health() !== 'ok' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (this.health() !== 'ok') this.logger.warn('redis unavailable at start; pushes stay on this node until it is back');
  }

  publish(event: LoggedEvent): void {
    this.deliver(event);
    // Down or frozen: the other nodes find the event in the log instead.
    if (this.publisher.status !== 'ready' || this.unresponsive) return;
    const envelope: Envelope = { node: this.node, event };
    this.publisher.publish(EVENTS_CHANNEL, JSON.stringify(envelope)).catch((err: Error) => {
      this.logger.warn({ err: err.message, type: event.event.type }, 'event not published to redis');
    });
  }

  subscribe(listener: (event: LoggedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onRecovered(listener: (downSince: number) => void): () => void {
    this.recoveredListeners.add(listener);
    return () => this.recoveredListeners.delete(listener);
  }

  health(): EventBusHealth {
    return this.publisher.status === 'ready' && this.subscribed && !this.unresponsive ? 'ok' : 'down';
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    this.listeners.clear();
    this.recoveredListeners.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private receive(message: string): void {
    // Redis hands a node its own messages back too; the envelope starts with the node's id, so
    // they are dropped without parsing (the JSON.stringify in publish keeps that key first).
    if (message.startsWith(this.ownPrefix)) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      this.logger.warn('ignored a malformed message on the events channel');
      return;
    }
    if (envelope.node === this.node || typeof envelope.event?.position !== 'number') return;
    this.deliver(envelope.event);
  }

  private deliver(event: LoggedEvent): void {
    deliverNow(this.listeners, event, (err) => this.logger.error({ err }, 'event listener failed'));
  }

  private markDown(why: string): void {
    this.subscribed = this.subscribed && this.subscriber.status === 'ready';
    if (this.closed || this.downSince !== null) return;
    this.downSince = Date.now();
    this.logger.warn(`${why}; serving on, other nodes' events now come from the event log`);
  }

  private markMaybeUp(): void {
    if (this.closed || this.downSince === null || this.health() !== 'ok') return;
    const since = this.downSince;
    this.downSince = null;
    this.logger.info('redis connected');
    for (const listener of this.recoveredListeners) {
      try {
        listener(since);
      } catch (err) {
        this.logger.error({ err }, 'recovery listener failed');
      }
    }
  }
}
