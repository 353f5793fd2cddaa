import type { LoggedEvent } from '../domain/ports.js';

/**
 * Hands an event to every listener at once, in order. A listener that throws is reported and
 * the others still run; nothing reaches the publisher. Synchronous on purpose: the publisher
 * is the request that committed the change, and this node's sockets get the event in the same
 * turn, before anything else (the Redis copy included) is written.
 */
export function deliverNow(
  listeners: Iterable<(event: LoggedEvent) => void>,
  event: LoggedEvent,
  onListenerError: (error: unknown) => void,
): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (error) {
      onListenerError(error);
    }
  }
}
