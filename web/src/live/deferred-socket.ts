/**
 * A socket that exists at once for a client that loads later: socket.io-client is fetched
 * when a page first goes live, so the page paints from its first fetch without waiting for
 * it. Until the client is there the socket is not connected but still trying (`active`): the
 * supervisor says "connecting" and polls as it would during any first handshake. A client
 * that cannot be fetched is a `connect_error` (the page polls); the next `connect()` fetches
 * it again.
 */
import { emitOn, type LiveSocket, type LiveSocketEmit, type SocketFactory } from './live-socket.js';
import { StandInSocket } from './socket-listeners.js';

export class DeferredSocket extends StandInSocket implements LiveSocket {
  private socket: LiveSocket | undefined;
  private loading = false;
  /** Like socket.io-client's own sockets, it connects unless told to disconnect. */
  private wanted = true;
  /** Emits made before the client arrived, sent once it has (socket.io-client buffers them the same way). */
  private readonly queued: LiveSocketEmit[] = [];

  constructor(private readonly loadClient: () => Promise<SocketFactory>) {
    super();
    this.fetchClient();
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  get active(): boolean {
    return this.socket ? this.socket.active : this.loading;
  }

  emit(...emit: LiveSocketEmit): this {
    if (this.socket) emitOn(this.socket, emit);
    else this.queued.push(emit);
    return this;
  }

  connect(): this {
    this.wanted = true;
    if (this.socket) this.socket.connect();
    else if (!this.loading) this.fetchClient();
    return this;
  }

  disconnect(): this {
    this.wanted = false;
    this.queued.length = 0;
    this.socket?.disconnect();
    return this;
  }

  private fetchClient(): void {
    this.loading = true;
    this.loadClient().then(
      (createSocket) => {
        this.loading = false;
        if (!this.wanted) return;
        const socket = createSocket();
        this.socket = socket;
        this.listeners.follow(socket);
        for (const emit of this.queued.splice(0)) emitOn(socket, emit);
      },
      (error: unknown) => {
        this.loading = false;
        if (this.wanted) this.listeners.fire('connect_error', error instanceof Error ? error : new Error(String(error)));
      },
    );
  }
}
