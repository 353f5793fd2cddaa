/**
 * The real socket: same origin, websocket only, session cookie sent with the handshake.
 * socket.io-client (≈ 14 kB gzipped) is its own chunk, fetched when a page first goes live
 * rather than before the page can paint (see deferred-socket.ts).
 */
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/contract/api.js';
import { DeferredSocket } from './deferred-socket.js';
import type { LiveSocket } from './live-socket.js';

export function createAppSocket(): LiveSocket {
  return new DeferredSocket(async () => {
    const { io } = await import('socket.io-client');
    return () => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
        path: '/socket.io',
        transports: ['websocket'],
        withCredentials: true,
        // A WebSocket closed before the Socket.IO handshake completes raises no error: the
        // client only gives up on the attempt at this timeout (20 s by default), then retries.
        timeout: 8_000,
      });
      return socket;
    };
  });
}
