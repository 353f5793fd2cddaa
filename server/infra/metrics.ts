/**
 * Operator metrics in Prometheus form, by prom-client: the process's own (CPU, memory, event
 * loop, GC), HTTP requests by declared route, and the business events. Nothing in here
 * identifies a user. One registry per node (tests run several nodes in one process).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventBus, EventBusHealth, LoggedEvent } from '../domain/ports.js';

export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, declared route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request reaching the app to its response being ready, by method and declared route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly ordersPlaced = new Counter({
    name: 'orders_placed_total',
    help: 'Orders placed through this node (a checkout of several sellers places several)',
    registers: [this.registry],
  });
  readonly statusChanges = new Counter({
    name: 'order_status_changes_total',
    help: 'Committed order status changes made through this node, by new status',
    labelNames: ['to'] as const,
    registers: [this.registry],
  });
  readonly pushEvents = new Counter({
    name: 'push_events_total',
    help: "Events this node emitted to its sockets' rooms, by event",
    labelNames: ['event'] as const,
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook delivery attempts by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly emailsSent = new Counter({
    name: 'emails_sent_total',
    help: 'E-mails handed to the mail server by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  /** Each HTTP series' children, made once: `labels()` validates its label object on every call. */
  private readonly httpSeries = new Map<string, { count: { inc(): void }; duration: { observe(value: number): void } }>();
  private sockets: () => number = () => 0;
  private busHealth: () => EventBusHealth = () => 'disabled';
  private webhookLag: () => Promise<number> = async () => 0;
  private mailLag: () => Promise<number> = async () => 0;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const self = this;
    new Gauge({
      name: 'socket_connections',
      help: 'Sockets connected to this node',
      registers: [this.registry],
      collect() {
        this.set(self.sockets());
      },
    });
    new Gauge({
      name: 'event_bus_up',
      help: '1 while events reach other nodes (or there is a single node), 0 while Redis is down',
      registers: [this.registry],
      collect() {
        this.set(self.busHealth() === 'down' ? 0 : 1);
      },
    });
    new Gauge({
      name: 'webhook_delivery_lag_seconds',
      help: 'How long the longest-waiting due webhook delivery (of an active endpoint) has been due; 0 when none waits',
      registers: [this.registry],
      async collect() {
        this.set(await self.webhookLag());
      },
    });
    new Gauge({
      name: 'email_delivery_lag_seconds',
      help: 'How long the longest-waiting due e-mail has been due; 0 when none waits',
      registers: [this.registry],
      async collect() {
        this.set(await self.mailLag());
      },
    });
  }

  /** Where the gauges read from, once the socket server and the bus exist. */
  observe(sources: {
    sockets?: () => number;
    busHealth?: () => EventBusHealth;
    webhookLag?: () => Promise<number>;
    mailLag?: () => Promise<number>;
  }): void {
    if (sources.sockets) this.sockets = sources.sockets;
    if (sources.busHealth) this.busHealth = sources.busHealth;
    if (sources.webhookLag) this.webhookLag = sources.webhookLag;
    if (sources.mailLag) this.mailLag = sources.mailLag;
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.httpSeries.get(key);
    if (series === undefined) {
      series = { count: this.httpRequests.labels({ method, route, status }), duration: this.httpDuration.labels({ method, route }) };
      this.httpSeries.set(key, series);
    }
    series.count.inc();
    series.duration.observe(seconds);
  }

  /** Counts the business events a node publishes: only the node that committed a change publishes it. */
  countPublished({ event }: LoggedEvent): void {
    if (event.type === 'order:created') this.ordersPlaced.inc();
    else if (event.type === 'order:status') this.statusChanges.inc({ to: event.order.status });
  }

  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The node's event bus, counting what it publishes. */
export function meteredBus(bus: EventBus, metrics: Metrics): EventBus {
  return {
    publish(event) {
      metrics.countPublished(event);
      bus.publish(event);
    },
    subscribe: (listener) => bus.subscribe(listener),
    onRecovered: (listener) => bus.onRecovered(listener),
    health: () => bus.health(),
    close: () => bus.close(),
  };
}
