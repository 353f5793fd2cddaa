/**
 * What feeds this node's listeners (its sockets, its read caches): every event of the log,
 * each once. Three ways bring an event here:
 * - published on this node, right after its commit: delivered at once;
 * - published by another node on the bus (Redis): delivered as it arrives;
 * - the backstop: every `pollMs` the node reads the log after its position and delivers what
 *   neither brought within `graceMs` of its commit. That covers a node that died between its
 *   commit and its publish, and a bus that is down or frozen: after an outage every node has
 *   caught up from its own position in the log, logouts included.
 * The position only moves past an event once it was delivered, or past a hole in the log
 * once the hole is older than `holeMs` (PostgreSQL hands out positions before commit, so a
 * later position can be seen before an earlier one commits; a rolled-back one never does).
 */
import type { Logger } from 'pino';
import type { EventBus, EventBusHealth, EventLog, LoggedEvent } from '../domain/ports.js';
import { deliverNow } from './deliver-now.js';

export interface EventFeedOptions {
  pollMs?: number;
  graceMs?: number;
  holeMs?: number;
  batch?: number;
  clock?: () => number;
}

export class EventFeed implements EventBus {
  private readonly listeners = new Set<(event: LoggedEvent) => void>();
  /** Every event at or before this position was delivered here (or is a hole given up on). */
  private position = 0;
  /** Delivered events after `position`. */
  private readonly delivered = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | null = null;
  private readonly pollMs: number;
  private readonly graceMs: number;
  private readonly holeMs: number;
  private readonly batch: number;
  private readonly clock: () => number;

  constructor(
    private readonly bus: EventBus,
    private readonly log: EventLog,
    private readonly logger: Logger,
    options: EventFeedOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1_000;
    this.graceMs = options.graceMs ?? 1_000;
    this.holeMs = options.holeMs ?? 10_000;
    this.batch = options.batch ?? 1_000;
    this.clock = options.clock ?? Date.now;
  }

  /** Starts at the log's head (a new node has no sockets waiting for the past), then follows it. */
  async start(): Promise<void> {
    this.position = await this.log.head();
    this.bus.subscribe((event) => this.receive(event));
    this.timer = setInterval(() => void this.catchUp(), this.pollMs);
    this.timer.unref();
  }

  publish(event: LoggedEvent): void {
    this.bus.publish(event);
  }

  subscribe(listener: (event: LoggedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onRecovered(listener: (downSince: number) => void): () => void {
    return this.bus.onRecovered(listener);
  }

  health(): EventBusHealth {
    return this.bus.health();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
    this.listeners.clear();
    await this.bus.close();
  }

  /** Reads the log after this node's position once (the timer calls it; tests may too). */
  catchUp(): Promise<void> {
    this.polling ??= this.readLog().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private receive(event: LoggedEvent): void {
    if (event.position <= this.position || this.delivered.has(event.position)) return;
    this.delivered.add(event.position);
    deliverNow(this.listeners, event, (err) => this.logger.error({ err }, 'event listener failed'));
  }

  private async readLog(): Promise<void> {
    let events: LoggedEvent[];
    try {
      events = await this.log.after(this.position, this.batch);
    } catch (err) {
      this.logger.warn({ err }, 'reading the event log failed; trying again');
      return;
    }
    const now = this.clock();
    let relayed = 0;
    for (const event of events) {
      if (this.delivered.has(event.position) || now - event.at < this.graceMs) continue;
      this.receive(event);
      relayed++;
    }
    if (relayed > 0) this.logger.info({ events: relayed }, 'delivered events from the log that the bus did not bring');
    this.advance(events, now);
  }

  private advance(events: LoggedEvent[], now: number): void {
    for (const event of events) {
      const next = event.position === this.position + 1;
      if (!this.delivered.has(event.position) || (!next && now - event.at < this.holeMs)) break;
      this.position = event.position;
    }
    for (const position of this.delivered) if (position <= this.position) this.delivered.delete(position);
  }
}
