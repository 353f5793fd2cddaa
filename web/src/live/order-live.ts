/**
 * One order kept current: watches it over the socket, applies pushes that are newer than
 * anything seen, and falls back to polling GET /api/order-status/:id while the socket is
 * down. No UI framework here; create-order-live.ts adapts it to Solid signals.
 *
 * Given `fetchReturnRequest`, it keeps the order's return request current too: from the
 * `return:requested` / `return:decided` pushes (they reach the buyer's and the seller's rooms,
 * which every socket of theirs is in), and fetched with each resync while the order is one a
 * request can concern (delivered or returned).
 */
import type { OrderStatusBody, OrderStatusEvent, ReturnEventBody, ReturnRequestBody, WatchAck } from '../../../server/contract/api.js';
import type { OrderStatus } from '../../../server/domain/order-status.js';
import { errorMessage } from '../api/api-client.js';
import { isNewerReturnRequest } from '../api/returns-api.js';
import { superviseConnection } from './connection-supervisor.js';
import type { LiveMode, SocketFactory } from './live-socket.js';
import { observableState } from './observable-state.js';
import type { VisibilitySource } from './visibility.js';

/** The statuses of an order a return request can concern. */
const RETURN_STATUSES: readonly OrderStatus[] = ['delivered', 'returned'];

export interface OrderLiveState {
  status: OrderStatusBody | undefined;
  /** The order's latest return request; null when there is none (or none is tracked). */
  returnRequest: ReturnRequestBody | null;
  mode: LiveMode;
  error: string | null;
}

export interface OrderLiveOptions {
  orderId: number;
  fetchStatus: (orderId: number) => Promise<OrderStatusBody>;
  createSocket: SocketFactory;
  initial?: OrderStatusBody;
  initialReturnRequest?: ReturnRequestBody | null;
  /** The order's latest return request, fetched; without it return requests are not followed. */
  fetchReturnRequest?: () => Promise<ReturnRequestBody | null>;
  /** Tests only; the product polls every 30 s. */
  pollIntervalMs?: number;
  visibility?: VisibilitySource;
}

export interface OrderLive {
  getState(): OrderLiveState;
  subscribe(listener: (state: OrderLiveState) => void): () => void;
  /** Fetch the current status now (after the buyer acted, for instance). */
  refresh(): Promise<void>;
  /** A return request the page got from its own request (POST), applied when it is news. */
  applyReturnRequest(request: ReturnRequestBody): void;
  stop(): void;
}

export function startOrderLive(options: OrderLiveOptions): OrderLive {
  const { orderId } = options;
  const state = observableState<OrderLiveState>({
    status: options.initial,
    returnRequest: options.initialReturnRequest ?? null,
    mode: 'connecting',
    error: null,
  });
  let highestVersion = options.initial?.version ?? -1;
  let stopped = false;

  const applyBody = (body: OrderStatusBody) => {
    // An equal version may still carry more detail (history notes, shipment) than a push did.
    if (stopped || body.order_id !== orderId || body.version < highestVersion) return;
    highestVersion = body.version;
    state.update({ status: body, error: null });
  };

  const applyReturnRequest = (request: ReturnRequestBody | null) => {
    if (stopped || (request && request.order_id !== orderId) || !isNewerReturnRequest(state.get().returnRequest, request)) return;
    state.update({ returnRequest: request });
  };

  const refresh = async () => {
    try {
      const body = await options.fetchStatus(orderId);
      applyBody(body);
      if (options.fetchReturnRequest && RETURN_STATUSES.includes(body.status)) applyReturnRequest(await options.fetchReturnRequest());
    } catch (error) {
      if (!stopped) state.update({ error: errorMessage(error) });
    }
  };

  const applyEvent = (event: OrderStatusEvent) => {
    if (event.order_id !== orderId || event.version <= highestVersion) return;
    highestVersion = event.version;
    const current = state.get().status;
    if (current) {
      const { order_id, order_number, status, status_label, status_emoji, progress_step, version, updated_at } = event;
      state.update({
        status: {
          ...current,
          order_id,
          order_number,
          status,
          status_label,
          status_emoji,
          progress_step,
          version,
          updated_at,
          history: [...current.history, { status, at: updated_at, buyer_message: null }],
        },
      });
    }
    // The push has no shipment or buyer message: fill them in from the full body.
    void refresh();
  };

  const handleWatchAck = (ack: WatchAck) => {
    if (ack.ok) applyBody(ack.order);
    else if (!stopped) state.update({ error: 'This order could not be found for your account.' });
  };

  const applyReturnEvent = (event: ReturnEventBody) => {
    if (event.order_id === orderId) applyReturnRequest(event.return_request);
  };

  const socket = options.createSocket();
  socket.on('order:status', applyEvent);
  if (options.fetchReturnRequest) {
    socket.on('return:requested', applyReturnEvent);
    socket.on('return:decided', applyReturnEvent);
  }

  const supervisor = superviseConnection({
    socket,
    pollIntervalMs: options.pollIntervalMs,
    visibility: options.visibility,
    onConnect: () => {
      socket.emit('order:watch', { order_id: orderId }, handleWatchAck);
      void refresh();
    },
    onResync: () => void refresh(),
    onModeChange: (mode) => state.update({ mode }),
  });
  state.update({ mode: supervisor.mode() });

  return {
    getState: state.get,
    subscribe: state.subscribe,
    refresh,
    applyReturnRequest,
    stop() {
      stopped = true;
      socket.off('order:status', applyEvent);
      socket.off('return:requested', applyReturnEvent);
      socket.off('return:decided', applyReturnEvent);
      supervisor.stop();
    },
  };
}
