/**
 * Attempts due webhook deliveries, on every node at once. A delivery is leased before it is
 * attempted (one node at a time; a node that dies lets its lease run out and another takes
 * it), and its result, retry time included, is written to the store: a restart loses nothing.
 * Each endpoint gets at most `perEndpoint` attempts in flight on a node, and the node at most
 * `maxInFlight`, so an endpoint that hangs holds its own slots only, never another's.
 */
import type { Logger } from 'pino';
import type { WebhookRepository } from '../domain/ports.js';
import { attemptOutcome, type AttemptResult, type LeasedDelivery, type RetrySchedule } from '../domain/webhooks.js';

export interface DispatcherOptions {
  /** This node's name on its leases. */
  owner: string;
  schedule: RetrySchedule;
  send: (delivery: LeasedDelivery) => Promise<AttemptResult>;
  logger: Logger;
  /** Told each attempt's result: `succeeded`, `retrying`, or `failed` (for good). */
  onAttempt?: (result: 'succeeded' | 'retrying' | 'failed') => void;
  /** Longer than an attempt can take (its timeout), so a live node never loses a lease mid-attempt. */
  leaseMs?: number;
  pollMs?: number;
  maxInFlight?: number;
  perEndpoint?: number;
  clock?: () => number;
}

export class WebhookDispatcher {
  private readonly inFlight = new Map<number, number>();
  private readonly leased = new Set<number>();
  private readonly attempts = new Set<Promise<void>>();
  private readonly wakeUps = new Set<NodeJS.Timeout>();
  private poll: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxInFlight: number;
  private readonly perEndpoint: number;
  private readonly clock: () => number;

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly options: DispatcherOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 500;
    this.maxInFlight = options.maxInFlight ?? 64;
    this.perEndpoint = options.perEndpoint ?? 4;
    this.clock = options.clock ?? Date.now;
  }

  start(): void {
    this.poll = setInterval(() => this.kick(), this.pollMs);
    this.poll.unref();
    this.kick();
  }

  /** Looks for due deliveries now (after new ones were made, or a slot freed). */
  kick(): void {
    if (this.closed) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump()
      .catch((err: unknown) => this.options.logger.warn({ err }, 'claiming webhook deliveries failed; trying again'))
      .finally(() => {
        this.pumping = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Stops claiming and cuts nothing itself: the caller closes the sender (which aborts what is
   * in flight); the attempts cut that way are not recorded, and their leases are given back.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.poll);
    for (const timer of this.wakeUps) clearTimeout(timer);
    await this.pumping;
  }

  /** Waits for the attempts in flight to end (after the sender was closed, promptly). */
  async drained(): Promise<void> {
    await Promise.all([...this.attempts]);
    if (this.leased.size > 0) await this.webhooks.release([...this.leased], this.options.owner);
  }

  private async pump(): Promise<void> {
    const free = this.maxInFlight - this.leased.size;
    if (free <= 0) return;
    const now = this.clock();
    const full = [...this.inFlight].filter(([, n]) => n >= this.perEndpoint).map(([id]) => id);
    const claimed = await this.webhooks.claim({
      owner: this.options.owner,
      now,
      leaseUntil: now + this.leaseMs,
      limit: free,
      freeSlots: (endpointId) => this.perEndpoint - (this.inFlight.get(endpointId) ?? 0),
      full,
    });
    for (const delivery of claimed) this.begin(delivery);
    // A full batch may have left more due behind it.
    if (claimed.length === free) this.again = true;
  }

  private begin(delivery: LeasedDelivery): void {
    this.leased.add(delivery.id);
    this.inFlight.set(delivery.endpointId, (this.inFlight.get(delivery.endpointId) ?? 0) + 1);
    const attempt = this.attempt(delivery)
      .catch((err: unknown) => this.options.logger.error({ err, delivery: delivery.id }, 'recording a webhook attempt failed; its lease runs out'))
      .finally(() => {
        this.attempts.delete(attempt);
        // An attempt cut by close() keeps its lease here, to be given back by drained().
        if (!this.closed) this.leased.delete(delivery.id);
        const left = (this.inFlight.get(delivery.endpointId) ?? 1) - 1;
        if (left > 0) this.inFlight.set(delivery.endpointId, left);
        else this.inFlight.delete(delivery.endpointId);
        this.kick();
      });
    this.attempts.add(attempt);
  }

  private async attempt(delivery: LeasedDelivery): Promise<void> {
    const result = await this.options.send(delivery);
    if (this.closed) return;
    const now = this.clock();
    const outcome = await this.webhooks.complete(
      delivery.id,
      this.options.owner,
      result,
      (attempts, failingSince) => attemptOutcome(result, attempts, failingSince, this.options.schedule, now),
      now,
    );
    if (!outcome) {
      this.options.logger.warn({ delivery: delivery.id }, 'a webhook attempt ended after its lease: not recorded');
      return;
    }
    const { status, nextAttemptAt, disable } = outcome;
    this.options.onAttempt?.(status === 'pending' ? 'retrying' : status);
    if (disable) this.options.logger.warn({ endpoint: delivery.endpointId, reason: disable }, 'webhook endpoint disabled');
    if (nextAttemptAt !== null) this.wakeAt(nextAttemptAt - now);
  }

  private wakeAt(delayMs: number): void {
    const timer = setTimeout(() => {
      this.wakeUps.delete(timer);
      this.kick();
    }, Math.max(0, delayMs));
    timer.unref();
    this.wakeUps.add(timer);
  }
}
