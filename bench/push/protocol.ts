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
  | {
      type: 'connect';
      targets: SocketTarget[];
      batch: number;
      timeoutMs: number;
      /** Loopback source address of every socket of this worker (127.0.0.2, …): its own ephemeral port range. */
      localAddress: string;
    }
  | { type: 'record' }
  | { type: 'count' }
  | { type: 'collect' }
  | { type: 'close' };

/** A connect error message and how many sockets ended on it. */
export interface ConnectError {
  message: string;
  count: number;
}

export type FromWorker =
  /** Sent every few seconds while connecting. */
  | { type: 'progress'; ok: number; failed: number }
  | {
      type: 'connected';
      ok: number;
      failed: number;
      retries: number;
      /** The first distinct messages of the attempts that failed (retried ones included), with counts. */
      errors: ConnectError[];
      /** The orders whose socket could not be opened: no event is owed to them. */
      failedOrderIds: number[];
      ms: number;
    }
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
