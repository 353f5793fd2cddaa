/** An in-memory stand-in for a socket.io-client socket, driven by the test. */
import type { OrderStatusBody, WatchAck } from '../../../server/contract/api.js';
import type { LiveSocket, LiveSocketEvents } from './live-socket.js';
import { UNSHIPPED } from '../api/order-fixtures.test-support.js';
import type { VisibilitySource } from './visibility.js';

type Listener = (...args: never[]) => void;
type WatchAckFn = (response: WatchAck) => void;

function isAckFn(value: unknown): value is WatchAckFn {
  return typeof value === 'function';
}

export class FakeSocket implements LiveSocket {
  connected = false;
  active = true;
  connectCalls = 0;
  disconnectCalls = 0;
  readonly emitted: { event: string; payload: unknown }[] = [];
  /** What the "server" acks to order:watch; undefined = never acks. */
  watchAck: (() => WatchAck) | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();

  on(event: keyof LiveSocketEvents, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  off(event: keyof LiveSocketEvents, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  emit(event: 'order:watch' | 'order:unwatch', ...args: unknown[]): this {
    this.emitted.push({ event, payload: args[0] });
    const ack = args[1];
    if (event === 'order:watch' && isAckFn(ack) && this.watchAck) ack(this.watchAck());
    return this;
  }

  connect(): this {
    this.connectCalls += 1;
    return this;
  }

  disconnect(): this {
    this.disconnectCalls += 1;
    this.connected = false;
    return this;
  }

  listenerCount(event: keyof LiveSocketEvents): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** The server side: deliver an event to the client's listeners. */
  fire<E extends keyof LiveSocketEvents>(event: E, ...args: Parameters<LiveSocketEvents[E]>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      (listener as (...callArgs: Parameters<LiveSocketEvents[E]>) => void)(...args);
    }
  }

  simulateConnect(): void {
    this.connected = true;
    this.fire('connect');
  }

  simulateDrop(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  simulateConnectError(message = 'websocket error'): void {
    this.connected = false;
    this.fire('connect_error', new Error(message));
  }

  watchCount(): number {
    return this.emitted.filter((entry) => entry.event === 'order:watch').length;
  }
}

export class FakeVisibility implements VisibilitySource {
  visible = true;
  private readonly listeners = new Set<() => void>();

  isVisible(): boolean {
    return this.visible;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(visible: boolean): void {
    this.visible = visible;
    for (const listener of [...this.listeners]) listener();
  }
}

export function statusBody(overrides: Partial<OrderStatusBody> = {}): OrderStatusBody {
  return {
    order_id: 7,
    order_number: 'ORD-0007',
    status: 'pending',
    status_label: 'Pending',
    status_emoji: '⏳',
    progress_step: 1,
    version: 1,
    updated_at: '2026-01-01T10:00:00.000Z',
    history: [{ status: 'pending', at: '2026-01-01T10:00:00.000Z', buyer_message: null }],
    shipment: UNSHIPPED,
    ...overrides,
  };
}
