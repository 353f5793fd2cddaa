/** The dispatcher's bookkeeping against a store that fails: its slots never leak. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ClaimRequest, WebhookRepository } from '../../server/domain/ports.js';
import { RetrySchedule, type AttemptOutcome, type LeasedDelivery } from '../../server/domain/webhooks.js';
import { WebhookDispatcher } from '../../server/outbound/webhook-dispatcher.js';

/** Due deliveries in memory; `complete` fails the first `failures` times (a database hiccup). */
function flakyStore(count: number, failures: number) {
  const due: LeasedDelivery[] = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    endpointId: 1,
    url: 'https://hooks.example.test/',
    payload: '{}',
    webhookIdHeader: `msg_${i + 1}_1`,
    attempts: 0,
    secrets: ['whsec_AAAA'],
  }));
  const completed: number[] = [];
  let failuresLeft = failures;
  const unused = () => Promise.reject(new Error('not used by the dispatcher'));
  const store: WebhookRepository = {
    create: unused,
    listBySeller: unused,
    find: unused,
    update: unused,
    delete: unused,
    rotateSecret: unused,
    listDeliveries: unused,
    retryDelivery: unused,
    subscribers: unused,
    enqueue: unused,
    oldestDue: unused,
    pruneDeliveries: unused,
    async claim(request: ClaimRequest) {
      return due.splice(0, Math.min(request.limit, request.freeSlots(1)));
    },
    async complete(deliveryId, _owner, _result, decide: (attempts: number, failingSince: number | null) => AttemptOutcome) {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('connection lost');
      }
      completed.push(deliveryId);
      return decide(1, null);
    },
    release: async () => undefined,
  };
  return { store, completed };
}

describe('WebhookDispatcher', () => {
  it('frees the slot of an attempt whose result could not be written, and goes on', async () => {
    const { store, completed } = flakyStore(6, 2);
    const dispatcher = new WebhookDispatcher(store, {
      owner: 'node-1',
      schedule: new RetrySchedule([1_000]),
      send: async () => ({ statusCode: 200, error: null, durationMs: 1 }),
      logger: pino({ level: 'silent' }),
      maxInFlight: 2,
      perEndpoint: 2,
      pollMs: 10,
    });
    dispatcher.start();
    const deadline = Date.now() + 5_000;
    while (completed.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await dispatcher.close();
    await dispatcher.drained();
    expect(completed.sort((a, b) => a - b)).toEqual([3, 4, 5, 6]);
  });
});
