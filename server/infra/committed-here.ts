/**
 * The events this node commits, as it publishes them, for the log's outbound consumers
 * (webhooks, e-mail). Each event wakes the consumers of the node that committed it, at once;
 * every node also reads the log on a short poll, which picks up the events of a node that
 * died between its commit and its consumers' pass. Woken by every node's events instead, N
 * nodes would make N passes race for each event, all but one of them wasted.
 */
import type { EventBus, LoggedEvent } from '../domain/ports.js';
import { deliverNow } from './deliver-now.js';

export interface CommittedHere {
  /** The node's bus, telling the consumers of each event it publishes. */
  bus: EventBus;
  committed: Pick<EventBus, 'subscribe'>;
}

export function committedHere(bus: EventBus, onListenerError: (err: unknown) => void): CommittedHere {
  const listeners = new Set<(event: LoggedEvent) => void>();
  return {
    bus: {
      publish(event) {
        bus.publish(event);
        deliverNow(listeners, event, onListenerError);
      },
      subscribe: (listener) => bus.subscribe(listener),
      onRecovered: (listener) => bus.onRecovered(listener),
      health: () => bus.health(),
      close: () => bus.close(),
    },
    committed: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}
