/**
 * The webhooks' consumer of the event log: each new order event (and return request) becomes one delivery per
 * active endpoint of the order's seller that asked for its type and existed when it happened.
 * The consumer keeps its own position in the log (`event_consumers`); making a delivery twice
 * is harmless (one per endpoint and event, the store keeps the first), so nodes running this
 * at once only repeat work. Where PostgreSQL leaves a hole in the positions (a transaction not
 * yet committed, or rolled back), the position waits at it for `holeMs`, as the event feed does.
 */
import type { DomainEvent, EventLog, LoggedEvent, NewDelivery, WebhookRepository } from '../domain/ports.js';
import { webhookIdFor, type WebhookEndpoint, type WebhookEventType } from '../domain/webhooks.js';
import { iso, presentReturnRequest, presentStatusEvent } from '../contract/presenters.js';
import { reachablePosition } from './log-position.js';

export const WEBHOOK_CONSUMER = 'webhooks';

export interface FanOutOptions {
  batch?: number;
  holeMs?: number;
  clock?: () => number;
}

/** The webhook an event is, if any: its type and its `data`. */
export function webhookEvent(event: DomainEvent): { type: WebhookEventType; sellerId: number; data: Record<string, unknown> } | null {
  switch (event.type) {
    case 'order:created':
      return { type: 'order.created', sellerId: event.order.sellerId, data: { ...presentStatusEvent(event.order), seller_id: event.order.sellerId } };
    case 'order:status':
      return {
        type: 'order.status_changed',
        sellerId: event.order.sellerId,
        data: { ...presentStatusEvent(event.order), previous_status: event.previousStatus ?? null, seller_id: event.order.sellerId },
      };
    case 'return:requested': {
      const { returnRequest } = event;
      return {
        type: 'return.requested',
        sellerId: returnRequest.sellerId,
        data: { return_request: presentReturnRequest(returnRequest), order_number: returnRequest.orderNumber, seller_id: returnRequest.sellerId },
      };
    }
    default:
      return null;
  }
}

export class WebhookFanOut {
  private readonly batch: number;
  private readonly holeMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly log: EventLog,
    private readonly webhooks: WebhookRepository,
    options: FanOutOptions = {},
  ) {
    this.batch = options.batch ?? 500;
    this.holeMs = options.holeMs ?? 10_000;
    this.clock = options.clock ?? Date.now;
  }

  /** One pass over the log after the consumer's position; how many deliveries it asked for. */
  async run(): Promise<number> {
    const from = await this.log.consumerPosition(WEBHOOK_CONSUMER);
    const events = await this.log.after(from, this.batch);
    if (events.length === 0) return 0;
    const deliveries = await this.deliveriesFor(events);
    await this.webhooks.enqueue(deliveries);
    const to = reachablePosition(from, events, this.clock(), this.holeMs);
    // Another node may have moved it meanwhile: it made the same deliveries, and the next pass reads on from there.
    if (to > from) await this.log.advanceConsumer(WEBHOOK_CONSUMER, from, to, this.clock());
    return deliveries.length;
  }

  private async deliveriesFor(events: LoggedEvent[]): Promise<NewDelivery[]> {
    const deliveries: NewDelivery[] = [];
    const now = this.clock();
    const latest = Math.max(...events.map((e) => e.at));
    // One read per seller and pass: the endpoints of the batch's last moment, each event taking those that existed at its own.
    const bySeller = new Map<number, Promise<WebhookEndpoint[]>>();
    for (const { position, at, event } of events) {
      const hook = webhookEvent(event);
      if (!hook) continue;
      let subscribers = bySeller.get(hook.sellerId);
      if (!subscribers) bySeller.set(hook.sellerId, (subscribers = this.webhooks.subscribers(hook.sellerId, latest)));
      const endpoints = (await subscribers).filter((e) => e.createdAt <= at && e.events.includes(hook.type));
      if (endpoints.length === 0) continue;
      const payload = JSON.stringify({ type: hook.type, timestamp: iso(at), data: hook.data });
      for (const endpoint of endpoints) {
        deliveries.push({
          endpointId: endpoint.id,
          eventPosition: position,
          eventType: hook.type,
          payload,
          webhookIdHeader: webhookIdFor(position, endpoint.id),
          now,
        });
      }
    }
    return deliveries;
  }
}
