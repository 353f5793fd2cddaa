/** Solid signals over startOrderLive; stops with the owning component. */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type { OrderDetailBody, OrderStatusBody, ReturnRequestBody } from '../../../server/contract/api.js';
import { fetchOrder, fetchOrderStatus } from '../api/orders-api.js';
import { createAppSocket } from './app-socket.js';
import type { LiveMode, SocketFactory } from './live-socket.js';
import { startOrderLive } from './order-live.js';

export interface OrderLiveSignals {
  status: Accessor<OrderStatusBody | undefined>;
  returnRequest: Accessor<ReturnRequestBody | null>;
  mode: Accessor<LiveMode>;
  error: Accessor<string | null>;
  refresh: () => Promise<void>;
  applyReturnRequest: (request: ReturnRequestBody) => void;
}

export interface CreateOrderLiveOptions {
  initial?: OrderStatusBody;
  initialReturnRequest?: ReturnRequestBody | null;
  fetchReturnRequest?: () => Promise<ReturnRequestBody | null>;
  fetchStatus?: (orderId: number) => Promise<OrderStatusBody>;
  createSocket?: SocketFactory;
}

export function createOrderLive(orderId: number, options: CreateOrderLiveOptions = {}): OrderLiveSignals {
  const live = startOrderLive({
    orderId,
    initial: options.initial,
    initialReturnRequest: options.initialReturnRequest,
    fetchReturnRequest: options.fetchReturnRequest,
    fetchStatus: options.fetchStatus ?? fetchOrderStatus,
    createSocket: options.createSocket ?? createAppSocket,
  });
  const first = live.getState();
  const [status, setStatus] = createSignal(first.status);
  const [returnRequest, setReturnRequest] = createSignal(first.returnRequest);
  const [mode, setMode] = createSignal(first.mode);
  const [error, setError] = createSignal(first.error);
  const unsubscribe = live.subscribe((state) => {
    setStatus(() => state.status);
    setReturnRequest(() => state.returnRequest);
    setMode(state.mode);
    setError(state.error);
  });
  onCleanup(() => {
    unsubscribe();
    live.stop();
  });
  return { status, returnRequest, mode, error, refresh: live.refresh, applyReturnRequest: live.applyReturnRequest };
}

/** The options that make a live order follow its return request too, starting from the order's full body. */
export function followReturnRequest(order: OrderDetailBody): Pick<CreateOrderLiveOptions, 'initialReturnRequest' | 'fetchReturnRequest'> {
  return {
    initialReturnRequest: order.return_request ?? null,
    fetchReturnRequest: async () => (await fetchOrder(order.order_number)).return_request ?? null,
  };
}

/** The tracker's part of an order's full body: what the live order starts from. */
export function statusBodyOf(order: OrderDetailBody): OrderStatusBody {
  const { order_id, order_number, status, status_label, status_emoji, progress_step, version, updated_at, history, shipment } = order;
  return { order_id, order_number, status, status_label, status_emoji, progress_step, version, updated_at, history, shipment };
}
