/**
 * The events of the rooms the server puts a socket in on connect (`buyer:{id}` or
 * `seller:{id}`), for list pages. The page owns its list; the feed tells it when to
 * patch it (a push) and when to refetch it (every (re)connect, every 30 s while the socket
 * is down, and when the tab is shown again).
 */
import type { OrderCreatedEvent, OrderStatusEvent, ReturnEventBody } from '../../../server/contract/api.js';
import { superviseConnection } from './connection-supervisor.js';
import type { LiveMode, SocketFactory } from './live-socket.js';
import { observableState } from './observable-state.js';
import type { VisibilitySource } from './visibility.js';

export interface RoomFeedOptions {
  createSocket: SocketFactory;
  onStatus?: (event: OrderStatusEvent) => void;
  onCreated?: (event: OrderCreatedEvent) => void;
  /** `return:requested` and `return:decided`. */
  onReturn?: (event: ReturnEventBody) => void;
  resync: () => void;
  pollIntervalMs?: number;
  visibility?: VisibilitySource;
}

export interface RoomFeed {
  getMode(): LiveMode;
  subscribe(listener: (state: { mode: LiveMode }) => void): () => void;
  stop(): void;
}

export function startRoomFeed(options: RoomFeedOptions): RoomFeed {
  const state = observableState<{ mode: LiveMode }>({ mode: 'connecting' });
  const socket = options.createSocket();
  const onStatus = (event: OrderStatusEvent) => options.onStatus?.(event);
  const onCreated = (event: OrderCreatedEvent) => options.onCreated?.(event);
  const onReturn = (event: ReturnEventBody) => options.onReturn?.(event);
  socket.on('order:status', onStatus);
  socket.on('order:created', onCreated);
  socket.on('return:requested', onReturn);
  socket.on('return:decided', onReturn);

  const supervisor = superviseConnection({
    socket,
    pollIntervalMs: options.pollIntervalMs,
    visibility: options.visibility,
    onConnect: options.resync,
    onResync: options.resync,
    onModeChange: (mode) => state.update({ mode }),
  });
  state.update({ mode: supervisor.mode() });

  return {
    getMode: () => state.get().mode,
    subscribe: state.subscribe,
    stop() {
      socket.off('order:status', onStatus);
      socket.off('order:created', onCreated);
      socket.off('return:requested', onReturn);
      socket.off('return:decided', onReturn);
      supervisor.stop();
    },
  };
}

/** Remembers the highest version seen per order, so late or repeated pushes never win. */
export class VersionBook {
  private readonly versions = new Map<number, number>();

  /** Records the version and says whether it is newer than anything seen for this order. */
  accept(orderId: number, version: number): boolean {
    const seen = this.versions.get(orderId);
    if (seen !== undefined && version <= seen) return false;
    this.versions.set(orderId, version);
    return true;
  }

  /** Lists fetched over HTTP are the truth at that moment: remember their versions too. */
  recordAll(rows: readonly { order_id: number; version: number }[]): void {
    for (const row of rows) {
      const seen = this.versions.get(row.order_id);
      if (seen === undefined || row.version > seen) this.versions.set(row.order_id, row.version);
    }
  }
}
