/** Solid signals over startOrderLive; stops with the owning component. */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type { OrderDetailBody, OrderStatusBody } from '../../../server/contract/api.js';
import { fetchOrderStatus } from '../api/orders-api.js';
import { createAppSocket } from './app-socket.js';
import type { LiveMode, SocketFactory } from './live-socket.js';
import { startOrderLive } from './order-live.js';

export interface OrderLiveSignals {
  status: Accessor<OrderStatusBody | undefined>;
  mode: Accessor<LiveMode>;
  error: Accessor<string | null>;
  refresh: () => Promise<void>;
}

export interface CreateOrderLiveOptions {
  initial?: OrderStatusBody;
  fetchStatus?: (orderId: number) => Promise<OrderStatusBody>;
  createSocket?: SocketFactory;
}

export function createOrderLive(orderId: number, options: CreateOrderLiveOptions = {}): OrderLiveSignals {
  const live = startOrderLive({
    orderId,
    initial: options.initial,
    fetchStatus: options.fetchStatus ?? fetchOrderStatus,
    createSocket: options.createSocket ?? createAppSocket,
  });
  const first = live.getState();
  const [status, setStatus] = createSignal(first.status);
  const [mode, setMode] = createSignal(first.mode);
  const [error, setError] = createSignal(first.error);
  const unsubscribe = live.subscribe((state) => {
    setStatus(() => state.status);
    setMode(state.mode);
    setError(state.error);
  });
  onCleanup(() => {
    unsubscribe();
    live.stop();
  });
  return { status, mode, error, refresh: live.refresh };
}

/** The tracker's part of an order's full body: what the live order starts from. */
export function statusBodyOf(order: OrderDetailBody): OrderStatusBody {
  const { order_id, order_number, status, status_label, status_emoji, progress_step, version, updated_at, history, shipment } = order;
  return { order_id, order_number, status, status_label, status_emoji, progress_step, version, updated_at, history, shipment };
}
