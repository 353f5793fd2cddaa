/**
 * One connection for all the live views of a page (the checkout page's trackers, one per
 * order). Each view takes a share: a LiveSocket of its own — its listeners, its emits — over
 * the one connection, which it ends with `disconnect()` as it would end a socket of its own.
 * The connection opens with the first share and closes when the last one is ended, or when
 * the page closes it.
 */
import { emitOn, type LiveSocket, type LiveSocketEmit, type SocketFactory } from './live-socket.js';
import { StandInSocket } from './socket-listeners.js';

export interface SharedSocket {
  /** A share of the connection, opening it if it is not open. */
  share: SocketFactory;
  /** Closes the connection whatever shares are left. */
  close(): void;
}

export function shareSocket(createSocket: SocketFactory): SharedSocket {
  let socket: LiveSocket | undefined;
  let shares = 0;
  const close = () => {
    const closing = socket;
    socket = undefined;
    shares = 0;
    closing?.disconnect();
  };
  return {
    share() {
      const connection = (socket ??= createSocket());
      shares += 1;
      return new SocketShare(connection, () => {
        if (socket !== connection) return;
        shares -= 1;
        if (shares === 0) close();
      });
    },
    close,
  };
}

class SocketShare extends StandInSocket implements LiveSocket {
  private readonly unfollow: () => void;
  private ended = false;

  constructor(
    private readonly connection: LiveSocket,
    private readonly onEnd: () => void,
  ) {
    super();
    this.unfollow = this.listeners.follow(connection);
  }

  get connected(): boolean {
    return !this.ended && this.connection.connected;
  }

  get active(): boolean {
    return !this.ended && this.connection.active;
  }

  emit(...emit: LiveSocketEmit): this {
    if (!this.ended) emitOn(this.connection, emit);
    return this;
  }

  /** Asks the connection to try again (the supervisor does after socket.io-client gave up). */
  connect(): this {
    if (!this.ended) this.connection.connect();
    return this;
  }

  disconnect(): this {
    if (this.ended) return this;
    this.ended = true;
    this.unfollow();
    this.onEnd();
    return this;
  }
}
