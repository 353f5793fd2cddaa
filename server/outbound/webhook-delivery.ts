/**
 * Webhooks on one node: the fan-out from the event log and the dispatcher of due deliveries,
 * woken by each order event this node commits (server/infra/committed-here.ts), by a poll of
 * the log (every node's events) and by their timers, and stopped with the node.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventBus, EventLog, WebhookRepository } from '../domain/ports.js';
import type { RetrySchedule } from '../domain/webhooks.js';
import type { Metrics } from '../infra/metrics.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { webhookEvent, WebhookFanOut } from './webhook-fanout.js';
import { WebhookSender } from './webhook-sender.js';
import { gathered } from './gathered.js';

/** An attempt without an answer by then has failed (PRODUCT.md). */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** An order event is fanned out this long after it arrives, with those that came meanwhile (see gathered.ts). */
const WAKE_DELAY_MS = 10;
/** Passes begin at least this far apart under load: a delivery's first attempt stays well within the 50 ms its commit is promised at p50 when idle. */
const WAKE_SPACING_MS = 50;

/** How often the log is read for the events of other nodes, and of a node that died before its pass. */
const FAN_OUT_POLL_MS = 1_000;

export interface WebhookDeliveryDeps {
  log: EventLog;
  webhooks: WebhookRepository;
  /** The events this node commits. */
  committed: Pick<EventBus, 'subscribe'>;
  logger: Logger;
  metrics: Metrics;
  allowPrivate: boolean;
  schedule: RetrySchedule;
}

export interface RunningWebhooks {
  close(): Promise<void>;
}

export function startWebhookDelivery(deps: WebhookDeliveryDeps): RunningWebhooks {
  const { logger, metrics } = deps;
  const sender = new WebhookSender({ allowPrivate: deps.allowPrivate, timeoutMs: ATTEMPT_TIMEOUT_MS });
  const dispatcher = new WebhookDispatcher(deps.webhooks, {
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    schedule: deps.schedule,
    send: (delivery) => sender.send(delivery),
    logger,
    onAttempt: (result) => metrics.webhookDeliveries.inc({ result }),
  });
  const fanOut = new WebhookFanOut(deps.log, deps.webhooks);

  let fanning: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const fan = () => {
    if (closed) return;
    if (fanning) {
      again = true;
      return;
    }
    fanning = fanOut
      .run()
      .then((made) => {
        if (made > 0) dispatcher.kick();
      })
      .catch((err: unknown) => logger.warn({ err }, 'making webhook deliveries from the event log failed; trying again'))
      .finally(() => {
        fanning = null;
        if (again) {
          again = false;
          fan();
        }
      });
  };

  const woken = gathered(fan, WAKE_DELAY_MS, WAKE_SPACING_MS);
  const unsubscribe = deps.committed.subscribe(({ event }) => {
    if (webhookEvent(event)) woken.wake();
  });
  const poll = setInterval(fan, FAN_OUT_POLL_MS);
  poll.unref();
  metrics.observe({ webhookLag: async () => lagSeconds(await deps.webhooks.oldestDue(Date.now())) });
  dispatcher.start();
  fan();

  return {
    async close() {
      closed = true;
      unsubscribe();
      woken.cancel();
      clearInterval(poll);
      await fanning;
      await dispatcher.close();
      sender.close();
      await dispatcher.drained();
    },
  };
}

function lagSeconds(oldestDue: number | null): number {
  return oldestDue === null ? 0 : Math.max(0, (Date.now() - oldestDue) / 1000);
}
