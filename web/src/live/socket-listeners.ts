/**
 * Listeners kept apart from any one socket: a socket that stands in for another (one whose
 * client is still loading, a page's share of one connection) holds its callers' listeners
 * here and feeds them from the socket behind it.
 */
import type { LiveSocket, LiveSocketEvents } from './live-socket.js';

type EventName = keyof LiveSocketEvents;
export type Listener<E extends EventName> = LiveSocketEvents[E];
type Handler<E extends EventName> = (...args: Parameters<LiveSocketEvents[E]>) => void;

export class SocketListeners {
  private readonly sets: { [E in EventName]: Set<Listener<E>> } = {
    connect: new Set(),
    disconnect: new Set(),
    connect_error: new Set(),
    'order:status': new Set(),
    'order:created': new Set(),
    'return:requested': new Set(),
    'return:decided': new Set(),
  };

  add<E extends EventName>(event: E, listener: Listener<E>): void {
    this.sets[event].add(listener);
  }

  remove<E extends EventName>(event: E, listener: Listener<E>): void {
    this.sets[event].delete(listener);
  }

  fire<E extends EventName>(event: E, ...args: Parameters<LiveSocketEvents[E]>): void {
    // TypeScript cannot call a listener picked by a generic event name with that event's
    // arguments, though the sets are keyed by event so they always match.
    for (const listener of [...this.sets[event]]) (listener as Handler<E>)(...args);
  }

  /** Feeds these listeners every event of `source`, until the returned function is called. */
  follow(source: LiveSocket): () => void {
    const relays = {
      connect: () => this.fire('connect'),
      disconnect: (reason: string) => this.fire('disconnect', reason),
      connect_error: (error: Error) => this.fire('connect_error', error),
      status: (...args: Parameters<Listener<'order:status'>>) => this.fire('order:status', ...args),
      created: (...args: Parameters<Listener<'order:created'>>) => this.fire('order:created', ...args),
      requested: (...args: Parameters<Listener<'return:requested'>>) => this.fire('return:requested', ...args),
      decided: (...args: Parameters<Listener<'return:decided'>>) => this.fire('return:decided', ...args),
    };
    // on and off take the same arguments: one list of events serves both.
    const wire = (method: LiveSocket['on']) => {
      method('connect', relays.connect);
      method('disconnect', relays.disconnect);
      method('connect_error', relays.connect_error);
      method('order:status', relays.status);
      method('order:created', relays.created);
      method('return:requested', relays.requested);
      method('return:decided', relays.decided);
    };
    wire(source.on.bind(source));
    return () => wire(source.off.bind(source));
  }
}

/** What a socket standing in for another shares: `on` and `off` keep its callers' listeners here. */
export abstract class StandInSocket {
  protected readonly listeners = new SocketListeners();

  on<E extends EventName>(event: E, listener: Listener<E>): this {
    this.listeners.add(event, listener);
    return this;
  }

  off<E extends EventName>(event: E, listener: Listener<E>): this {
    this.listeners.remove(event, listener);
    return this;
  }
}
