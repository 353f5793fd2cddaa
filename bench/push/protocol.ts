/** Messages between the push bench and its client workers (IPC). */

export interface SocketTarget {
  /** Base URL of the node this socket connects to. */
  url: string;
  orderId: number;
  /** Cookie header (our server) — or null for the floor, which takes `room` instead. */
  cookie: string | null;
  /** Room to join by query parameter (floor server only). */
  room: string | null;
  /** Emit order:watch {order_id} and wait for {ok:true} (our server). */
  watch: boolean;
}

export type ToWorker =
  | { type: 'connect'; targets: SocketTarget[]; batch: number; timeoutMs: number }
  | { type: 'record' }
  | { type: 'count' }
  | { type: 'collect' }
  | { type: 'close' };

export type FromWorker =
  | { type: 'connected'; ok: number; failed: number; retries: number; firstError: string | null; ms: number }
  | { type: 'count'; received: number; disconnects: number }
  | {
      type: 'events';
      /** Per received order:status: its order_id, version, the order the socket was opened for, and the receive time (ns, CLOCK_MONOTONIC). */
      orderIds: number[];
      versions: number[];
      socketOrderIds: number[];
      times: number[];
      disconnects: number;
      /** This worker's own event-loop delay while recording (ms): a busy client inflates latency. */
      loopMaxMs: number;
      loopP99Ms: number;
      cpuMs: number;
      rssBytes: number;
    };
